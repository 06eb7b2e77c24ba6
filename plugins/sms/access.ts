/**
 * Who sees campaigns and messages: staff (marketing works with them; the call centre and sales may
 * look at what a client received); partners and anonymous callers nothing. Staff write through
 * the operations, which admit marketing and admins.
 */
import { definePolicy, type Principal } from '../core/access/index';
import { smsCampaign, smsMessage } from './schema';

const isStaff = (p: Principal) => p.kind === 'staff' || p.kind === 'system';

export const smsCampaignPolicy = definePolicy(smsCampaign, {
  read: (p) => (isStaff(p) ? 'all' : 'none'),
  write: (p) => (isStaff(p) ? true : 'рассылки меняют только сотрудники'),
});

export const smsMessagePolicy = definePolicy(smsMessage, {
  read: (p) => (isStaff(p) ? 'all' : 'none'),
  write: (p) => (isStaff(p) ? true : 'сообщения пишет только отправка рассылок'),
});

export const smsPolicies = [smsCampaignPolicy, smsMessagePolicy];
