/**
 * Who may see and change the money. Staff read and write everything; payments and the journal
 * are staff-only (the default). A partner agency sees the sale contracts of its own clients
 * (the `agency` relation the agencies plugin adds to saleContract) — price and dates, never the
 * deposit arithmetic of other parties — and changes nothing.
 */
import { definePolicy, type Principal } from '../core/access/index';
import { saleContract } from './schema';

export const PARTNER_CONTRACT_FIELDS: readonly string[] = [
  'unit',
  'buyer',
  'agency',
  'lot',
  'number',
  'plannedDate',
  'signedAt',
  'price',
  'status',
];

const isStaff = (p: Principal) => p.kind === 'staff' || p.kind === 'system';

export const saleContractPolicy = definePolicy(saleContract, {
  read: (p) => (isStaff(p) ? 'all' : p.kind === 'partner' ? { agencyId: [p.agencyId] } : 'none'),
  fields: (p) => (p.kind === 'partner' ? PARTNER_CONTRACT_FIELDS : 'all'),
  write: (p) => (isStaff(p) ? true : 'договоры меняют только сотрудники'),
});

export const paymentsPolicies = [saleContractPolicy];
