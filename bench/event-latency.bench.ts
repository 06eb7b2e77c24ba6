/**
 * Issue 21 figure: an event from the project's own write reaches another plugin's handler with
 * p95 ≤ 1 s (before: never by webhook — the echo was dropped — only at the sweep, minutes later).
 * The whole path is real: one plugin writes a company through the runtime's client inside a route's
 * or a job's origin, devhost sends Twenty's signed webhook to the app's intake, the worker applies
 * the event to the replica and fans out, and a second plugin's handler runs. The latency is from
 * the write's start to the handler's first line.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { type WriteOrigin, withOrigin } from '../plugins/core/events/index';
import { definePlugin, on } from '../plugins/core/plugin/index';
import { startAppStack } from '../test/support/app-stack';
import { defineBench } from './harness';

const WRITES = 200;
/** Two writers at a time, each pausing 25 ms: a busy project's pace, not a bulk import's burst. */
const CONCURRENCY = 2;
const PAUSE_MS = 25;
const TARGET_MS = 1_000;
const GIVE_UP_MS = 30_000;

const seenAt = new Map<string, number>();

/** The plugin that writes (its origin is a route or a job of its own). */
const writerPlugin = definePlugin({
  name: 'bench-writer',
  description: 'Writes companies (the event-latency bench)',
});

/** Another plugin whose handler the writes must reach. */
const listenerPlugin = definePlugin({
  name: 'bench-listener',
  description: 'Notes when each company reaches its handler (the event-latency bench)',
  readModel: [{ object: 'company' }],
  handlers: [
    on(
      'company.created',
      (event) => {
        if (!seenAt.has(event.record.id)) seenAt.set(event.record.id, performance.now());
      },
      { name: 'note-company' },
    ),
  ],
});

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

export default defineBench({
  name: 'event-latency',
  description: `${WRITES} project writes (route and job origins) → another plugin's handler via Twenty's webhook`,
  async run(ctx) {
    const stack = await startAppStack({
      name: 'event-latency',
      plugins: [writerPlugin, listenerPlugin],
      webhook: true,
      rateLimit: { requestsPerMinute: 60_000, requestsPerSecond: 1_000 },
      devhostRequestsPerMinute: 60_000,
    });
    try {
      const companies = stack.runtime.twenty.records('company');
      const started = new Map<string, number>();
      /** How long Twenty took to answer each write (part of the latency, not the app's doing). */
      const answered = new Map<string, number>();
      let next = 0;
      const writeOne = async (i: number): Promise<void> => {
        const origin: WriteOrigin =
          i % 2 === 0
            ? { plugin: 'bench-writer', kind: 'route', name: 'POST /bench/companies' }
            : { plugin: 'bench-writer', kind: 'job', name: 'bench-import' };
        const t0 = performance.now();
        const created = await withOrigin(origin, () => companies.create({ name: `Bench company ${i}` }));
        started.set(created.id, t0);
        answered.set(created.id, performance.now() - t0);
      };
      ctx.progress(`${WRITES} writes, ${CONCURRENCY} at a time`);
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          for (let i = next++; i < WRITES; i = next++) {
            await writeOne(i);
            // A project's writes come spread out, not as one burst: the figure is latency, not throughput.
            await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
          }
        }),
      );
      const deadline = performance.now() + GIVE_UP_MS;
      while ([...started.keys()].some((id) => !seenAt.has(id)) && performance.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      const missing = [...started.keys()].filter((id) => !seenAt.has(id)).length;
      const latencies = [...started]
        .map(([id, t0]) => (seenAt.get(id) ?? performance.now() + GIVE_UP_MS) - t0)
        .sort((a, b) => a - b);
      const p50 = percentile(latencies, 50);
      const p95 = percentile(latencies, 95);
      ctx.report({
        name: "project write → another plugin's handler: p95",
        value: Math.round(p95),
        unit: 'ms',
        target: TARGET_MS,
        comparison: 'atMost',
        details: {
          writes: WRITES,
          p50_ms: Math.round(p50),
          p95_ms: Math.round(p95),
          max_ms: Math.round(latencies[latencies.length - 1] ?? Number.NaN),
          'p95 ÷ 1 s': Number((p95 / TARGET_MS).toFixed(3)),
          missing,
          load_average_1m: Number(loadavg()[0]?.toFixed(1)),
          write_answer_p50_ms: Math.round(
            percentile(
              [...answered.values()].sort((a, b) => a - b),
              50,
            ),
          ),
        },
      });
    } finally {
      await stack.close();
    }
  },
});
