/**
 * telephony — the call center on a virtual PBX (Mango Office, Zadarma): the PBX's signed webhooks
 * become call cards (`phoneCall`), the operator's open /calls page gets a screen pop with the
 * client's card (units, contracts, auction applications, open tasks, last calls) or a new-client
 * form, click-to-call goes through the provider's originate API, and missed calls become callback
 * tasks for the call center. Owns phoneCall; reacts to no Twenty events (its events are the PBX's).
 */
import { definePlugin } from '../core/plugin/index';
import { phoneCallPolicy } from './access';
import { telephonyMigrations } from './inbox';
import { syncCallsJob } from './jobs';
import { telephonyLabelsRu } from './labels-ru';
import { callsPage, callsPageAssets } from './pages/calls-page';
import { telephonyRoutes } from './routes';
import { phoneCall, telephonyObjects } from './schema';
import { telephonySeed } from './seed';
import { telephonySettings } from './settings';

export { findPeopleByPhone } from './card';
export { phoneCallId } from './inbox';
export { syncPendingCalls } from './jobs';
export { callBus } from './live';
export type { CallDirection, CallStatus, PbxEvent, Provider } from './rules/call-events';
export { mangoForm, mangoSign } from './rules/mango';
export { formatPhone, normalizePhone } from './rules/phone';
export { zadarmaSign, zadarmaSignatureString } from './rules/zadarma';
export { CALL_OUTCOME_RU, CALL_STATUS_RU, phoneCall } from './schema';
export { telephonySettings } from './settings';

export const telephonyPlugin = definePlugin({
  name: 'telephony',
  description: 'The call center on a virtual PBX: call cards, screen pops, click-to-call, missed-call tasks',
  // The client's card shows what these publish, when they are installed.
  uses: ['registry', 'auctions', 'payments'],
  // Reports (call statistics) read the call cards.
  publishedViews: ['phoneCall'],
  objects: telephonyObjects,
  labels: { ru: telephonyLabelsRu },
  readModel: [
    {
      object: phoneCall,
      indexes: [{ fields: ['personId'] }, { fields: ['startedAt'] }, { fields: ['operatorId'] }],
    },
    // The screen pop finds the caller by the number: an index on the stored primary phone.
    { object: 'person', indexes: [{ fields: ['phones.primaryPhoneNumber'] }] },
    { object: 'task' },
    { object: 'taskTarget', indexes: [{ fields: ['personId'] }] },
    { object: 'workspaceMember' },
  ],
  migrations: telephonyMigrations,
  jobs: [syncCallsJob],
  routes: telephonyRoutes,
  pages: [callsPage],
  assets: callsPageAssets,
  settings: telephonySettings,
  seed: telephonySeed,
  access: [phoneCallPolicy],
});

export default telephonyPlugin;
