/**
 * The staff roles as people read them: a Russian name for the header ("who is
 * signed in") and one line on what the role is for, printed by
 * `realty staff-token` when no role is given. The roles themselves are
 * defined once, in core/auth; pages and routes say which roles they admit.
 */
import type { StaffRole } from '../auth/index';

export interface StaffRoleInfo {
  /** «администратор» — shown after the e-mail in the header. */
  readonly ru: string;
  /** What the role is for, in a line. */
  readonly does: string;
}

export const STAFF_ROLE_INFO: Readonly<Record<StaffRole, StaffRoleInfo>> = Object.freeze({
  admin: {
    ru: 'администратор',
    does: 'every page and API, the operator endpoints (queue, jobs, resync) and approvals of held price changes',
  },
  sales: { ru: 'продажи', does: 'sales managers: the pages and APIs that admit sales' },
  finance: { ru: 'финансы', does: 'finance: the pages and APIs that admit finance' },
  callcenter: { ru: 'колл-центр', does: 'call-centre operators: the pages and APIs that admit callcenter' },
  marketing: { ru: 'маркетинг', does: 'marketing: the pages and APIs that admit marketing' },
  legal: { ru: 'юристы', does: 'lawyers: the pages and APIs that admit legal' },
});

export function staffRoleRu(role: StaffRole): string {
  return STAFF_ROLE_INFO[role]?.ru ?? role;
}
