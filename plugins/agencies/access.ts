/**
 * Who may see and change the agencies' objects (DESIGN.md "Access control").
 *
 * Staff read and write everything. A partner (an agency user the gateway signed in) sees:
 * - its own agency (name, status, accreditation, commission — not the staff counters);
 * - its own agency's grants and users (not other agencies');
 * - its own agency's bookings, without the staff's internal note.
 * A partner may create a booking only for its own agency, as REQUESTED (the writer refuses any
 * other agency or status, and fields it cannot see — the internal note); it changes nothing else.
 */
import { definePolicy, type PartnerPrincipal, type Principal, type RowRule } from '../core/access/index';
import { agency, agencyAccess, agencyUser, booking } from './schema';

export const PARTNER_AGENCY_FIELDS: readonly string[] = [
  'name',
  'accreditationNumber',
  'accreditedFrom',
  'accreditedUntil',
  'status',
  'commissionPercent',
];
export const PARTNER_ACCESS_FIELDS: readonly string[] = [
  'agency',
  'complex',
  'building',
  'section',
  'kinds',
  'statuses',
  'validFrom',
  'validTo',
  'fieldLevel',
];
export const PARTNER_USER_FIELDS: readonly string[] = ['agency', 'name', 'userRole', 'active'];
export const PARTNER_BOOKING_FIELDS: readonly string[] = [
  'unit',
  'agency',
  'agencyUser',
  'clientName',
  'clientPhone',
  'clientEmail',
  'status',
  'requestedAt',
  'comment',
];

const isStaff = (p: Principal) => p.kind === 'staff' || p.kind === 'system';

function byPrincipal(partner: (p: PartnerPrincipal) => RowRule) {
  return (p: Principal): RowRule => (isStaff(p) ? 'all' : p.kind === 'partner' ? partner(p) : 'none');
}
const partnerFields = (fields: readonly string[]) => (p: Principal) =>
  p.kind === 'partner' ? fields : 'all';
const staffWrites = (p: Principal) => (isStaff(p) ? true : 'only staff change agencies, grants and users');

export const agencyPolicy = definePolicy(agency, {
  read: byPrincipal((p) => ({ id: [p.agencyId] })),
  fields: partnerFields(PARTNER_AGENCY_FIELDS),
  write: staffWrites,
});

export const agencyAccessPolicy = definePolicy(agencyAccess, {
  read: byPrincipal((p) => ({ agencyId: [p.agencyId] })),
  fields: partnerFields(PARTNER_ACCESS_FIELDS),
  write: staffWrites,
});

export const agencyUserPolicy = definePolicy(agencyUser, {
  read: byPrincipal((p) => ({ agencyId: [p.agencyId] })),
  fields: partnerFields(PARTNER_USER_FIELDS),
  write: staffWrites,
});

export const bookingPolicy = definePolicy(booking, {
  read: byPrincipal((p) => ({ agencyId: [p.agencyId] })),
  fields: partnerFields(PARTNER_BOOKING_FIELDS),
  write: (p, intent) => {
    if (isStaff(p)) return true;
    if (p.kind !== 'partner') return 'only staff and agencies file bookings';
    if (intent.action !== 'create') return 'an agency files booking requests; staff confirm or reject them';
    const values = intent.values ?? {};
    if (values.agencyId !== p.agencyId) return 'an agency files bookings for itself only';
    if (values.status !== undefined && values.status !== 'REQUESTED')
      return 'a booking is filed as REQUESTED; staff decide on it';
    return true;
  },
});

export const agencyPolicies = [agencyPolicy, agencyAccessPolicy, agencyUserPolicy, bookingPolicy];
