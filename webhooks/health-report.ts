/**
 * The app's health in detail, for admins only (`GET /api/admin/health`,
 * `realty status`): the store, Twenty's reachability, the queue, the last
 * dead letters, the intake's counters and the installed plugins. `/healthz`
 * answers strangers with `ok` alone. Every error text passes through
 * redactSecrets: a store error can quote its connection string.
 */
import { type Runtime, redactSecrets } from '../plugins/core/runtime/index';

const TWENTY_PROBE_TIMEOUT_MS = 2_000;
export const HEALTH_DEAD_LETTERS = 20;

async function twentyReachable(url: string): Promise<{ ok: boolean; detail: string }> {
  try {
    const res = await fetch(`${url.replace(/\/$/, '')}/healthz`, {
      signal: AbortSignal.timeout(TWENTY_PROBE_TIMEOUT_MS),
    });
    return { ok: res.status < 500, detail: `HTTP ${res.status}` };
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
}

async function storeCheck(runtime: Runtime): Promise<{ ok: boolean; detail: string }> {
  try {
    await runtime.store.sql.query('select 1');
    return { ok: true, detail: 'ok' };
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
}

/** Store and Twenty answer: what `/healthz` reports, as a bare `ok`. */
export async function isHealthy(runtime: Runtime, twentyUrl: string): Promise<boolean> {
  const [store, twenty] = await Promise.all([storeCheck(runtime), twentyReachable(twentyUrl)]);
  return store.ok && twenty.ok;
}

export async function healthReport(
  runtime: Runtime,
  options: { twentyUrl: string; knownSecrets?: readonly string[] },
) {
  const secrets = [...runtime.knownSecrets, ...(options.knownSecrets ?? [])];
  const redact = (text: string) => redactSecrets(text, secrets);
  const [store, twenty] = await Promise.all([storeCheck(runtime), twentyReachable(options.twentyUrl)]);
  const [queue, deadLetters] = store.ok
    ? await Promise.all([
        runtime.store.queue.stats(),
        runtime.store.queue.deadLetters({ limit: HEALTH_DEAD_LETTERS }),
      ])
    : [undefined, []];
  return {
    ok: store.ok && twenty.ok,
    store: { ok: store.ok, detail: redact(store.detail) },
    twenty: { ok: twenty.ok, detail: redact(twenty.detail) },
    queue: queue ?? null,
    deadLetters: deadLetters.map((job) => ({
      id: job.id,
      kind: job.kind,
      attempts: job.attempts,
      error: job.lastError === null ? null : redact(job.lastError),
    })),
    intake: runtime.intake.stats(),
    plugins: runtime.registry.plugins.map((p) => p.name),
  };
}

export type HealthReport = Awaited<ReturnType<typeof healthReport>>;
