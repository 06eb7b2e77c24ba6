/**
 * Who sees revenue: management-side staff — admin, finance and sales (the
 * consultancy's partners and managers) — read and write scenarios, lines and
 * allocations; the rates are read by them and written only by the project
 * itself (`realty rates`, the daily job) or an admin. Everyone else (call
 * center, marketing, legal, agencies, anonymous callers) sees nothing. When
 * the teams plugin is enabled it ANDs its project-team grants onto these rows
 * for non-admin staff through the access layer's restrictions.
 */
import { definePolicy, type Principal } from '../core/access/index';
import { department, exchangeRate, revenueAllocation, revenuePlanLine, revenueScenario } from './schema';

export const REVENUE_ROLES = ['admin', 'finance', 'sales'] as const;

const revenueStaff = (p: Principal): boolean =>
  p.kind === 'system' || (p.kind === 'staff' && (REVENUE_ROLES as readonly string[]).includes(p.role));

const plannerPolicy = (
  object: typeof revenueScenario | typeof revenuePlanLine | typeof revenueAllocation | typeof department,
) =>
  definePolicy(object, {
    read: (p) => (revenueStaff(p) ? 'all' : 'none'),
    write: (p) => (revenueStaff(p) ? true : 'only admin, finance and sales plan revenue'),
  });

export const revenuePolicies = [
  plannerPolicy(department),
  plannerPolicy(revenueScenario),
  plannerPolicy(revenuePlanLine),
  plannerPolicy(revenueAllocation),
  definePolicy(exchangeRate, {
    read: (p) => (revenueStaff(p) ? 'all' : 'none'),
    write: (p) =>
      p.kind === 'system' || (p.kind === 'staff' && p.role === 'admin')
        ? true
        : 'exchange rates come from the Central Bank of Russia (`realty rates`); only an admin corrects them',
  }),
];
