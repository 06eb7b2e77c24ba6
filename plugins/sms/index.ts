/**
 * sms — SMS campaigns to clients chosen by filters over the registry, contracts and auctions:
 * preview (count, parts, cost, who is skipped and why), personalisation, consent and STOP
 * opt-outs, quiet hours, sending as a durable, throttled, idempotent job through SMS.ru (or the
 * log in development), delivery reports by callback. Owns smsCampaign and smsMessage; adds
 * smsConsent / smsConsentAt / smsOptOutAt to person; reads the registry's, payments' and auctions'
 * published views.
 */
import { definePlugin } from '../core/plugin/index';
import { smsPolicies } from './access';
import { sendJob } from './jobs';
import { smsLabelsRu } from './labels-ru';
import { smsOperations } from './operations';
import { smsAssets, smsPage, smsRoutes } from './routes';
import { personSmsFields, smsCampaign, smsMessage, smsObjects } from './schema';
import { smsSeed } from './seed';
import { smsSettings } from './settings';
import { smsTablesMigration } from './store';

// What other plugins (reports, section 12) and tests may use.
export { AUDIENCE_OBJECTS, type AudienceFilter, findCandidates } from './audience-read';
export {
  logProvider,
  ProviderUncertain,
  ProviderUnreachable,
  type SmsProvider,
  smsRuProvider,
} from './providers';
export { type Candidate, type Prepared, prepareAudience } from './rules/audience';
export { countSegments, partsRu } from './rules/segments';
export { callbackHash } from './rules/smsru';
export { applyOptOuts, messageIdOf, runCampaign, runDueCampaigns, syncCampaign } from './runner';
export { personSmsFields, smsCampaign, smsMessage, smsObjects } from './schema';
export { DEMO_CAMPAIGN_ID } from './seed';
export { smsSettings } from './settings';
export { CAMPAIGN_STATUS_RU, MESSAGE_STATUS_RU } from './vocabulary';

export const smsPlugin = definePlugin({
  name: 'sms',
  description:
    'SMS campaigns to clients chosen by filters, with consent, opt-out, quiet hours and delivery reports',
  dependsOn: ['registry'],
  uses: ['payments', 'auctions', 'segments'],
  // Reports (section 12) read campaigns and messages in their SQL.
  publishedViews: ['smsCampaign', 'smsMessage'],
  objects: smsObjects,
  labels: { ru: smsLabelsRu },
  extends: [personSmsFields],
  readModel: [
    { object: smsCampaign, indexes: [{ fields: ['status'] }] },
    {
      object: smsMessage,
      indexes: [{ fields: ['campaignId'] }, { fields: ['personId'] }, { fields: ['providerMessageId'] }],
    },
    // People's consent and opt-out, read with the audience (the view carries this plugin's fields).
    { object: 'person' },
  ],
  migrations: [smsTablesMigration],
  jobs: [sendJob],
  routes: smsRoutes,
  pages: [smsPage],
  assets: smsAssets,
  operations: smsOperations,
  settings: smsSettings,
  seed: smsSeed,
  access: smsPolicies,
});

export default smsPlugin;
