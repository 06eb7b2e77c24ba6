/**
 * Issue "foundation" figure: a filtered list on 100,000 rows with an indexed
 * field answers with p95 ≤ 20 ms in devhost (measured over real HTTP).
 * The indexed field is a relation id (`companyId`): Twenty indexes join columns.
 */
import { randomUUID } from 'node:crypto';
import { startDevhost } from '../devhost/server';
import { eq, serializeFilter } from '../sdk/filter';
import { createTwentyClient } from '../sdk/index';
import { defineBench } from './harness';

const ROWS = 100_000;
const COMPANIES = 100;
const SAMPLES = 300;

export default defineBench({
  name: 'devhost-filter',
  description: `filtered list over ${ROWS.toLocaleString('en')} people by an indexed relation id`,
  async run({ report, progress }) {
    const host = await startDevhost({
      port: 0,
      rateLimit: { shortLimit: 100_000, shortTtlMs: 1000, longLimit: 1_000_000, longTtlMs: 60_000 },
    });
    try {
      const client = createTwentyClient({
        url: host.url,
        apiKey: host.apiKey,
        rateLimit: { requestsPerMinute: 1_000_000, requestsPerSecond: 100_000 },
      });
      const companyIds = Array.from({ length: COMPANIES }, () => randomUUID());
      await client.records('company').createMany(
        companyIds.map((id, i) => ({ id, name: `Company ${i}` })),
        { batchSize: 100 },
      );
      progress(`loading ${ROWS} people (batches of 200)`);
      const people = Array.from({ length: ROWS }, (_, i) => ({
        name: { firstName: `Имя${i}`, lastName: `Фамилия${i % 977}` },
        jobTitle: i % 3 === 0 ? 'Broker' : 'Buyer',
        companyId: companyIds[i % COMPANIES],
      }));
      let last = 0;
      await client.records('person').createMany(people, {
        batchSize: 200,
        onProgress: (done) => {
          if (done - last >= 20_000) {
            last = done;
            progress(`${done}/${ROWS}`);
          }
        },
      });

      const timings: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        const filter = serializeFilter(eq('companyId', companyIds[(i * 37) % COMPANIES]));
        const started = performance.now();
        const res = await fetch(`${host.url}/rest/people?filter=${encodeURIComponent(filter)}&limit=60`, {
          headers: { authorization: `Bearer ${host.apiKey}` },
        });
        const body = (await res.json()) as { data: { people: unknown[] }; totalCount: number };
        timings.push(performance.now() - started);
        if (res.status !== 200 || body.data.people.length !== 60 || body.totalCount !== ROWS / COMPANIES) {
          throw new Error(
            `unexpected answer: status ${res.status}, ${body.data?.people?.length} rows, totalCount ${body.totalCount}`,
          );
        }
      }
      timings.sort((a, b) => a - b);
      const p = (q: number) => timings[Math.min(timings.length - 1, Math.floor(q * timings.length))];
      report({
        name: 'filtered list p95 latency',
        value: p(0.95),
        unit: 'ms',
        target: 20,
        comparison: 'atMost',
        details: { p50: p(0.5).toFixed(1), p99: p(0.99).toFixed(1), samples: SAMPLES, rows: ROWS },
      });
    } finally {
      await host.close();
    }
  },
});
