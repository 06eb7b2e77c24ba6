/**
 * Waiting in tests: `sleep`, and `waitFor`, which polls a probe until it
 * answers something other than undefined and fails naming what it waited for.
 * Every test that waits for the app (a queue to drain, a replica to catch up,
 * a delivery to arrive) uses these rather than a copy of its own.
 */
import assert from 'node:assert/strict';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Long enough for a loaded 2-core CI machine to work through a demo's 1,454 unit events ahead of the
 * one a test waits for; a wait that succeeds returns at once, so only a failure takes this long.
 */
export const DEFAULT_WAIT_TIMEOUT_MS = 90_000;
export const DEFAULT_POLL_INTERVAL_MS = 50;

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

/** Polls `probe` (sync or async) until it returns a value other than undefined; fails after the timeout. */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeout: number | WaitOptions = DEFAULT_WAIT_TIMEOUT_MS,
): Promise<T> {
  return (await waitForTimed(what, probe, timeout)).value;
}

/** `waitFor`, also saying how long the wait took (for tests that assert a duration). */
export async function waitForTimed<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeout: number | WaitOptions = DEFAULT_WAIT_TIMEOUT_MS,
): Promise<{ value: T; ms: number }> {
  const { timeoutMs = DEFAULT_WAIT_TIMEOUT_MS, intervalMs = DEFAULT_POLL_INTERVAL_MS } =
    typeof timeout === 'number' ? { timeoutMs: timeout } : timeout;
  const started = performance.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return { value, ms: performance.now() - started };
    if (performance.now() - started > timeoutMs)
      assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** Waits until a job queue has nothing pending or running (the app finished what it was given). */
export async function queueDrained(
  queue: { stats(): Promise<{ pending: number; running: number }> },
  timeout: number | WaitOptions = DEFAULT_WAIT_TIMEOUT_MS,
): Promise<void> {
  await waitFor(
    'the queue to drain',
    async () => {
      const stats = await queue.stats();
      return stats.pending === 0 && stats.running === 0 ? true : undefined;
    },
    timeout,
  );
}
