/**
 * Who sees and sets the sales plan: management-side staff (admin, finance, sales) read the plan and
 * the facts; admin and finance set it (import, the calculator's new version, edits in Twenty).
 * Everyone else — call centre, marketing, legal, agencies — sees nothing.
 */
import { definePolicy, type Principal } from '../core/access/index';
import { salesPlan } from './schema';

export const PLANFACT_ROLES = ['admin', 'finance', 'sales'] as const;
export const PLANFACT_WRITERS = ['admin', 'finance'] as const;

const reads = (p: Principal) =>
  p.kind === 'system' || (p.kind === 'staff' && (PLANFACT_ROLES as readonly string[]).includes(p.role));
const writes = (p: Principal) =>
  p.kind === 'system' || (p.kind === 'staff' && (PLANFACT_WRITERS as readonly string[]).includes(p.role));

export const salesPlanPolicy = definePolicy(salesPlan, {
  read: (p) => (reads(p) ? 'all' : 'none'),
  write: (p) => (writes(p) ? true : 'план продаж задают администратор и финансовая служба'),
});

export const planfactPolicies = [salesPlanPolicy];
