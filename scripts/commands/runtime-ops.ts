// `realty resync`, `realty jobs …`, `realty queue …`: operations on the runtime.
import { jobsList, queueStatus } from '../../webhooks/admin-routes';
import { callAppAdmin, cliContext, viaAppOrLocal } from '../cli-runtime';
import { CliUsageError, printJson, say } from '../cli-support';

export async function resyncCommand(objects: string[], opts: { json?: boolean }): Promise<void> {
  const ctx = cliContext();
  const summary = await viaAppOrLocal(
    ctx,
    () =>
      callAppAdmin<{ objects: { object: string; upserted: number; removed: number }[] }>(
        ctx,
        'POST',
        '/api/admin/resync',
        { objects },
      ),
    (runtime) => {
      const unknown = objects.filter((o) => !runtime.store.readModel.has(o));
      if (unknown.length > 0) {
        throw new CliUsageError(
          `not in the read model: ${unknown.join(', ')} (replicated: ${runtime.store.readModel.objects().join(', ')})`,
        );
      }
      return runtime.store.readModel.resync(runtime.twenty, objects.length > 0 ? objects : undefined, {
        onProgress: (p) => say(`  ${p.object}: ${p.done}${p.total === undefined ? '' : `/${p.total}`}`),
      });
    },
  );
  if (opts.json) printJson(summary);
  else for (const o of summary.objects) say(`${o.object}: ${o.upserted} upserted, ${o.removed} removed`);
}

export async function jobsListCommand(opts: { json?: boolean }): Promise<void> {
  const ctx = cliContext();
  const list = await viaAppOrLocal(
    ctx,
    () => callAppAdmin<Awaited<ReturnType<typeof jobsList>>>(ctx, 'GET', '/api/admin/jobs'),
    jobsList,
  );
  if (opts.json) return printJson(list);
  for (const job of list.jobs)
    say(`${job.key.padEnd(28)} ${job.cron.padEnd(16)} next ${job.nextRun ?? '—'} (${job.timeZone})`);
}

export async function jobsRunCommand(name: string, opts: { json?: boolean }): Promise<void> {
  const ctx = cliContext();
  const result = await viaAppOrLocal(
    ctx,
    () =>
      callAppAdmin<{ job: string; status: string; error?: string; durationMs: number }>(
        ctx,
        'POST',
        `/api/admin/jobs/${encodeURIComponent(name)}/run`,
      ),
    (runtime) => runtime.scheduler.runJobNow(name),
  );
  if (opts.json) printJson(result);
  else
    say(
      `${result.job}: ${result.status} in ${result.durationMs} ms${result.error ? ` — ${result.error}` : ''}`,
    );
  if (result.status === 'failed') process.exitCode = 1;
}

export async function queueStatusCommand(opts: { json?: boolean }): Promise<void> {
  const ctx = cliContext();
  const status = await viaAppOrLocal(
    ctx,
    () => callAppAdmin<Awaited<ReturnType<typeof queueStatus>>>(ctx, 'GET', '/api/admin/queue'),
    queueStatus,
  );
  if (opts.json) return printJson(status);
  const s = status.stats;
  say(`pending ${s.pending} · running ${s.running} · done ${s.done} · dead ${s.dead}`);
  for (const d of status.deadLetters)
    say(`  dead ${d.id} ${d.kind} after ${d.attempts} attempts: ${d.error ?? ''}`);
}

export async function queueRetryCommand(id: string): Promise<void> {
  const ctx = cliContext();
  const retried = await viaAppOrLocal(
    ctx,
    async () =>
      (
        await callAppAdmin<{ retried: boolean }>(
          ctx,
          'POST',
          `/api/admin/queue/${encodeURIComponent(id)}/retry`,
        )
      ).retried,
    (runtime) => runtime.store.queue.retryDead(id),
  );
  if (!retried) throw new CliUsageError(`no dead-lettered job with id ${id}`);
  say(`job ${id} is back in the queue`);
}
