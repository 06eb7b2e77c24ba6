/**
 * Scheduled jobs: node-cron timers (Europe/Moscow unless a job says
 * otherwise), each run taken under a Postgres advisory lock named after the
 * job, so with several instances running exactly one runs it and the others
 * skip. Every run is recorded in `realty_job_runs`; `runJobNow` is the same
 * path for the CLI.
 */
import nodeCron, { type ScheduledTask } from 'node-cron';
import { withOrigin } from '../events/origin';
import type { PluginContext } from '../plugin/plugin-context';
import { describeError } from '../queue/queue';
import { childLogger, type Logger } from '../runtime/logger';
import type { Store } from '../store/store';

export const DEFAULT_TIME_ZONE = 'Europe/Moscow';

/** The registry's job shape (`registry.jobs`). */
export interface ScheduledJob {
  plugin: string;
  name: string;
  cron: string;
  timeZone?: string;
  /** Defaults to `${plugin}:${name}`. */
  key?: string;
  run: (event: undefined, ctx: PluginContext) => Promise<void> | void;
}

export type JobRunStatus = 'succeeded' | 'failed' | 'skipped';

export interface JobRunResult {
  job: string;
  status: JobRunStatus;
  runId?: string;
  error?: string;
  durationMs: number;
}

export interface JobRunRecord {
  id: string;
  job: string;
  trigger: 'schedule' | 'manual';
  status: 'running' | 'succeeded' | 'failed';
  startedAt: Date;
  finishedAt: Date | null;
  error: string | null;
}

export class SchedulerError extends Error {
  readonly code: 'scheduler_invalid_jobs' | 'scheduler_unknown_job';
  constructor(code: SchedulerError['code'], message: string) {
    super(message);
    this.name = 'SchedulerError';
    this.code = code;
  }
}

export interface SchedulerOptions {
  store: Store;
  jobs: readonly ScheduledJob[];
  context: PluginContext | ((plugin: string) => PluginContext);
  log: Logger;
}

export interface Scheduler {
  jobs(): Array<{ key: string; cron: string; timeZone: string; nextRun: Date | null }>;
  start(): void;
  /**
   * Stops scheduling and waits for the runs in flight — at most `timeoutMs` (default 5 s): a run still
   * going then (a job waiting out Twenty's rate limit) is recorded as interrupted and left behind, so
   * stopping the app never hangs on a job. Answers the keys of the runs it left.
   */
  stop(options?: { timeoutMs?: number }): Promise<{ interrupted: string[] }>;
  /** Runs a job by key (`registry:import`), `plugin.name`, or bare name when unique; skips if another holder runs it. */
  runJobNow(name: string): Promise<JobRunResult>;
  recentRuns(options?: { job?: string; limit?: number }): Promise<JobRunRecord[]>;
}

export const DEFAULT_STOP_TIMEOUT_MS = 5_000;
export const INTERRUPTED_MESSAGE = 'interrupted: the app stopped while the job ran';

export const jobKey = (job: ScheduledJob): string => job.key ?? `${job.plugin}:${job.name}`;

export function createScheduler(options: SchedulerOptions): Scheduler {
  const { store, log } = options;
  const problems: string[] = [];
  const byKey = new Map<string, ScheduledJob>();
  for (const job of options.jobs) {
    const key = jobKey(job);
    if (byKey.has(key)) problems.push(`job "${key}" is declared twice`);
    if (!nodeCron.validate(job.cron)) problems.push(`job "${key}": "${job.cron}" is not a cron expression`);
    byKey.set(key, job);
  }
  if (problems.length > 0) {
    throw new SchedulerError(
      'scheduler_invalid_jobs',
      `cannot schedule the jobs:\n  ${problems.join('\n  ')}`,
    );
  }
  const contextFor = (plugin: string): PluginContext =>
    typeof options.context === 'function' ? options.context(plugin) : options.context;
  let tasks: ScheduledTask[] = [];
  const inFlight = new Set<Promise<JobRunResult>>();
  /** The run row of each job running here, by job key: what `stop` marks when it does not wait. */
  const runningRows = new Map<string, string>();

  const resolve = (name: string): ScheduledJob => {
    const exact = byKey.get(name);
    if (exact) return exact;
    const matches = [...byKey.entries()].filter(
      ([key, job]) =>
        key.replace(':', '.') === name || `${job.plugin}.${job.name}` === name || job.name === name,
    );
    if (matches.length === 1) return matches[0][1];
    const known = [...byKey.keys()].join(', ') || '(none)';
    throw new SchedulerError(
      'scheduler_unknown_job',
      matches.length > 1
        ? `"${name}" names ${matches.length} jobs (${matches.map(([k]) => k).join(', ')}); use the full key`
        : `no job "${name}"; known jobs: ${known}`,
    );
  };

  const execute = async (job: ScheduledJob, trigger: 'schedule' | 'manual'): Promise<JobRunResult> => {
    const key = jobKey(job);
    const started = Date.now();
    const outcome = await store.locks.tryWithLock(`job:${key}`, async (): Promise<JobRunResult> => {
      const inserted = await store.sql.query<{ id: string }>(
        `insert into realty_job_runs (job, trigger, status, started_at) values ($1, $2, 'running', $3) returning id::text as id`,
        [key, trigger, store.clock.now().toISOString()],
      );
      const runId = inserted.rows[0].id;
      runningRows.set(key, runId);
      const base = contextFor(job.plugin);
      const jobLog = childLogger(base.log, { plugin: job.plugin, job: key, runId });
      try {
        // What the job writes is the project's change: its echo reaches every plugin's handlers.
        await withOrigin({ plugin: job.plugin, kind: 'job', name: job.name }, () =>
          job.run(undefined, { ...base, log: jobLog }),
        );
        await store.sql.query(
          `update realty_job_runs set status = 'succeeded', finished_at = $2 where id = $1::bigint`,
          [runId, store.clock.now().toISOString()],
        );
        return { job: key, status: 'succeeded', runId, durationMs: Date.now() - started };
      } catch (error) {
        const message = describeError(error).slice(0, 8_000);
        await store.sql.query(
          `update realty_job_runs set status = 'failed', finished_at = $2, error = $3 where id = $1::bigint`,
          [runId, store.clock.now().toISOString(), message],
        );
        jobLog.error({ err: error }, 'scheduled job failed');
        return { job: key, status: 'failed', runId, error: message, durationMs: Date.now() - started };
      } finally {
        runningRows.delete(key);
      }
    });
    if (!outcome.acquired) {
      log.info({ job: key, trigger }, 'job skipped: another run holds its lock');
      return { job: key, status: 'skipped', durationMs: Date.now() - started };
    }
    return outcome.value;
  };

  const track = (p: Promise<JobRunResult>): Promise<JobRunResult> => {
    inFlight.add(p);
    p.finally(() => inFlight.delete(p)).catch(() => {});
    return p;
  };

  return {
    jobs: () =>
      [...byKey.entries()].map(([key, job]) => {
        const timeZone = job.timeZone ?? DEFAULT_TIME_ZONE;
        const task = tasks.find((t) => t.name === key);
        return { key, cron: job.cron, timeZone, nextRun: task?.getNextRun() ?? null };
      }),
    start() {
      if (tasks.length > 0) return;
      tasks = [...byKey.entries()].map(([key, job]) =>
        nodeCron.schedule(
          job.cron,
          async () => {
            try {
              await track(execute(job, 'schedule'));
            } catch (error) {
              log.error({ err: error, job: key }, 'could not run a scheduled job (store unreachable?)');
            }
          },
          { name: key, timezone: job.timeZone ?? DEFAULT_TIME_ZONE, noOverlap: true },
        ),
      );
    },
    async stop(stopOptions = {}) {
      for (const task of tasks) await task.destroy();
      tasks = [];
      const timeoutMs = stopOptions.timeoutMs ?? DEFAULT_STOP_TIMEOUT_MS;
      let timer: NodeJS.Timeout | undefined;
      const waited = await Promise.race([
        Promise.allSettled([...inFlight]).then(() => true),
        new Promise<false>((resolve) => {
          timer = setTimeout(() => resolve(false), timeoutMs);
        }),
      ]);
      clearTimeout(timer);
      if (waited) return { interrupted: [] };
      const left = [...runningRows.entries()];
      log.warn(
        { jobs: left.map(([key]) => key), timeoutMs },
        'stopping without the jobs still running; their runs are recorded as interrupted',
      );
      await store.sql
        .query(
          `update realty_job_runs set status = 'failed', finished_at = $2, error = $3
           where id = any($1::bigint[]) and status = 'running'`,
          [left.map(([, id]) => id), store.clock.now().toISOString(), INTERRUPTED_MESSAGE],
        )
        .catch((error) => log.warn({ err: error }, 'could not record the interrupted runs'));
      return { interrupted: left.map(([key]) => key) };
    },
    runJobNow(name) {
      return track(execute(resolve(name), 'manual'));
    },
    async recentRuns(opts = {}) {
      const r = await store.sql.query<{
        id: string;
        job: string;
        trigger: 'schedule' | 'manual';
        status: JobRunRecord['status'];
        started_at: Date;
        finished_at: Date | null;
        error: string | null;
      }>(
        `select id::text as id, job, trigger, status, started_at, finished_at, error from realty_job_runs
         where ($1::text is null or job = $1) order by started_at desc, id desc limit $2`,
        [opts.job ?? null, opts.limit ?? 50],
      );
      return r.rows.map((row) => ({
        id: row.id,
        job: row.job,
        trigger: row.trigger,
        status: row.status,
        startedAt: new Date(row.started_at),
        finishedAt: row.finished_at ? new Date(row.finished_at) : null,
        error: row.error,
      }));
    },
  };
}
