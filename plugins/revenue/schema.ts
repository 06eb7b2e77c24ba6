/**
 * The revenue data model: departments, a deal's (opportunity's) revenue
 * scenarios with their plan lines, the allocation of revenue to departments
 * and people, and the Central Bank of Russia's rates. Names avoid Twenty's
 * reserved words (contract C15): `kind` not `type`. `validationIssue` is where
 * the handlers flag a record created or edited in Twenty's own UI that breaks
 * a rule (two primaries, shares not 100 %, an unknown currency…).
 */
import type { ObjectRef } from '../../sdk/index';
import { defineField, defineObject } from '../core/plugin/index';
import type { SPLIT_TYPES } from './rules/allocation';
import type { LINE_STATUSES, SCENARIO_KINDS } from './rules/forecast';

export const SCENARIO_KIND_OPTIONS = [
  { value: 'BASE', label: 'Base', color: 'blue' },
  { value: 'OPTIMISTIC', label: 'Optimistic', color: 'green' },
  { value: 'PESSIMISTIC', label: 'Pessimistic', color: 'orange' },
  { value: 'CUSTOM', label: 'Custom', color: 'gray' },
] as const satisfies readonly { value: (typeof SCENARIO_KINDS)[number]; label: string; color: string }[];

export const LINE_STATUS_OPTIONS = [
  { value: 'PLANNED', label: 'Planned', color: 'sky' },
  { value: 'INVOICED', label: 'Invoiced', color: 'yellow' },
  { value: 'RECEIVED', label: 'Received', color: 'green' },
] as const satisfies readonly { value: (typeof LINE_STATUSES)[number]; label: string; color: string }[];

export const SPLIT_TYPE_OPTIONS = [
  { value: 'REVENUE', label: 'Revenue split (totals 100 %)', color: 'blue' },
  { value: 'OVERLAY', label: 'Overlay (on top, not totalled)', color: 'purple' },
] as const satisfies readonly { value: (typeof SPLIT_TYPES)[number]; label: string; color: string }[];

const validationIssue = () =>
  defineField.text({
    label: 'Validation issue',
    icon: 'IconAlertTriangle',
    description: 'Set by twenty-realty when the record breaks a revenue rule; empty when it is fine',
  });

export const department = defineObject({
  nameSingular: 'department',
  namePlural: 'departments',
  labelSingular: 'Department',
  labelPlural: 'Departments',
  description: 'A department (practice) that earns a share of a deal’s revenue',
  icon: 'IconHierarchy',
  fields: {
    name: defineField.text({ label: 'Name' }),
    parent: defineField.relation({
      label: 'Parent department',
      icon: 'IconHierarchy2',
      target: (): ObjectRef<unknown> => department,
      inverseName: 'subDepartments',
      inverseLabel: 'Sub-departments',
    }),
    head: defineField.relation({
      label: 'Head',
      icon: 'IconUserStar',
      target: 'workspaceMember',
      inverseName: 'headedDepartments',
      inverseLabel: 'Headed departments',
    }),
  },
});

export const revenueScenario = defineObject({
  nameSingular: 'revenueScenario',
  namePlural: 'revenueScenarios',
  labelSingular: 'Revenue Scenario',
  labelPlural: 'Revenue Scenarios',
  description: 'One forecast of when a deal’s money comes; a deal has several, exactly one primary',
  icon: 'IconChartLine',
  fields: {
    name: defineField.text({ label: 'Name' }),
    opportunity: defineField.relation({
      label: 'Deal',
      icon: 'IconTargetArrow',
      target: 'opportunity',
      inverseName: 'revenueScenarios',
      inverseLabel: 'Revenue scenarios',
      onDelete: 'CASCADE',
    }),
    kind: defineField.select({ label: 'Kind', options: SCENARIO_KIND_OPTIONS, defaultValue: 'BASE' }),
    probability: defineField.numeric({
      label: 'Probability, %',
      icon: 'IconPercentage',
      description: 'Weight of this scenario in the portfolio forecast (0–100); empty counts as 100',
    }),
    isPrimary: defineField.boolean({ label: 'Primary', icon: 'IconStar', defaultValue: false }),
    validationIssue: validationIssue(),
  },
});

export const revenuePlanLine = defineObject({
  nameSingular: 'revenuePlanLine',
  namePlural: 'revenuePlanLines',
  labelSingular: 'Revenue Plan Line',
  labelPlural: 'Revenue Plan Lines',
  description: 'An expected payment of a scenario: due date, amount in any currency, what was received',
  icon: 'IconCalendarDollar',
  fields: {
    scenario: defineField.relation({
      label: 'Scenario',
      icon: 'IconChartLine',
      target: revenueScenario,
      inverseName: 'planLines',
      inverseLabel: 'Plan lines',
      onDelete: 'CASCADE',
    }),
    dueDate: defineField.date({ label: 'Due date', icon: 'IconCalendar' }),
    amount: defineField.currency({ label: 'Amount', defaultValue: { currencyCode: 'RUB' } }),
    status: defineField.select({ label: 'Status', options: LINE_STATUS_OPTIONS, defaultValue: 'PLANNED' }),
    receivedDate: defineField.date({ label: 'Received date', icon: 'IconCalendarCheck' }),
    receivedAmount: defineField.currency({ label: 'Received amount', defaultValue: { currencyCode: 'RUB' } }),
    validationIssue: validationIssue(),
  },
});

export const revenueAllocation = defineObject({
  nameSingular: 'revenueAllocation',
  namePlural: 'revenueAllocations',
  labelSingular: 'Revenue Allocation',
  labelPlural: 'Revenue Allocations',
  description: 'A share of a deal’s (or one scenario’s) revenue credited to a department and/or a person',
  icon: 'IconChartPie',
  fields: {
    opportunity: defineField.relation({
      label: 'Deal',
      icon: 'IconTargetArrow',
      target: 'opportunity',
      inverseName: 'revenueAllocations',
      inverseLabel: 'Revenue allocations',
      onDelete: 'CASCADE',
    }),
    scenario: defineField.relation({
      label: 'Scenario',
      icon: 'IconChartLine',
      target: revenueScenario,
      inverseName: 'allocations',
      inverseLabel: 'Allocations',
      onDelete: 'CASCADE',
    }),
    department: defineField.relation({
      label: 'Department',
      icon: 'IconHierarchy',
      target: department,
      inverseName: 'allocations',
      inverseLabel: 'Allocations',
    }),
    member: defineField.relation({
      label: 'Member',
      icon: 'IconUser',
      target: 'workspaceMember',
      inverseName: 'revenueAllocations',
      inverseLabel: 'Revenue allocations',
    }),
    sharePercent: defineField.numeric({ label: 'Share, %', icon: 'IconPercentage' }),
    fixedAmount: defineField.currency({ label: 'Fixed amount', defaultValue: { currencyCode: 'RUB' } }),
    splitType: defineField.select({
      label: 'Split type',
      options: SPLIT_TYPE_OPTIONS,
      defaultValue: 'REVENUE',
    }),
    // `role` is reserved by Twenty's metadata names (contract C15): the brief's `role` is `roleOnDeal`.
    roleOnDeal: defineField.text({
      label: 'Role on the deal',
      description: 'The person’s or department’s role on the deal',
    }),
    validationIssue: validationIssue(),
  },
});

export const exchangeRate = defineObject({
  nameSingular: 'exchangeRate',
  namePlural: 'exchangeRates',
  labelSingular: 'Exchange Rate',
  labelPlural: 'Exchange Rates',
  description: 'The Central Bank of Russia’s official rate: RUB per `nominal` units, in force from `date`',
  icon: 'IconCurrencyRubel',
  fields: {
    date: defineField.date({
      label: 'Date',
      description: 'The date the rate is in force from (ValCurs@Date)',
    }),
    currencyCode: defineField.text({ label: 'Currency', description: 'ISO 4217 letter code (CharCode)' }),
    rate: defineField.numeric({ label: 'Rate', description: 'RUB per nominal units (Value), exact decimal' }),
    nominal: defineField.number({
      label: 'Nominal',
      decimals: 0,
      description: 'Units the rate is quoted for (100 for JPY, KZT)',
    }),
    source: defineField.text({
      label: 'Source',
      description: 'Where the rate came from (the bank’s URL or file)',
    }),
  },
});

/** In dependency order: a relation's target comes before the object pointing at it. */
export const revenueObjects = [
  department,
  revenueScenario,
  revenuePlanLine,
  revenueAllocation,
  exchangeRate,
] as const;
