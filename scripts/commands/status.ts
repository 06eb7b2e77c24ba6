// `realty status`: the app's health in detail (store, Twenty, queue, dead letters, intake, plugins),
// through the running app's admin API while `realty start` runs, else from the store itself.
import { type HealthReport, healthReport } from '../../webhooks/health-report';
import { callAppAdmin, cliContext, viaAppOrLocal } from '../cli-runtime';
import { printJson, say } from '../cli-support';
import { resolveTwenty } from '../workspace';

export async function statusCommand(opts: { json?: boolean }): Promise<void> {
  const ctx = cliContext();
  const report = await viaAppOrLocal(
    ctx,
    () => callAppAdmin<HealthReport>(ctx, 'GET', '/api/admin/health'),
    (runtime) => healthReport(runtime, { twentyUrl: resolveTwenty(ctx.config).url }),
  );
  if (!report.ok) process.exitCode = 1;
  if (opts.json) return printJson(report);
  const mark = (ok: boolean) => (ok ? 'ok' : 'FAILING');
  say(`${report.ok ? 'healthy' : 'NOT healthy'}`);
  say(`store   ${mark(report.store.ok)}${report.store.ok ? '' : ` — ${report.store.detail}`}`);
  say(`twenty  ${mark(report.twenty.ok)} — ${report.twenty.detail}`);
  if (report.queue) {
    const q = report.queue;
    say(`queue   pending ${q.pending} · running ${q.running} · done ${q.done} · dead ${q.dead}`);
  }
  for (const d of report.deadLetters)
    say(`  dead ${d.id} ${d.kind} after ${d.attempts} attempts: ${d.error ?? ''}`);
  say(`plugins ${report.plugins.join(', ')}`);
}
