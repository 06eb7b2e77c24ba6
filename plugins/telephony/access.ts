/**
 * Who may see and change call cards: staff read them (the call center, sales and managers look a
 * client's calls up); the call center and admins write notes and outcomes. Partners and anonymous
 * callers — the PBX's webhook included — get nothing: the webhook keeps its events in the plugin's
 * own tables and the cards are written by the operator's page or the sync job.
 */
import { definePolicy } from '../core/access/index';
import { phoneCall } from './schema';

export const CALL_WRITERS = ['admin', 'callcenter'] as const;

export const phoneCallPolicy = definePolicy(phoneCall, {
  read: (p) => (p.kind === 'staff' || p.kind === 'system' ? 'all' : 'none'),
  write: (p) =>
    p.kind === 'system' || (p.kind === 'staff' && (CALL_WRITERS as readonly string[]).includes(p.role))
      ? true
      : 'call cards are written by the call center',
});
