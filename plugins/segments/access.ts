/**
 * Who sees and changes segments: staff (marketing builds them, sales and the call centre work on
 * them); partners and anonymous callers nothing. Writes go through the operations, whose roles
 * say who may do what.
 */
import { definePolicy, type Principal } from '../core/access/index';
import { segment, segmentMember, segmentStageChange } from './schema';

const isStaff = (p: Principal) => p.kind === 'staff' || p.kind === 'system';
const staffOnly = { read: (p: Principal) => (isStaff(p) ? 'all' : 'none') } as const;

export const segmentPolicies = [
  definePolicy(segment, {
    ...staffOnly,
    write: (p) => (isStaff(p) ? true : 'сегменты меняют только сотрудники'),
  }),
  definePolicy(segmentMember, {
    ...staffOnly,
    write: (p) => (isStaff(p) ? true : 'состав сегмента меняют только сотрудники'),
  }),
  definePolicy(segmentStageChange, {
    ...staffOnly,
    write: (p) => (isStaff(p) ? true : 'этапы сегмента меняют только сотрудники'),
  }),
];
