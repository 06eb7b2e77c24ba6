/**
 * Import plans between preview and confirm, kept on the server: the browser
 * only ever holds an id, so what gets applied is exactly what was validated
 * here, never a plan posted back. Kept in the registry's table in the store
 * (`registry_import_plans`), so a preview made through one app instance is
 * applied through another and survives a restart; the plan itself never
 * changes once made, so each instance keeps the few it served last in memory
 * too. A plan expires an hour after its last use unless it is being applied;
 * at most MAX_PLANS idle plans are kept.
 *
 * Applying is claimed in one statement (two confirms on two instances start
 * one run). The instance applying writes its progress and a heartbeat; a stop
 * asked of any instance is a flag the applying one reads. A run whose
 * heartbeat stopped (its instance died) counts as failed: applying it again
 * resumes from the import's checkpoint.
 */
import { randomUUID } from 'node:crypto';
import type { PluginStorage } from '../../core/access/index';
import type { PluginContext } from '../../core/plugin/index';
import type { ImportPlan, ImportResult, ParsedWorkbook } from '../import/index';

export const PLAN_TTL_MS = 60 * 60 * 1000;
export const MAX_PLANS = 50;
/** The applying instance says it is alive this often … */
export const HEARTBEAT_MS = 1_000;
/** … and a run silent for this long is taken for dead. */
export const STALE_APPLY_MS = 30_000;
/** A plan's last use is written at most this often (every status poll would write otherwise). */
const TOUCH_EVERY_MS = 60_000;
/** Plans whose body this process keeps in memory (the page reads one plan many times). */
const BODIES_KEPT = 4;

export const IMPORT_PLANS_TABLE_SQL = `
create table if not exists registry_import_plans (
  id uuid primary key,
  owner_id text not null,
  state text not null check (state in ('planned', 'applying', 'applied', 'failed')),
  progress_done integer not null default 0,
  progress_total integer not null,
  result jsonb,
  error text,
  stop_requested boolean not null default false,
  heartbeat_at timestamptz,
  body text not null,
  created_at timestamptz not null,
  touched_at timestamptz not null
);
create index if not exists registry_import_plans_touched on registry_import_plans (touched_at);`;

export const importPlansMigration = {
  id: 'registry-import-plans-1',
  description: 'import previews in the store, shared by every instance',
  async run(ctx: PluginContext) {
    await ctx.store.sql.exec(IMPORT_PLANS_TABLE_SQL);
  },
};

export type PlanState = 'planned' | 'applying' | 'applied' | 'failed';

export interface PlanSession {
  id: string;
  parsed: ParsedWorkbook;
  plan: ImportPlan;
  /** The staff member who uploaded it; only they (or an admin) may apply it. */
  ownerId: string;
  state: PlanState;
  progress: { done: number; total: number };
  result?: ImportResult;
  error?: string;
}

interface Body {
  parsed: ParsedWorkbook;
  plan: ImportPlan;
}

interface Row extends Record<string, unknown> {
  id: string;
  owner_id: string;
  state: PlanState;
  progress_done: number;
  progress_total: number;
  result: ImportResult | string | null;
  error: string | null;
  heartbeat_at: Date | string | null;
  touched_at: Date | string;
}

/** What every instance's plan stores share in one process: the bodies served last. */
export interface PlanBodies {
  get(id: string): Body | undefined;
  set(id: string, body: Body): void;
}

export function createPlanBodies(kept = BODIES_KEPT): PlanBodies {
  const bodies = new Map<string, Body>();
  return {
    get(id) {
      const body = bodies.get(id);
      if (body) {
        bodies.delete(id);
        bodies.set(id, body);
      }
      return body;
    },
    set(id, body) {
      bodies.delete(id);
      bodies.set(id, body);
      while (bodies.size > kept) bodies.delete(bodies.keys().next().value as string);
    },
  };
}

export const STALE_APPLY_ERROR =
  'применение прервалось: экземпляр приложения, который его выполнял, остановился; подтвердите импорт ещё раз — он продолжится с места остановки';

export interface PlanSessions {
  add(input: { parsed: ParsedWorkbook; plan: ImportPlan; ownerId: string }): Promise<PlanSession>;
  get(id: string): Promise<PlanSession | undefined>;
  /** planned/failed (or a dead run) → applying, atomically; false when someone else is applying or it is applied. */
  claim(id: string): Promise<boolean>;
  /** The applying instance: progress, and whether a stop was asked (also its heartbeat). */
  progress(id: string, progress: { done: number; total: number }): Promise<void>;
  heartbeat(id: string): Promise<{ stopRequested: boolean }>;
  finish(
    id: string,
    outcome: { state: 'applied'; result: ImportResult } | { state: 'failed'; error: string },
  ): Promise<void>;
  /** Asks the applying instance to stop; false when the plan is not being applied. */
  requestStop(id: string): Promise<boolean>;
  /** Deletes expired plans and the oldest idle ones over MAX_PLANS; answers how many. */
  prune(): Promise<number>;
}

const time = (value: Date | string | null | undefined): number =>
  value === null || value === undefined ? Number.NaN : new Date(value).getTime();

export function createPlanSessions(options: {
  storage: Pick<PluginStorage, 'query'>;
  now: () => Date;
  bodies: PlanBodies;
}): PlanSessions {
  const { storage, bodies } = options;
  const staleBefore = () => new Date(options.now().getTime() - STALE_APPLY_MS);

  const loadBody = async (id: string): Promise<Body | undefined> => {
    const kept = bodies.get(id);
    if (kept) return kept;
    const rows = await storage.query<{ body: string }>(
      'select body from registry_import_plans where id = $1::uuid',
      [id],
    );
    const text = rows[0]?.body;
    if (text === undefined) return undefined;
    const body = JSON.parse(text) as Body;
    bodies.set(id, body);
    return body;
  };

  const sessions: PlanSessions = {
    async add({ parsed, plan, ownerId }) {
      const id = randomUUID();
      const at = options.now();
      const total = plan.counts.create + plan.counts.update + plan.counts.pendingApproval;
      await storage.query(
        `insert into registry_import_plans (id, owner_id, state, progress_total, body, created_at, touched_at)
         values ($1::uuid, $2, 'planned', $3, $4, $5, $5)`,
        [id, ownerId, total, JSON.stringify({ parsed, plan } satisfies Body), at],
      );
      bodies.set(id, { parsed, plan });
      await sessions.prune();
      return { id, parsed, plan, ownerId, state: 'planned', progress: { done: 0, total } };
    },

    async get(id) {
      if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
      const rows = await storage.query<Row>(
        `select id::text as id, owner_id, state, progress_done, progress_total, result, error, heartbeat_at, touched_at
           from registry_import_plans where id = $1::uuid`,
        [id],
      );
      const row = rows[0];
      if (!row) return undefined;
      const now = options.now();
      if (row.state !== 'applying' && now.getTime() - time(row.touched_at) > PLAN_TTL_MS) return undefined;
      const body = await loadBody(id);
      if (!body) return undefined;
      if (now.getTime() - time(row.touched_at) > TOUCH_EVERY_MS)
        await storage.query('update registry_import_plans set touched_at = $2 where id = $1::uuid', [
          id,
          now,
        ]);
      const dead = row.state === 'applying' && !(time(row.heartbeat_at) >= staleBefore().getTime());
      const result = typeof row.result === 'string' ? (JSON.parse(row.result) as ImportResult) : row.result;
      return {
        id: row.id,
        parsed: body.parsed,
        plan: body.plan,
        ownerId: row.owner_id,
        state: dead ? 'failed' : row.state,
        progress: { done: row.progress_done, total: row.progress_total },
        ...(result ? { result } : {}),
        ...(dead ? { error: STALE_APPLY_ERROR } : row.error !== null ? { error: row.error } : {}),
      };
    },

    async claim(id) {
      const now = options.now();
      const rows = await storage.query(
        `update registry_import_plans
            set state = 'applying', progress_done = 0, result = null, error = null,
                stop_requested = false, heartbeat_at = $2, touched_at = $2
          where id = $1::uuid
            and (state in ('planned', 'failed') or (state = 'applying' and (heartbeat_at is null or heartbeat_at < $3)))
          returning id`,
        [id, now, staleBefore()],
      );
      return rows.length === 1;
    },

    async progress(id, progress) {
      await storage.query(
        `update registry_import_plans set progress_done = $2, progress_total = $3, heartbeat_at = $4
          where id = $1::uuid and state = 'applying'`,
        [id, progress.done, progress.total, options.now()],
      );
    },

    async heartbeat(id) {
      const rows = await storage.query<{ stop_requested: boolean }>(
        `update registry_import_plans set heartbeat_at = $2 where id = $1::uuid and state = 'applying'
          returning stop_requested`,
        [id, options.now()],
      );
      return { stopRequested: rows[0]?.stop_requested === true };
    },

    async finish(id, outcome) {
      await storage.query(
        `update registry_import_plans set state = $2, result = $3::jsonb, error = $4, heartbeat_at = null, touched_at = $5
          where id = $1::uuid`,
        [
          id,
          outcome.state,
          outcome.state === 'applied' ? JSON.stringify(outcome.result) : null,
          outcome.state === 'failed' ? outcome.error : null,
          options.now(),
        ],
      );
    },

    async requestStop(id) {
      const rows = await storage.query(
        `update registry_import_plans set stop_requested = true
          where id = $1::uuid and state = 'applying' and heartbeat_at >= $2 returning id`,
        [id, staleBefore()],
      );
      return rows.length === 1;
    },

    async prune() {
      const now = options.now();
      const expired = await storage.query(
        `delete from registry_import_plans
          where (state <> 'applying' or heartbeat_at is null or heartbeat_at < $2) and touched_at < $1
          returning id`,
        [new Date(now.getTime() - PLAN_TTL_MS), staleBefore()],
      );
      // Oldest idle plans go first when uploads pile up; a running apply is never dropped.
      const over = await storage.query(
        `delete from registry_import_plans where id in (
           select id from registry_import_plans
            where state <> 'applying' or heartbeat_at < $2
            order by touched_at desc offset $1)
         returning id`,
        [MAX_PLANS, staleBefore()],
      );
      return expired.length + over.length;
    },
  };
  return sessions;
}
