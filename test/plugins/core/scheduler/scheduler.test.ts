import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { PluginContext } from '../../../../plugins/core/plugin/plugin-context';
import { systemClock } from '../../../../plugins/core/runtime/clock';
import { silentLogger } from '../../../../plugins/core/runtime/logger';
import {
  createScheduler,
  type ScheduledJob,
  SchedulerError,
} from '../../../../plugins/core/scheduler/scheduler';
import { loadConfig } from '../../../../plugins/core/settings/config';
import { openStore, type Store } from '../../../../plugins/core/store/store';
import type { TwentyClient } from '../../../../sdk/index';
import { sleep } from '../../../support/wait';

describe('scheduler', () => {
  let store: Store;
  let ctx: PluginContext;
  before(async () => {
    store = await openStore();
    ctx = {
      twenty: {} as TwentyClient,
      store,
      clock: systemClock,
      log: silentLogger,
      config: loadConfig({}),
      settings: new Map(),
    };
  });
  after(async () => {
    await store.close();
  });
  beforeEach(async () => {
    await store.sql.query('delete from realty_job_runs');
  });

  const job = (name: string, run: ScheduledJob['run'], cron = '0 7 * * *'): ScheduledJob => ({
    plugin: 'reports',
    name,
    cron,
    run,
  });

  it('runs a job on demand, hands it the context and records the run', async () => {
    let seen: PluginContext | undefined;
    const scheduler = createScheduler({
      store,
      jobs: [
        job('daily', (_e, c) => {
          seen = c;
        }),
      ],
      context: ctx,
      log: silentLogger,
    });
    const result = await scheduler.runJobNow('reports:daily');
    assert.equal(result.status, 'succeeded');
    assert.equal(seen?.store, store);
    const [run] = await scheduler.recentRuns();
    assert.equal(run.job, 'reports:daily');
    assert.equal(run.trigger, 'manual');
    assert.equal(run.status, 'succeeded');
    assert.ok(run.finishedAt);
  });

  it('finds a job by plugin.name or by a unique bare name', async () => {
    const scheduler = createScheduler({
      store,
      jobs: [job('daily', () => {})],
      context: ctx,
      log: silentLogger,
    });
    assert.equal((await scheduler.runJobNow('reports.daily')).status, 'succeeded');
    assert.equal((await scheduler.runJobNow('daily')).status, 'succeeded');
  });

  it('records a failing run with its error and reports it as failed', async () => {
    const scheduler = createScheduler({
      store,
      jobs: [
        job('broken', () => {
          throw new Error('rates feed unreachable');
        }),
      ],
      context: ctx,
      log: silentLogger,
    });
    const result = await scheduler.runJobNow('reports:broken');
    assert.equal(result.status, 'failed');
    assert.match(result.error ?? '', /rates feed unreachable/);
    const [run] = await scheduler.recentRuns({ job: 'reports:broken' });
    assert.equal(run.status, 'failed');
    assert.match(run.error ?? '', /rates feed unreachable/);
  });

  it('skips a run while another run of the same job holds its lock', async () => {
    let runs = 0;
    const slow = job('slow', async () => {
      runs++;
      await sleep(150);
    });
    const a = createScheduler({ store, jobs: [slow], context: ctx, log: silentLogger });
    const b = createScheduler({ store, jobs: [slow], context: ctx, log: silentLogger });
    const results = await Promise.all([
      a.runJobNow('reports:slow'),
      sleep(30).then(() => b.runJobNow('reports:slow')),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['succeeded', 'skipped'],
    );
    assert.equal(runs, 1);
    assert.equal((await a.recentRuns({ job: 'reports:slow' })).length, 1);
  });

  it('names an unknown job and lists the known ones', async () => {
    const scheduler = createScheduler({
      store,
      jobs: [job('daily', () => {})],
      context: ctx,
      log: silentLogger,
    });
    await assert.rejects(
      async () => scheduler.runJobNow('nightly'),
      (error: unknown) =>
        error instanceof SchedulerError &&
        error.code === 'scheduler_unknown_job' &&
        /reports:daily/.test(error.message),
    );
  });

  it('reports every bad cron expression and duplicate at once', () => {
    assert.throws(
      () =>
        createScheduler({
          store,
          jobs: [job('a', () => {}, 'every day'), job('b', () => {}, '99 * * * *'), job('b', () => {})],
          context: ctx,
          log: silentLogger,
        }),
      (error: unknown) =>
        error instanceof SchedulerError &&
        /"every day"/.test(error.message) &&
        /"99 \* \* \* \*"/.test(error.message) &&
        /declared twice/.test(error.message),
    );
  });

  it('fires jobs on their schedule in Moscow time and stops when told', async () => {
    let runs = 0;
    const scheduler = createScheduler({
      store,
      jobs: [job('tick', () => void runs++, '* * * * * *')],
      context: ctx,
      log: silentLogger,
    });
    scheduler.start();
    assert.equal(scheduler.jobs()[0].timeZone, 'Europe/Moscow');
    assert.ok(scheduler.jobs()[0].nextRun instanceof Date);
    await sleep(2_300);
    await scheduler.stop();
    const after = runs;
    assert.ok(after >= 1, `ran ${after} times`);
    const recorded = await scheduler.recentRuns({ job: 'reports:tick' });
    assert.equal(recorded.length, after);
    assert.ok(recorded.every((r) => r.trigger === 'schedule'));
    await sleep(1_200);
    assert.equal(runs, after, 'no run after stop');
  });

  it('stops within its timeout when a job hangs, and records that run as interrupted', async () => {
    let release: (() => void) | undefined;
    const scheduler = createScheduler({
      store,
      jobs: [
        job(
          'stuck',
          () =>
            new Promise<void>((resolve) => {
              release = resolve;
            }),
        ),
      ],
      context: ctx,
      log: silentLogger,
    });
    const running = scheduler.runJobNow('reports:stuck');
    while (!release) await sleep(10);
    const started = Date.now();
    const stopped = await scheduler.stop({ timeoutMs: 300 });
    assert.ok(Date.now() - started < 2_000, 'stop did not wait for the job');
    assert.deepEqual(stopped.interrupted, ['reports:stuck']);
    const [run] = await scheduler.recentRuns({ job: 'reports:stuck' });
    assert.equal(run.status, 'failed');
    assert.match(run.error ?? '', /interrupted: the app stopped/);
    release();
    await running;
  });
});
