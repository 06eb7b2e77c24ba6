/**
 * Sending a campaign, as a durable job: the recipients are rows in the store (store.ts); a run
 * takes the campaign's advisory lock (one instance sends it, any instance may resume it), settles
 * what a dead run left in flight (unconfirmed → failed, never resent), then claims batches —
 * queued → sending before the request, provider id after — at the configured pace, stops for
 * quiet hours and when the provider is unreachable or refuses (resumed by the next run), and
 * mirrors every changed row into Twenty's smsMessage records and the campaign's counts.
 */
import { in_ } from '../../sdk/index';
import type { PluginContext } from '../core/plugin/index';
import { uuidV5 } from '../core/plugin/index';
import {
  ProviderRefused,
  ProviderUncertain,
  ProviderUnreachable,
  providerFor,
  type SmsProvider,
} from './providers';
import { waitAfterBatchMs } from './rules/pace';
import { isQuiet, nextSendableAt } from './rules/quiet-hours';
import { smsSettings } from './settings';
import {
  claimBatch,
  markFailed,
  markOptOutApplied,
  markSent,
  markSynced,
  type Query,
  requeue,
  settleInterrupted,
  stateCounts,
  systemQuery,
  UNCONFIRMED_ERROR,
  unappliedOptOuts,
  unsynced,
} from './store';
import type { CampaignStatus, MessageStatus } from './vocabulary';

export type RunOutcome = 'done' | 'not_due' | 'deferred' | 'paused' | 'interrupted' | 'busy' | 'stopped';

export interface RunResult {
  campaignId: string;
  outcome: RunOutcome;
  sent: number;
  failed: number;
  deferredUntil?: string;
  note?: string;
}

export interface RunOptions {
  signal?: AbortSignal;
  provider?: SmsProvider;
}

export interface CampaignRecord {
  id: string;
  name?: string | null;
  status?: CampaignStatus | null;
  scheduledAt?: string | null;
  startedAt?: string | null;
  finishedAt?: string | null;
  audienceCount?: number | null;
  skippedCount?: number | null;
  sentCount?: number | null;
  deliveredCount?: number | null;
  failedCount?: number | null;
  segments?: number | null;
  cost?: { amountMicros?: number | string | null; currencyCode?: string | null } | null;
}

export const messageIdOf = (campaignId: string, personId: string) =>
  uuidV5(`sms-message:${campaignId}:${personId}`);

const STATUS_OF: Readonly<Record<string, MessageStatus>> = {
  queued: 'QUEUED',
  sending: 'QUEUED',
  sent: 'SENT',
  delivered: 'DELIVERED',
  failed: 'FAILED',
};

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());

/** Writes the changed recipients to Twenty (smsMessage, deterministic ids, upsert) and the campaign's counts. */
export async function syncCampaign(
  ctx: PluginContext,
  campaignId: string,
  q: Query = systemQuery(ctx),
): Promise<void> {
  for (;;) {
    const rows = await unsynced(q, campaignId, 200);
    if (rows.length === 0) break;
    await ctx.twenty.records('smsMessage').createMany(
      rows.map((r) => ({
        id: messageIdOf(campaignId, r.person_id),
        campaignId,
        personId: r.person_id,
        phone: r.phone,
        text: r.text,
        segments: r.segments,
        status: STATUS_OF[r.state] ?? 'QUEUED',
        providerMessageId: r.provider_id,
        error: r.error,
        sentAt: iso(r.sent_at),
        deliveredAt: iso(r.delivered_at),
      })),
      { upsert: true },
    );
    await markSynced(q, campaignId, rows);
  }
  const counts = await stateCounts(q, campaignId);
  const { pricePerSegmentRub } = smsSettings.of(ctx);
  const campaign = (await ctx.twenty.records('smsCampaign').get(campaignId)) as CampaignRecord;
  const sentRows = await q<{ n: number; segments: number }>(
    `select count(*)::int as n, coalesce(sum(segments), 0)::int as segments from sms_recipients
      where campaign_id = $1 and provider_id is not null`,
    [campaignId],
  );
  const sent = Number(sentRows[0]?.n ?? 0);
  const sentSegments = Number(sentRows[0]?.segments ?? 0);
  const finished = counts.queued === 0 && counts.sending === 0;
  const patch: Record<string, unknown> = {};
  const set = (key: keyof CampaignRecord, value: unknown) => {
    if ((campaign[key] ?? null) !== value) patch[key] = value;
  };
  set('sentCount', sent);
  set('deliveredCount', counts.delivered);
  set('failedCount', counts.failed);
  set('skippedCount', counts.skipped);
  const costMicros = Math.round(sentSegments * pricePerSegmentRub * 1_000_000);
  if (campaign.status === 'SENDING' || campaign.status === 'DONE') {
    if (Number(campaign.cost?.amountMicros ?? -1) !== costMicros)
      patch.cost = { amountMicros: costMicros, currencyCode: 'RUB' };
    set('segments', sentSegments);
  }
  if (campaign.status === 'SENDING' && finished) {
    patch.status = 'DONE';
    patch.finishedAt = ctx.clock.now().toISOString();
  }
  if (Object.keys(patch).length > 0) await ctx.twenty.records('smsCampaign').update(campaignId, patch);
}

async function runLocked(ctx: PluginContext, campaignId: string, options: RunOptions): Promise<RunResult> {
  const settings = smsSettings.of(ctx);
  const q = systemQuery(ctx);
  const result: RunResult = { campaignId, outcome: 'done', sent: 0, failed: 0 };
  const campaigns = ctx.twenty.records('smsCampaign');
  let campaign = (await campaigns.get(campaignId)) as CampaignRecord;
  const now = ctx.clock.now();
  if (campaign.status !== 'SENDING' && campaign.status !== 'SCHEDULED') {
    await syncCampaign(ctx, campaignId, q);
    return { ...result, outcome: 'not_due' };
  }
  if (campaign.status === 'SCHEDULED' && campaign.scheduledAt && new Date(campaign.scheduledAt) > now)
    return { ...result, outcome: 'not_due', deferredUntil: campaign.scheduledAt };
  if (isQuiet(now, settings.quietHours))
    return {
      ...result,
      outcome: 'deferred',
      deferredUntil: nextSendableAt(now, settings.quietHours).toISOString(),
    };
  if (campaign.status === 'SCHEDULED') {
    campaign = (await campaigns.update(campaignId, {
      status: 'SENDING',
      startedAt: now.toISOString(),
    })) as CampaignRecord;
  }
  const provider = options.provider ?? providerFor(settings, ctx.log);
  if (!options.provider && settings.provider === 'smsru' && !settings.smsruApiId)
    return {
      ...result,
      outcome: 'paused',
      note: 'SMS_SMSRU_API_ID не задан: отправка через SMS.ru невозможна',
    };
  const settled = await settleInterrupted(q, campaignId, now);
  if (settled > 0) {
    result.failed += settled;
    ctx.log.warn(
      { campaignId, settled },
      'sms: SMS left in flight by an interrupted run are failed as unconfirmed',
    );
  }
  for (;;) {
    if (options.signal?.aborted) return { ...result, outcome: 'interrupted' };
    const at = ctx.clock.now();
    if (isQuiet(at, settings.quietHours)) {
      result.outcome = 'deferred';
      result.deferredUntil = nextSendableAt(at, settings.quietHours).toISOString();
      break;
    }
    const batch = await claimBatch(q, campaignId, settings.batchSize, at);
    if (batch.length === 0) break;
    const started = performance.now();
    let outcomes: Awaited<ReturnType<SmsProvider['send']>>;
    try {
      outcomes = await provider.send(
        batch.map((r) => ({ personId: r.person_id, phone: r.phone, text: r.text })),
        options.signal,
      );
    } catch (error) {
      // The instance is stopping: leave the claimed rows in flight, as a crash would.
      if (options.signal?.aborted) return { ...result, outcome: 'interrupted' };
      const ids = batch.map((r) => r.person_id);
      if (error instanceof ProviderUnreachable || error instanceof ProviderRefused) {
        await requeue(q, campaignId, ids, ctx.clock.now());
        result.outcome = 'paused';
        result.note = error.message;
        ctx.log.warn(
          { campaignId, err: error.message },
          'sms: provider did not take the batch; resumed by the next run',
        );
        break;
      }
      const detail =
        error instanceof ProviderUncertain ? error.message : String((error as Error)?.message ?? error);
      await markFailed(
        q,
        campaignId,
        ids.map((personId) => ({ personId, error: `${UNCONFIRMED_ERROR}: ${detail}` })),
        ctx.clock.now(),
      );
      result.failed += ids.length;
      result.outcome = 'paused';
      result.note = detail;
      ctx.log.warn(
        { campaignId, err: detail },
        'sms: batch unconfirmed (not resent); the rest resumes with the next run',
      );
      break;
    }
    const done = ctx.clock.now();
    const ok = outcomes.filter((o) => o.ok && o.providerId);
    const bad = outcomes.filter((o) => !(o.ok && o.providerId));
    await markSent(
      q,
      campaignId,
      ok.map((o) => ({
        personId: o.personId,
        providerId: o.providerId as string,
        delivered: o.delivered === true,
      })),
      provider.name,
      done,
    );
    await markFailed(
      q,
      campaignId,
      bad.map((o) => ({ personId: o.personId, error: o.error ?? 'не отправлено' })),
      done,
    );
    // Whatever the answer did not settle stays unconfirmed, never resent.
    await settleInterrupted(q, campaignId, done);
    result.sent += ok.length;
    result.failed += bad.length;
    await syncCampaign(ctx, campaignId, q);
    try {
      await sleep(
        waitAfterBatchMs(batch.length, settings.messagesPerSecond, performance.now() - started),
        options.signal,
      );
    } catch {
      return { ...result, outcome: 'interrupted' };
    }
  }
  await syncCampaign(ctx, campaignId, q);
  const after = (await campaigns.get(campaignId)) as CampaignRecord;
  if (after.status === 'CANCELLED') result.outcome = 'stopped';
  else if (result.outcome === 'done' && after.status !== 'DONE') result.outcome = 'paused';
  return result;
}

/** Runs (or resumes) one campaign under its advisory lock; `busy` when another instance holds it. */
export async function runCampaign(
  ctx: PluginContext,
  campaignId: string,
  options: RunOptions = {},
): Promise<RunResult> {
  const locked = await ctx.store.locks.tryWithLock(`sms:campaign:${campaignId}`, () =>
    runLocked(ctx, campaignId, options),
  );
  return locked.acquired ? locked.value : { campaignId, outcome: 'busy', sent: 0, failed: 0 };
}

/** The job: every campaign due (SENDING, or SCHEDULED whose time came), then delivery reports and STOP replies. */
export async function runDueCampaigns(ctx: PluginContext, options: RunOptions = {}): Promise<RunResult[]> {
  const due = await ctx.twenty
    .records('smsCampaign')
    .list({ filter: in_('status', ['SENDING', 'SCHEDULED']), limit: 50 });
  const results: RunResult[] = [];
  for (const c of due.records as CampaignRecord[]) {
    if (options.signal?.aborted) break;
    results.push(await runCampaign(ctx, c.id, options));
  }
  const q = systemQuery(ctx);
  const reported = await q<{ campaign_id: string }>(
    `select distinct campaign_id::text as campaign_id from sms_recipients
      where state in ('sent', 'delivered', 'failed') and synced_rev < rev limit 50`,
  );
  const ran = new Set(results.map((r) => r.campaignId));
  for (const r of reported) if (!ran.has(r.campaign_id)) await syncCampaign(ctx, r.campaign_id, q);
  await applyOptOuts(ctx, q);
  return results;
}

/** STOP replies kept in the store → person.smsOptOutAt (and consent withdrawn) in Twenty. */
export async function applyOptOuts(ctx: PluginContext, q: Query = systemQuery(ctx)): Promise<number> {
  const pending = await unappliedOptOuts(q);
  let marked = 0;
  for (const o of pending) {
    const national = o.phone.replace(/^\+7/, '');
    const people = await ctx.twenty
      .records('person')
      .list({ filter: `phones.primaryPhoneNumber[like]:"%${national}"`, limit: 20 });
    for (const p of people.records as Array<{ id: string; smsOptOutAt?: string | null }>) {
      if (p.smsOptOutAt) continue;
      await ctx.twenty
        .records('person')
        .update(p.id, { smsOptOutAt: new Date(o.at).toISOString(), smsConsent: false });
      marked += 1;
    }
    await markOptOutApplied(q, o.phone, ctx.clock.now());
  }
  return marked;
}
