/**
 * A restriction on an object notes-demo does not own: legal staff see only the companies that have
 * demo notes enabled (the field this plugin adds to Twenty's `company`). Teams and holdings replicate
 * companies; `whenPresent` keeps the registry valid when neither is installed.
 */
import { defineRestriction } from '../../plugins/core/access/index';

export const legalSeesNoteCompanies = defineRestriction('company', {
  description: 'legal staff see only the companies with demo notes enabled',
  read: (principal) =>
    principal.kind === 'staff' && principal.role === 'legal' ? { demoNotesEnabled: [true] } : 'all',
  whenPresent: true,
});
