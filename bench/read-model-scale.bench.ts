/**
 * Seed scale in the read model: load the whole dataset (≈ 345,000 rows: units,
 * auctions, lots, applications, bids, contracts, payments …) into an
 * in-memory store, then time the query a chessboard overview or a report
 * starts from — unit counts by status for every building.
 *
 * Load target (informational), ≥ 2,000 rows/s: through Twenty the same
 * records are capped at 6,000 a minute (C13: 100 requests × 60 records), so
 * a seed-scale replica would take about an hour; loading it directly must be
 * at least 20× faster — under 3 minutes — so that the chessboard, auction
 * and report benches can rebuild it on every run. About half of the time is
 * the read model's GIN index over `data`, rebuilt once after the rows.
 * Query target, p95 ≤ 200 ms over 20 runs for all buildings: the chessboard
 * overview must feel instant, and it is one query over 19,000 rows.
 *
 * BENCH_SEED_SCALE (default 1) shrinks the dataset for a quick run.
 */
import { openStore } from '../plugins/core/store/index';
import { defineBench } from './harness';
import { generateSeedScale, loadSeedScaleIntoReadModel, SEED_SCALE_DEFAULT_SEED } from './seed-scale/index';

const LOAD_TARGET_ROWS_PER_S = 2_000;
const QUERY_TARGET_MS = 200;
const QUERY_RUNS = 20;

export default defineBench({
  name: 'read-model-scale',
  description:
    'seed scale loaded straight into the read model (target ≥ 2,000 rows/s: 20× the 6,000 records/min Twenty allows) and units by status per building on it (p95 ≤ 200 ms)',
  async run({ report, progress }) {
    const scale = Number(process.env.BENCH_SEED_SCALE ?? 1);
    const store = await openStore();
    try {
      const dataset = generateSeedScale({ seed: SEED_SCALE_DEFAULT_SEED, scale });
      progress(
        `loading ${Object.values(dataset.counts)
          .reduce((a, b) => a + b, 0)
          .toLocaleString('en')} rows (scale ${scale})`,
      );
      const summary = await loadSeedScaleIntoReadModel(store, {
        dataset,
        onProgress: (p) => {
          if (p.done === p.total)
            progress(`${p.object}: ${p.done.toLocaleString('en')} rows in ${p.seconds.toFixed(1)} s`);
        },
      });
      report({
        name: 'load into the read model (generation included)',
        value: summary.rows / summary.seconds,
        unit: 'rows/s',
        target: LOAD_TARGET_ROWS_PER_S,
        comparison: 'atLeast',
        details: { rows: summary.rows, seconds: summary.seconds.toFixed(1) },
      });

      const unitTable = store.readModel.table('unit');
      const buildingTable = store.readModel.table('building');
      const query = `
        select b.id::text as building, u.data->>'status' as status, count(u.id)::int as units
          from ${buildingTable} b
          left join ${unitTable} u on u.data->>'buildingId' = b.id::text and u.deleted_at is null
         where b.deleted_at is null
         group by b.id, u.data->>'status'`;
      const timings: number[] = [];
      for (let run = 0; run < QUERY_RUNS; run++) {
        const started = performance.now();
        const result = await store.sql.query<{ building: string; status: string | null; units: number }>(
          query,
        );
        timings.push(performance.now() - started);
        const buildings = new Set(result.rows.map((r) => r.building)).size;
        const units = result.rows.reduce((sum, r) => sum + r.units, 0);
        if (buildings !== dataset.counts.building || units !== dataset.counts.unit) {
          throw new Error(
            `units by status per building answered ${buildings} buildings / ${units} units, expected ${dataset.counts.building} / ${dataset.counts.unit}`,
          );
        }
      }
      timings.sort((a, b) => a - b);
      const p = (q: number) => timings[Math.min(timings.length - 1, Math.ceil(q * timings.length) - 1)];
      report({
        name: `units by status for all ${dataset.counts.building} buildings, p95`,
        value: p(0.95),
        unit: 'ms',
        target: QUERY_TARGET_MS,
        comparison: 'atMost',
        details: {
          p50: p(0.5).toFixed(1),
          max: timings[timings.length - 1].toFixed(1),
          runs: QUERY_RUNS,
          units: dataset.counts.unit,
        },
      });
    } finally {
      await store.close();
    }
  },
});
