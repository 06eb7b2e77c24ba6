/**
 * The PBX's events as the webhook received them, and each call's state folded from them — the
 * plugin's own tables. An event is kept once (its provider, call and key), so a repeated delivery
 * changes nothing; the call's state is recomputed from all its events, so order does not matter.
 * `version` counts what the state was built from; `synced_version` what the call card in Twenty
 * shows — whoever claims the difference (an operator's open page, else the sync job) writes it.
 */
import type { PluginStorage } from '../core/access/index';
import { uuidV5 } from '../core/plugin/index';
import { type CallState, foldCall, type PbxEvent, type Provider } from './rules/call-events';

export const TELEPHONY_TABLES_SQL = `
create table if not exists telephony_events (
  provider text not null,
  call_id text not null,
  event_key text not null,
  seq bigint not null,
  event jsonb not null,
  received_at timestamptz not null,
  primary key (provider, call_id, event_key)
);
create table if not exists telephony_calls (
  id uuid primary key,
  provider text not null,
  provider_call_id text not null,
  state jsonb not null,
  version int not null,
  synced_version int not null default 0,
  person_id uuid,
  client_number text,
  callback_task_at timestamptz,
  updated_at timestamptz not null,
  unique (provider, provider_call_id)
);
create index if not exists telephony_calls_pending on telephony_calls (updated_at) where synced_version < version;
create index if not exists telephony_calls_updated on telephony_calls (updated_at);
create table if not exists telephony_originations (
  command_id text primary key,
  member_id uuid not null,
  provider text not null,
  to_number text not null,
  at timestamptz not null,
  answer text
);`;

export const telephonyMigrations = [
  {
    id: '001_telephony_tables',
    description: 'the PBX events, the calls folded from them, click-to-call commands',
    async run(ctx: { store: { sql: { exec(sql: string): Promise<void> } } }) {
      await ctx.store.sql.exec(TELEPHONY_TABLES_SQL);
    },
  },
];

/** The call card's id: the same for every path that writes it. */
export const phoneCallId = (provider: Provider, callId: string): string =>
  uuidV5(`telephony:call:${provider}:${callId}`);

export interface CallRow {
  id: string;
  state: CallState;
  version: number;
  syncedVersion: number;
  /** The client the operator linked (a new client's form), else the one the number found. */
  personId: string | null;
  /** The missed call's callback task was created (never again: the operator may have closed it). */
  callbackTask: boolean;
  updatedAt: string;
}

interface RawRow extends Record<string, unknown> {
  id: string;
  state: CallState | string;
  version: number;
  synced_version: number;
  person_id: string | null;
  callback_task_at: string | Date | null;
  updated_at: string | Date;
}

const rowOf = (r: RawRow): CallRow => ({
  id: r.id,
  state: typeof r.state === 'string' ? (JSON.parse(r.state) as CallState) : r.state,
  version: Number(r.version),
  syncedVersion: Number(r.synced_version),
  personId: r.person_id ?? null,
  callbackTask: r.callback_task_at !== null && r.callback_task_at !== undefined,
  updatedAt: new Date(r.updated_at).toISOString(),
});

const COLUMNS =
  'id::text as id, state, version, synced_version, person_id::text as person_id, callback_task_at, updated_at';

/**
 * Keeps an event (once) and refolds its call: the call's row as it now stands, and whether the event
 * was new.
 */
export async function recordEvent(
  storage: PluginStorage,
  event: PbxEvent,
  receivedAt: Date,
): Promise<{ row: CallRow | undefined; fresh: boolean }> {
  const inserted = await storage.query(
    `insert into telephony_events (provider, call_id, event_key, seq, event, received_at)
     values ($1, $2, $3, $4, $5::jsonb, $6) on conflict do nothing returning 1 as one`,
    [event.provider, event.callId, event.key, event.seq, JSON.stringify(event), receivedAt.toISOString()],
  );
  const row = await refoldCall(storage, event.provider, event.callId, receivedAt);
  return { row, fresh: inserted.length > 0 };
}

/** Recomputes a call's state from every event kept for it (a state built from fewer never wins). */
export async function refoldCall(
  storage: PluginStorage,
  provider: Provider,
  callId: string,
  now: Date,
): Promise<CallRow | undefined> {
  const events = await storage.query<{ event: PbxEvent | string }>(
    'select event from telephony_events where provider = $1 and call_id = $2 order by seq, received_at',
    [provider, callId],
  );
  const state = foldCall(events.map((e) => (typeof e.event === 'string' ? JSON.parse(e.event) : e.event)));
  if (!state) return undefined;
  const rows = await storage.query<RawRow>(
    `insert into telephony_calls (id, provider, provider_call_id, state, version, client_number, updated_at)
     values ($1, $2, $3, $4::jsonb, $5, $6, $7)
     on conflict (id) do update set state = excluded.state, version = excluded.version,
       client_number = excluded.client_number, updated_at = excluded.updated_at
     where telephony_calls.version < excluded.version
     returning ${COLUMNS}`,
    [
      phoneCallId(provider, callId),
      provider,
      callId,
      JSON.stringify(state),
      events.length,
      state.clientNumber,
      now.toISOString(),
    ],
  );
  if (rows[0]) return rowOf(rows[0]);
  return callRow(storage, phoneCallId(provider, callId));
}

export async function callRow(storage: PluginStorage, id: string): Promise<CallRow | undefined> {
  const rows = await storage.query<RawRow>(`select ${COLUMNS} from telephony_calls where id = $1`, [id]);
  return rows[0] ? rowOf(rows[0]) : undefined;
}

/**
 * Claims the unsynced part of a call for writing its card: true for exactly one claimer per version.
 * A failed write gives it back (`releaseClaim`).
 */
export async function claimCall(storage: PluginStorage, row: CallRow): Promise<boolean> {
  const claimed = await storage.query(
    'update telephony_calls set synced_version = $2 where id = $1 and synced_version < $2 returning 1 as one',
    [row.id, row.version],
  );
  return claimed.length > 0;
}

export async function releaseClaim(storage: PluginStorage, row: CallRow): Promise<void> {
  await storage.query('update telephony_calls set synced_version = 0 where id = $1 and synced_version = $2', [
    row.id,
    row.version,
  ]);
}

export async function rememberPerson(
  storage: PluginStorage,
  id: string,
  personId: string | null,
): Promise<void> {
  await storage.query('update telephony_calls set person_id = $2 where id = $1', [id, personId]);
}

export async function markCallbackTask(storage: PluginStorage, id: string, at: Date): Promise<void> {
  await storage.query(
    'update telephony_calls set callback_task_at = $2 where id = $1 and callback_task_at is null',
    [id, at.toISOString()],
  );
}

/** Calls whose card lags their events (the sync job's work), oldest first. */
export async function pendingCalls(storage: PluginStorage, limit = 200): Promise<CallRow[]> {
  const rows = await storage.query<RawRow>(
    `select ${COLUMNS} from telephony_calls where synced_version < version order by updated_at limit $1`,
    [limit],
  );
  return rows.map(rowOf);
}

/** Calls changed since `since` (the live stream's catch-up across instances). */
export async function callsChangedSince(storage: PluginStorage, since: string): Promise<CallRow[]> {
  const rows = await storage.query<RawRow>(
    `select ${COLUMNS} from telephony_calls where updated_at > $1 order by updated_at limit 50`,
    [since],
  );
  return rows.map(rowOf);
}
