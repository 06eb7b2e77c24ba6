/**
 * Who may read notes: finance (and admins) all of them, sales only those for
 * everyone, anybody else none. Writes: finance only.
 */
import { definePolicy, type Principal } from '../../plugins/core/access/index';
import { demoNote } from './schema';

const roleOf = (principal: Principal) => (principal.kind === 'staff' ? principal.role : undefined);

export const demoNotePolicy = definePolicy(demoNote, {
  read(principal) {
    if (principal.kind === 'system') return 'all';
    const role = roleOf(principal);
    if (role === 'admin' || role === 'finance') return 'all';
    if (role === 'sales') return { audience: ['EVERYONE'] };
    return 'none';
  },
  fields: (principal) => (roleOf(principal) === 'sales' ? ['title', 'audience', 'building'] : 'all'),
  write: (principal) =>
    roleOf(principal) === 'finance' || roleOf(principal) === 'admin' ? true : 'only finance edits notes',
});
