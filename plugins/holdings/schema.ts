/**
 * Holdings: a company's parent company (`parentCompany`, with `subsidiaries` as Twenty's inverse)
 * and a link from the company in Twenty to its holding page (`holdingPage`).
 */
import { defineField, extendObject } from '../core/plugin/index';

export const companyHoldingFields = extendObject('company', {
  fields: {
    parentCompany: defineField.relation({
      label: 'Parent company',
      icon: 'IconHierarchy',
      target: 'company',
      inverseName: 'subsidiaries',
      inverseLabel: 'Subsidiaries',
    }),
    holdingPage: defineField.links({ label: 'Holding', icon: 'IconHierarchy2' }),
  },
});
