/**
 * The SMS demo (`realty seed-demo`, the first `npm start`): one finished campaign to the first demo
 * clients — delivered, one failed by the operator, one still in transit — with its messages and
 * counts, and those clients' consent. A second run finds the campaign and changes nothing.
 */
import type { SeedDeclaration } from '../core/plugin/index';
import { uuidV5 } from '../core/plugin/index';
import { prepareAudience } from './rules/audience';
import { messageIdOf } from './runner';
import { smsSettings } from './settings';
import { insertAudience, type Query, systemQuery } from './store';

export const DEMO_CAMPAIGN_ID = uuidV5('sms-demo-campaign-1');
const SMS_DEMO_PEOPLE = [
  ['Ольга', 'Белова', '9265550001'],
  ['Павел', 'Зайцев', '9265550002'],
  ['Раиса', 'Крылова', '9265550003'],
] as const;
const DEMO_TEXT =
  '{firstName}, в вашем ЖК открылся подземный паркинг: места от 1,2 млн ₽. Подробности: 8 800 555-35-35';

/** The demo campaign's recipients are in the store, every one not skipped marked sent. */
async function audienceRecorded(q: Query): Promise<boolean> {
  const [row] = await q<{ n: number; unsent: number }>(
    `select count(*)::int as n, count(*) filter (where state <> 'skipped' and provider_id is null)::int as unsent
       from sms_recipients where campaign_id = $1`,
    [DEMO_CAMPAIGN_ID],
  );
  return row !== undefined && row.n > 0 && row.unsent === 0;
}

export const smsSeed: SeedDeclaration = {
  description: 'one finished SMS campaign with delivery statuses',
  async run(ctx): Promise<Record<string, number>> {
    const campaigns = ctx.twenty.records('smsCampaign');
    const q = systemQuery(ctx);
    // The store's recipients are written last, each marked sent: then the whole demo is in place.
    const existing = await campaigns.list({ filter: `id[eq]:"${DEMO_CAMPAIGN_ID}"`, limit: 1 });
    if (existing.records.length > 0 && (await audienceRecorded(q))) return {};
    const people = (await ctx.twenty.records('person').list({ limit: 60 })).records as Array<{
      id: string;
      name?: { firstName?: string; lastName?: string } | null;
      phones?: { primaryPhoneNumber?: string; primaryPhoneCallingCode?: string } | null;
    }>;
    let withPhones = people
      .filter((p) => p.phones?.primaryPhoneNumber)
      .sort((a, b) => a.id.localeCompare(b.id))
      .slice(0, 6);
    if (withPhones.length < 3) {
      // No demo clients with phones (the telephony demo gives them): three of our own.
      const own = SMS_DEMO_PEOPLE.map(([firstName, lastName, phone], i) => ({
        id: uuidV5(`sms:demo:person:${i}`),
        name: { firstName, lastName },
        phones: { primaryPhoneNumber: phone, primaryPhoneCallingCode: '+7', primaryPhoneCountryCode: 'RU' },
      }));
      await ctx.twenty.records('person').createMany(own, { upsert: true });
      withPhones = [...withPhones, ...own].slice(0, 6);
    }
    const settings = smsSettings.of(ctx);
    const prepared = prepareAudience(
      withPhones.map((p) => ({
        personId: p.id,
        firstName: p.name?.firstName ?? null,
        lastName: p.name?.lastName ?? null,
        phone: p.phones?.primaryPhoneNumber ?? null,
        callingCode: p.phones?.primaryPhoneCallingCode ?? null,
        consent: true,
        optedOutAt: null,
      })),
      {
        template: DEMO_TEXT,
        advertising: true,
        pricePerSegmentMicros: Math.round(settings.pricePerSegmentRub * 1e6),
      },
    );
    const finished = new Date(Date.UTC(2026, 10, 20, 9, 0));
    const outcome = (i: number) => (i === 1 ? 'FAILED' : i === 4 ? 'SENT' : 'DELIVERED');
    const delivered = prepared.recipients.filter((_, i) => outcome(i) === 'DELIVERED').length;
    const failed = prepared.recipients.filter((_, i) => outcome(i) === 'FAILED').length;
    await campaigns.create(
      {
        id: DEMO_CAMPAIGN_ID,
        name: 'Открытие паркинга (демо)',
        text: DEMO_TEXT,
        advertising: true,
        filter: { source: 'owners' },
        filterText: 'владельцы и покупатели помещений',
        status: 'DONE',
        scheduledAt: finished.toISOString(),
        startedAt: finished.toISOString(),
        finishedAt: new Date(finished.getTime() + 60_000).toISOString(),
        audienceCount: prepared.recipients.length,
        skippedCount: prepared.skipped.length,
        sentCount: prepared.recipients.length,
        deliveredCount: delivered,
        failedCount: failed,
        segments: prepared.segments,
        cost: { amountMicros: prepared.costMicros, currencyCode: 'RUB' },
        provider: 'log',
        author: 'демо-данные',
      },
      { upsert: true },
    );
    // Their consent: partial upserts by id, one request (the rest of each person stays as it is).
    await ctx.twenty.records('person').createMany(
      withPhones.map((p) => ({ id: p.id, smsConsent: true, smsConsentAt: '2026-01-15T09:00:00.000Z' })),
      { upsert: true },
    );
    await ctx.twenty.records('smsMessage').createMany(
      prepared.recipients.map((r, i) => ({
        id: messageIdOf(DEMO_CAMPAIGN_ID, r.personId),
        campaignId: DEMO_CAMPAIGN_ID,
        personId: r.personId,
        phone: r.phone,
        text: r.text,
        segments: r.segments,
        status: outcome(i),
        providerMessageId: `demo-${i + 1}`,
        error: outcome(i) === 'FAILED' ? 'сбой в телефоне абонента (код 106)' : null,
        sentAt: finished.toISOString(),
        deliveredAt: outcome(i) === 'DELIVERED' ? new Date(finished.getTime() + 30_000).toISOString() : null,
      })),
      { upsert: true },
    );
    // The store's rows match, so the page and a later delivery report agree with the records.
    await insertAudience(q, DEMO_CAMPAIGN_ID, prepared, finished);
    for (const [i, r] of prepared.recipients.entries())
      await q(
        `update sms_recipients set state = $3, provider = 'log', provider_id = $4, sent_at = $5, synced_rev = rev,
                delivered_at = case when $3 = 'delivered' then $5::timestamptz end,
                error = case when $3 = 'failed' then 'сбой в телефоне абонента (код 106)' end
          where campaign_id = $1 and person_id = $2`,
        [DEMO_CAMPAIGN_ID, r.personId, outcome(i).toLowerCase(), `demo-${i + 1}`, finished.toISOString()],
      );
    return { smsCampaign: 1, smsMessage: prepared.recipients.length };
  },
};
