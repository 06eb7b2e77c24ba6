import { DEFAULT_ROLE_UID } from 'src/identifiers';
import { defineApplicationRole } from 'twenty-sdk/define';

// The embed function only signs who is asking; the timeline functions read the lot, the application or
// the payment a new record points at (to find its auction and payer) and write timeline entries.
// So the role reads records and changes none.
export default defineApplicationRole({
  universalIdentifier: DEFAULT_ROLE_UID,
  label: 'twenty-realty',
  description:
    'Подписывает токен участника для страниц twenty-realty и пишет события на ленты записей; записи читает, но не меняет',
  canReadAllObjectRecords: true,
  canUpdateAllObjectRecords: false,
  canSoftDeleteAllObjectRecords: false,
  canDestroyAllObjectRecords: false,
  canUpdateAllSettings: false,
  canAccessAllTools: false,
});
