/**
 * The sales plan: one value per month, complex (or all complexes) and metric, in versions — the
 * active records are the plan in force; saving from the calculator or importing a workbook writes
 * the next version and deactivates the previous one.
 */
import { defineField, defineObject } from '../core/index';
import { residentialComplex } from '../registry/index';
import { METRIC_OPTIONS } from './vocabulary';

export const salesPlan = defineObject({
  nameSingular: 'salesPlan',
  namePlural: 'salesPlans',
  labelSingular: 'Sales Plan',
  labelPlural: 'Sales Plans',
  description: 'A monthly sales plan value per residential complex and metric (units, m², revenue, receipts)',
  icon: 'IconTargetArrow',
  fields: {
    name: defineField.text({
      label: 'Name',
      description: 'e.g. «План 03.2026 · ЖК Северный · Выручка · v2»',
    }),
    periodMonth: defineField.date({ label: 'Month', description: 'The first day of the planned month' }),
    complex: defineField.relation({
      label: 'Residential complex',
      description: 'Empty: the plan of all complexes together',
      target: residentialComplex,
      inverseName: 'salesPlans',
      inverseLabel: 'Sales Plans',
    }),
    metric: defineField.select({ label: 'Metric', options: METRIC_OPTIONS, defaultValue: 'UNITS' }),
    planValue: defineField.number({ label: 'Plan value', decimals: 2 }),
    version: defineField.number({ label: 'Version', decimals: 0 }),
    active: defineField.boolean({
      label: 'Active',
      description: 'In force (the latest version)',
      defaultValue: true,
    }),
  },
});

export const planfactObjects = [salesPlan] as const;
