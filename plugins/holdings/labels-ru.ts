/** Holdings' fields on companies in Twenty's screens in Russian (`REALTY_LOCALE=ru`, the default). */
import { defineLabels } from '../core/plugin/index';

export const holdingsLabelsRu = defineLabels({
  company: {
    fields: {
      parentCompany: { label: 'Головная компания', inverseLabel: 'Дочерние компании' },
      holdingPage: { label: 'Холдинг' },
    },
  },
});
