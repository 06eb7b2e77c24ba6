import { DEFAULT_ROLE_UID } from 'src/identifiers';
import { defineApplicationRole } from 'twenty-sdk/define';

// The app's logic function reads no record: it only signs who is asking. Its role grants nothing.
export default defineApplicationRole({
  universalIdentifier: DEFAULT_ROLE_UID,
  label: 'twenty-realty',
  description: 'Подписывает токен участника для страниц twenty-realty; записей не читает и не меняет',
  canReadAllObjectRecords: false,
  canUpdateAllObjectRecords: false,
  canSoftDeleteAllObjectRecords: false,
  canDestroyAllObjectRecords: false,
  canUpdateAllSettings: false,
  canAccessAllTools: false,
});
