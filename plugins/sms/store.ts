/**
 * The campaign's per-recipient state in the store (`sms_recipients`): one row per campaign and
 * person — the primary key is the idempotency key, written before any provider request; the
 * provider's id is recorded after it. States: queued → sending (claimed, request in flight) →
 * sent → delivered | failed; skipped (not sendable, with the reason); cancelled. A row left in
 * `sending` by a run that died is never resent: the next run marks it failed as unconfirmed.
 * `sms_opt_outs` keeps STOP replies by phone, effective at once for every campaign.
 */
import type { PluginContext } from '../core/plugin/index';
import type { Prepared } from './rules/audience';

export const RECIPIENTS = 'sms_recipients';
export const OPT_OUTS = 'sms_opt_outs';

/** One query door over both the route's storage (rows) and a system context's SQL. */
export type Query = <R extends Record<string, unknown> = Record<string, unknown>>(
  sql: string,
  params?: readonly unknown[],
) => Promise<R[]>;

export const systemQuery =
  (ctx: Pick<PluginContext, 'store'>): Query =>
  async <R extends Record<string, unknown>>(sql: string, params: readonly unknown[] = []) =>
    (await ctx.store.sql.query<R>(sql, [...params])).rows;

export const storageQuery =
  (storage: {
    query<R extends Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  }): Query =>
  <R extends Record<string, unknown>>(sql: string, params: readonly unknown[] = []) =>
    storage.query<R>(sql, params);

export const smsTablesMigration = {
  id: 'sms-tables-1',
  description: 'per-recipient campaign state and STOP replies',
  async run(ctx: PluginContext) {
    await ctx.store.sql.exec(`
      create table if not exists ${RECIPIENTS} (
        campaign_id uuid not null,
        person_id uuid not null,
        name text not null default '',
        phone text not null,
        text text not null,
        segments integer not null default 0,
        state text not null,
        provider text,
        provider_id text,
        error text,
        sending_at timestamptz,
        sent_at timestamptz,
        delivered_at timestamptz,
        changed_at timestamptz not null default now(),
        rev integer not null default 1,
        synced_rev integer not null default 0,
        primary key (campaign_id, person_id)
      );
      create index if not exists ${RECIPIENTS}_state on ${RECIPIENTS} (campaign_id, state);
      create index if not exists ${RECIPIENTS}_provider_id on ${RECIPIENTS} (provider_id);
      create table if not exists ${OPT_OUTS} (
        phone text primary key,
        at timestamptz not null,
        source text not null,
        text text,
        applied_at timestamptz
      );`);
  },
};

export type RecipientState = 'queued' | 'sending' | 'sent' | 'delivered' | 'failed' | 'skipped' | 'cancelled';

export interface RecipientRow extends Record<string, unknown> {
  campaign_id: string;
  person_id: string;
  name: string;
  phone: string;
  text: string;
  segments: number;
  state: RecipientState;
  provider: string | null;
  provider_id: string | null;
  error: string | null;
  sent_at: Date | string | null;
  delivered_at: Date | string | null;
}

const CHUNK = 5_000;

/** Writes the prepared audience (recipients queued, skips with their reason); rows already there stay. */
export async function insertAudience(
  q: Query,
  campaignId: string,
  prepared: Prepared,
  now: Date,
): Promise<number> {
  const rows = [
    ...prepared.recipients.map(
      (r) => [r.personId, r.name, r.phone, r.text, r.segments, 'queued', null] as const,
    ),
    ...prepared.skipped.map((s) => [s.personId, s.name, '', '', 0, 'skipped', s.detail] as const),
  ];
  let inserted = 0;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const r = await q<{ n: number }>(
      `with ins as (
         insert into ${RECIPIENTS} (campaign_id, person_id, name, phone, text, segments, state, error, changed_at)
         select $1::uuid, p, n, ph, t, s, st, e, $9::timestamptz
           from unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[]) as x(p, n, ph, t, s, st, e)
         on conflict (campaign_id, person_id) do nothing
         returning 1)
       select count(*)::int as n from ins`,
      [
        campaignId,
        chunk.map((c) => c[0]),
        chunk.map((c) => c[1]),
        chunk.map((c) => c[2]),
        chunk.map((c) => c[3]),
        chunk.map((c) => c[4]),
        chunk.map((c) => c[5]),
        chunk.map((c) => c[6]),
        now.toISOString(),
      ],
    );
    inserted += Number(r[0]?.n ?? 0);
  }
  return inserted;
}

export interface StateCounts {
  queued: number;
  sending: number;
  sent: number;
  delivered: number;
  failed: number;
  skipped: number;
  cancelled: number;
  segments: number;
}

export async function stateCounts(q: Query, campaignId: string): Promise<StateCounts> {
  const rows = await q<{ state: RecipientState; n: number; segments: number }>(
    `select state, count(*)::int as n, coalesce(sum(segments), 0)::int as segments
       from ${RECIPIENTS} where campaign_id = $1 group by state`,
    [campaignId],
  );
  const counts: StateCounts = {
    queued: 0,
    sending: 0,
    sent: 0,
    delivered: 0,
    failed: 0,
    skipped: 0,
    cancelled: 0,
    segments: 0,
  };
  for (const r of rows) {
    counts[r.state] = Number(r.n);
    if (r.state !== 'skipped' && r.state !== 'cancelled') counts.segments += Number(r.segments);
  }
  return counts;
}

/** Counts of several campaigns at once (the page's list). */
export async function countsOf(q: Query, campaignIds: readonly string[]): Promise<Map<string, StateCounts>> {
  const out = new Map<string, StateCounts>();
  if (campaignIds.length === 0) return out;
  const rows = await q<{ campaign_id: string; state: RecipientState; n: number }>(
    `select campaign_id::text as campaign_id, state, count(*)::int as n
       from ${RECIPIENTS} where campaign_id = any($1::uuid[]) group by campaign_id, state`,
    [campaignIds],
  );
  for (const r of rows) {
    const c = out.get(r.campaign_id) ?? {
      queued: 0,
      sending: 0,
      sent: 0,
      delivered: 0,
      failed: 0,
      skipped: 0,
      cancelled: 0,
      segments: 0,
    };
    c[r.state] = Number(r.n);
    out.set(r.campaign_id, c);
  }
  return out;
}

/** Queued recipients of the campaign → sending, in one statement (the claim precedes the request). */
export async function claimBatch(
  q: Query,
  campaignId: string,
  n: number,
  now: Date,
): Promise<RecipientRow[]> {
  return q<RecipientRow>(
    `update ${RECIPIENTS} set state = 'sending', sending_at = $3, changed_at = $3, rev = rev + 1
      where campaign_id = $1 and state = 'queued' and person_id = any(array(
        select person_id from ${RECIPIENTS} where campaign_id = $1 and state = 'queued'
         order by person_id limit $2 for update skip locked))
      returning campaign_id::text as campaign_id, person_id::text as person_id, name, phone, text, segments, state,
                provider, provider_id, error, sent_at, delivered_at`,
    [campaignId, n, now.toISOString()],
  );
}

export async function markSent(
  q: Query,
  campaignId: string,
  results: ReadonlyArray<{ personId: string; providerId: string; delivered: boolean }>,
  provider: string,
  now: Date,
): Promise<void> {
  if (results.length === 0) return;
  await q(
    `update ${RECIPIENTS} r set state = case when x.d then 'delivered' else 'sent' end, provider_id = x.id,
            provider = $4, sent_at = $5, delivered_at = case when x.d then $5::timestamptz end, changed_at = $5, rev = rev + 1, error = null
       from unnest($2::uuid[], $3::text[], $6::boolean[]) as x(p, id, d)
      where r.campaign_id = $1 and r.person_id = x.p and r.state = 'sending'`,
    [
      campaignId,
      results.map((r) => r.personId),
      results.map((r) => r.providerId),
      provider,
      now.toISOString(),
      results.map((r) => r.delivered),
    ],
  );
}

export async function markFailed(
  q: Query,
  campaignId: string,
  results: ReadonlyArray<{ personId: string; error: string }>,
  now: Date,
  fromState: RecipientState = 'sending',
): Promise<void> {
  if (results.length === 0) return;
  await q(
    `update ${RECIPIENTS} r set state = 'failed', error = x.e, changed_at = $4, rev = rev + 1
       from unnest($2::uuid[], $3::text[]) as x(p, e)
      where r.campaign_id = $1 and r.person_id = x.p and r.state = $5`,
    [campaignId, results.map((r) => r.personId), results.map((r) => r.error), now.toISOString(), fromState],
  );
}

/** The request never reached the provider (connection refused): the batch may go again. */
export async function requeue(
  q: Query,
  campaignId: string,
  personIds: readonly string[],
  now: Date,
): Promise<void> {
  if (personIds.length === 0) return;
  await q(
    `update ${RECIPIENTS} set state = 'queued', sending_at = null, changed_at = $3, rev = rev + 1
      where campaign_id = $1 and person_id = any($2::uuid[]) and state = 'sending'`,
    [campaignId, personIds, now.toISOString()],
  );
}

export const UNCONFIRMED_ERROR =
  'отправка не подтверждена (запрос прерван или шлюз не ответил); повторно не отправляется, чтобы не прислать SMS дважды';

/** Rows a dead run left in `sending`: failed as unconfirmed, never resent. Answers how many. */
export async function settleInterrupted(q: Query, campaignId: string, now: Date): Promise<number> {
  const r = await q<{ n: number }>(
    `with u as (update ${RECIPIENTS} set state = 'failed', error = $2, changed_at = $3, rev = rev + 1
                 where campaign_id = $1 and state = 'sending' returning 1)
     select count(*)::int as n from u`,
    [campaignId, UNCONFIRMED_ERROR, now.toISOString()],
  );
  return Number(r[0]?.n ?? 0);
}

export async function cancelQueued(q: Query, campaignId: string, now: Date): Promise<number> {
  const r = await q<{ n: number }>(
    `with u as (update ${RECIPIENTS} set state = 'cancelled', changed_at = $2, rev = rev + 1
                 where campaign_id = $1 and state = 'queued' returning 1)
     select count(*)::int as n from u`,
    [campaignId, now.toISOString()],
  );
  return Number(r[0]?.n ?? 0);
}

/** A delivery report: the message with this provider id becomes delivered or failed. */
export async function applyDelivery(
  q: Query,
  providerId: string,
  state: 'DELIVERED' | 'FAILED',
  error: string | null,
  at: Date,
  now: Date,
): Promise<string | null> {
  const r = await q<{ campaign_id: string }>(
    `update ${RECIPIENTS} set state = $2, delivered_at = case when $2 = 'delivered' then $4::timestamptz else delivered_at end,
            error = $3, changed_at = $5, rev = rev + 1
      where provider_id = $1 and state in ('sent', 'delivered', 'failed')
      returning campaign_id::text as campaign_id`,
    [providerId, state.toLowerCase(), error, at.toISOString(), now.toISOString()],
  );
  return r[0]?.campaign_id ?? null;
}

/** Rows changed since they were last written to Twenty as smsMessage records. */
export async function unsynced(
  q: Query,
  campaignId: string,
  limit: number,
): Promise<Array<RecipientRow & { rev: number }>> {
  return q(
    `select campaign_id::text as campaign_id, person_id::text as person_id, name, phone, text, segments, state,
            provider, provider_id, error, sent_at, delivered_at, rev
       from ${RECIPIENTS}
      where campaign_id = $1 and state in ('sent', 'delivered', 'failed')
        and synced_rev < rev
      order by person_id limit $2`,
    [campaignId, limit],
  );
}

export async function markSynced(
  q: Query,
  campaignId: string,
  rows: ReadonlyArray<{ person_id: string; rev: number }>,
): Promise<void> {
  if (rows.length === 0) return;
  // Only the version written: a report that arrived meanwhile stays unsynced.
  await q(
    `update ${RECIPIENTS} r set synced_rev = greatest(r.synced_rev, x.v) from unnest($2::uuid[], $3::int[]) as x(p, v)
      where r.campaign_id = $1 and r.person_id = x.p`,
    [campaignId, rows.map((r) => r.person_id), rows.map((r) => Number(r.rev))],
  );
}

export async function recordOptOut(
  q: Query,
  phone: string,
  source: string,
  text: string,
  at: Date,
): Promise<void> {
  await q(
    `insert into ${OPT_OUTS} (phone, at, source, text) values ($1, $2, $3, $4)
     on conflict (phone) do update set at = excluded.at, source = excluded.source, text = excluded.text, applied_at = null`,
    [phone, at.toISOString(), source, text],
  );
  // No later SMS of any campaign goes to that number.
  await q(
    `update ${RECIPIENTS} set state = 'skipped', error = 'отписался (ответ СТОП)', changed_at = $2, rev = rev + 1
      where phone = $1 and state = 'queued'`,
    [phone, at.toISOString()],
  );
}

export async function optedOutPhones(q: Query): Promise<Set<string>> {
  const rows = await q<{ phone: string }>(`select phone from ${OPT_OUTS}`);
  return new Set(rows.map((r) => r.phone));
}

export async function unappliedOptOuts(q: Query): Promise<Array<{ phone: string; at: Date | string }>> {
  return q(`select phone, at from ${OPT_OUTS} where applied_at is null order by at limit 200`);
}

export async function markOptOutApplied(q: Query, phone: string, at: Date): Promise<void> {
  await q(`update ${OPT_OUTS} set applied_at = $2 where phone = $1`, [phone, at.toISOString()]);
}
