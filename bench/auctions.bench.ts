/**
 * Auctions at the developer's scale (issue 13):
 * 1. 20,000 auctions (≈ 11,000 ending in a contract) played through the auction rules — the same
 *    reducer the engine runs — and loaded into the read model beside the seed-scale registry; the
 *    registry of auctions (GET /api/auctions with filters) and an auction's journal
 *    (GET /api/auctions/:id/journal) answered through the access layer: p95 ≤ 100 ms each.
 * 2. Full lifecycles (create, announce, open, two applications, deposits, admission, bidding,
 *    results, the money settled) through the engine against devhost limited to 1,000 requests a
 *    minute: requests per minute ÷ the ceiling ≥ 0.9 (the client paces itself, no 429 storms).
 *    BENCH_AUCTION_LIFECYCLES (default 200) sets how many; at ~90 requests each, 200 take ~18 min.
 */

import { startDevhost } from '../devhost/server';
import { createAuction, runCommand, runCommands } from '../plugins/auctions/engine/auction-engine';
import {
  applicationRecord,
  auctionRecord,
  bidRecord,
  lotRecord,
} from '../plugins/auctions/engine/auction-records';
import type { EngineRun } from '../plugins/auctions/engine/engine-run';
import { auctionsPlugin, DEFAULT_AUCTION_RULES } from '../plugins/auctions/index';
import { procedureOf } from '../plugins/auctions/procedure';
import { applyCommand } from '../plugins/auctions/rules/auction-model';
import { planAuction } from '../plugins/auctions/rules/auction-plan';
import type { AuctionState, Command } from '../plugins/auctions/rules/auction-types';
import { chessboardPlugin } from '../plugins/chessboard/index';
import { createAccessLayer, type StaffPrincipal } from '../plugins/core/access/index';
import { createRegistry, type RegisteredRoute, uuidV5 } from '../plugins/core/plugin/index';
import { provision } from '../plugins/core/provisioning/index';
import { registerReadModelViews } from '../plugins/core/read-model/index';
import { silentLogger } from '../plugins/core/runtime/index';
import { openStore } from '../plugins/core/store/index';
import {
  paymentIdFor,
  paymentsPlugin,
  plannedContracts,
  plannedFateOperations,
  receivedOperationId,
  settleAuction,
} from '../plugins/payments/index';
import { registryPlugin } from '../plugins/registry/index';
import { createTwentyClient, eq } from '../sdk/index';
import { defineBench } from './harness';
import { generateSeedScale, loadSeedScaleIntoReadModel, SEED_SCALE_DEFAULT_SEED } from './seed-scale/index';

const AUCTIONS = 20_000;
const QUERY_TARGET_MS = 100;
const RUNS = 40;
const REQUESTS_PER_MINUTE = 1000;
const DAY = 86_400_000;
const STAFF: StaffPrincipal = {
  kind: 'staff',
  memberId: '00000000-0000-4000-8000-000000000001',
  email: 'bench@realty.local',
  role: 'finance',
};

/** A small deterministic generator (mulberry32). */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Outcome = 'sold' | 'sole' | 'refused' | 'none' | 'terminated' | 'running';
function outcomeOf(r: number): Outcome {
  if (r < 0.475) return 'sold';
  if (r < 0.525) return 'sole';
  if (r < 0.55) return 'refused';
  if (r < 0.8) return 'none';
  if (r < 0.9) return 'terminated';
  return 'running';
}

interface Simulated {
  state: AuctionState;
  payments: {
    id: string;
    applicationId: string;
    lotId: string;
    payerId: string;
    amountMicros: number;
    paidAt: string;
  }[];
}

/** One auction played through the rules from its announcement to its outcome. */
function simulate(
  i: number,
  unit: { id: string; priceMicros: number },
  people: string[],
  asOf: number,
): Simulated {
  const random = rng(i + 1);
  const outcome = outcomeOf(random());
  const bidding = asOf - Math.floor(random() * 2_000) * DAY + (outcome === 'running' ? 40 * DAY : 0);
  const t = (d: number) => new Date(bidding + d * DAY);
  const number = `Б-${String(i + 1).padStart(5, '0')}`;
  const auctionId = uuidV5(`bench:auction:${i}`);
  const plan = planAuction(
    {
      number,
      applicationStart: t(-40).toISOString(),
      applicationEnd: t(-10).toISOString(),
      biddingStart: t(0).toISOString(),
      biddingEnd: new Date(bidding + 4 * 3_600_000).toISOString(),
      lots: [{ unitId: unit.id, startMicros: unit.priceMicros }],
    },
    {
      rules: DEFAULT_AUCTION_RULES,
      units: new Map([[unit.id, { status: 'FREE', priceMicros: unit.priceMicros }]]),
      auctionId,
      lotId: (u) => uuidV5(`bench:lot:${i}:${u}`),
    },
  );
  if (!plan.ok) throw new Error(plan.problems[0]?.message);
  let state = plan.state;
  const lot = state.lots[0] as AuctionState['lots'][number];
  const payments: Simulated['payments'] = [];
  let unitStatus = 'FREE';
  const step = (at: Date, command: Command) => {
    const r = applyCommand(state, command, {
      now: at,
      rules: DEFAULT_AUCTION_RULES,
      units: new Map([[unit.id, { status: unitStatus }]]),
      by: 'bench',
    });
    if (!r.ok) throw new Error(`${number} ${command.type}: ${r.message}`);
    state = r.state;
    for (const e of r.effects) if (e.kind === 'unitStatus') unitStatus = e.to;
  };
  step(t(-45), { type: 'announce' });
  if (outcome === 'running') return { state, payments };
  step(t(-40), { type: 'openApplications' });
  const n = outcome === 'none' ? 0 : outcome === 'sole' ? 1 : 2 + Math.floor(random() * 3);
  for (let k = 0; k < n; k++) {
    const app = uuidV5(`bench:app:${i}:${k}`);
    step(t(-38 + k), {
      type: 'submitApplication',
      application: { id: app, lotId: lot.id, applicantId: people[(i + k) % people.length] as string },
    });
    const id = paymentIdFor(`BENCH-${i}-${k}`);
    payments.push({
      id,
      applicationId: app,
      lotId: lot.id,
      payerId: people[(i + k) % people.length] as string,
      amountMicros: lot.depositMicros,
      paidAt: t(-30 + k).toISOString(),
    });
    step(t(-30 + k), {
      type: 'recordDeposit',
      applicationId: app,
      paymentId: id,
      amountMicros: lot.depositMicros,
      paidAt: t(-30 + k).toISOString(),
    });
  }
  if (outcome === 'terminated') {
    step(t(-20), { type: 'terminate', reason: 'предписание ФАС' });
    return { state, payments };
  }
  step(t(-10), { type: 'closeApplications' });
  step(t(-8), { type: 'completeAdmission' });
  if (state.status === 'FAILED') return { state, payments };
  step(t(0), { type: 'startBidding' });
  const bids = 1 + Math.floor(random() * 6);
  for (let b = 0; b < bids; b++) {
    const best = Math.max(lot.startMicros, ...state.bids.map((x) => x.amountMicros));
    const app = state.applications[b % state.applications.length] as AuctionState['applications'][number];
    step(new Date(bidding + (b + 1) * 60_000), {
      type: 'placeBid',
      bid: {
        id: uuidV5(`bench:bid:${i}:${b}`),
        lotId: lot.id,
        applicationId: app.id,
        amountMicros: best + lot.stepMicros,
        placedAt: new Date(bidding + (b + 1) * 60_000).toISOString(),
        source: 'IMPORT',
      },
    });
  }
  step(new Date(bidding + 4 * 3_600_000), { type: 'completeBidding' });
  if (outcome === 'refused') step(t(25), { type: 'winnerRefuses', lotId: lot.id });
  else if (random() < 0.9) step(t(10), { type: 'contractSigned', lotId: lot.id });
  return { state, payments };
}

const stamp = (r: Record<string, unknown>, at: string) => ({
  ...r,
  createdAt: at,
  updatedAt: at,
  deletedAt: null,
});

async function insert(
  store: Awaited<ReturnType<typeof openStore>>,
  object: string,
  rows: Record<string, unknown>[],
) {
  const table = store.readModel.table(object);
  for (let i = 0; i < rows.length; i += 2000) {
    await store.sql.query(
      `insert into ${table} (id, updated_at, deleted_at, data)
       select (e->>'id')::uuid, (e->>'updatedAt')::timestamptz, null, e from jsonb_array_elements($1::jsonb) as e
       on conflict (id) do nothing`,
      [JSON.stringify(rows.slice(i, i + 2000))],
    );
  }
  await store.sql.exec(`analyze ${table}`);
}

function percentile(timings: number[], q: number): number {
  const sorted = [...timings].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
}

export default defineBench({
  name: 'auctions',
  description: `20,000 auctions / ~11,000 contracts through the rules and the read model (registry and journal p95 ≤ ${QUERY_TARGET_MS} ms); full lifecycles through devhost at ${REQUESTS_PER_MINUTE} req/min (≥ 0.9 of the ceiling)`,
  async run({ report, progress }) {
    const plugins = [registryPlugin, chessboardPlugin, auctionsPlugin, paymentsPlugin];
    const store = await openStore();
    try {
      const registry = createRegistry(plugins);
      await registerReadModelViews(store.sql, store.readModel, registry.schema, registry.readModel);
      progress('loading the seed-scale registry …');
      const dataset = generateSeedScale({ seed: SEED_SCALE_DEFAULT_SEED });
      await loadSeedScaleIntoReadModel(store, {
        dataset,
        objects: ['residentialComplex', 'building', 'section', 'unit'],
      });
      const units = (
        await store.sql.query<{ id: string; price: string }>(
          `select id::text as id, coalesce(nullif(data->'price'->>'amountMicros', ''), '10000000000000') as price from ${store.readModel.table('unit')} order by id`,
        )
      ).rows.map((u) => ({ id: u.id, priceMicros: Number(u.price) || 10_000_000_000_000 }));
      const people = Array.from({ length: 5_000 }, (_, k) => uuidV5(`bench:person:${k}`));
      progress(`simulating ${AUCTIONS.toLocaleString('en')} auctions through the rules …`);
      const asOf = Date.parse('2026-12-01T09:00:00Z');
      const started = performance.now();
      const sims = Array.from({ length: AUCTIONS }, (_, i) =>
        simulate(i, units[i % units.length] as (typeof units)[number], people, asOf),
      );
      const simulateSeconds = (performance.now() - started) / 1000;
      const at = new Date(asOf).toISOString();
      const states = sims.map((s) => s.state);
      const contracts = states.flatMap(plannedContracts);
      progress(
        `${contracts.length.toLocaleString('en')} contracts; loading the auctions into the read model …`,
      );
      await insert(
        store,
        'auction',
        states.map((s) => stamp({ id: s.id, ...auctionRecord(s), platform: 'РТС-тендер' }, at)),
      );
      await insert(
        store,
        'auctionLot',
        states.flatMap((s) => s.lots.map((l) => stamp({ id: l.id, ...lotRecord(l, s.id) }, at))),
      );
      await insert(
        store,
        'auctionApplication',
        states.flatMap((s) => s.applications.map((a) => stamp({ id: a.id, ...applicationRecord(a) }, at))),
      );
      await insert(
        store,
        'auctionBid',
        states.flatMap((s) => s.bids.map((b) => stamp({ id: b.id, ...bidRecord(b) }, at))),
      );
      const amount = (m: number) => ({ amountMicros: m, currencyCode: 'RUB' });
      await insert(
        store,
        'payment',
        sims.flatMap((s) =>
          s.payments.map((p) =>
            stamp(
              {
                id: p.id,
                payerId: p.payerId,
                lotId: p.lotId,
                applicationId: p.applicationId,
                amount: amount(p.amountMicros),
                purpose: 'DEPOSIT',
                paidAt: p.paidAt,
                bankReference: p.id,
              },
              at,
            ),
          ),
        ),
      );
      await insert(store, 'financialOperation', [
        ...sims.flatMap((s) =>
          s.payments.map((p) =>
            stamp(
              {
                id: receivedOperationId(p.id),
                auctionId: s.state.id,
                lotId: p.lotId,
                applicationId: p.applicationId,
                paymentId: p.id,
                kind: 'DEPOSIT_RECEIVED',
                amount: amount(p.amountMicros),
                at: p.paidAt,
              },
              at,
            ),
          ),
        ),
        ...states.flatMap((s) =>
          plannedFateOperations(s, at).map((o) => stamp({ ...o, at: s.resultsAt ?? at }, at)),
        ),
      ]);
      await insert(
        store,
        'saleContract',
        contracts.map((c) => stamp(c, at)),
      );
      report({
        name: 'contracts out of 20,000 simulated auctions',
        value: contracts.length,
        unit: 'contracts',
        target: 10_000,
        comparison: 'atLeast',
        details: {
          simulateSeconds: simulateSeconds.toFixed(1),
          payments: sims.reduce((n, s) => n + s.payments.length, 0),
        },
      });

      const access = createAccessLayer({
        sql: store.sql,
        readModel: store.readModel,
        twenty: createTwentyClient({ url: 'http://127.0.0.1:9', apiKey: 'unused', limiter: false }),
        registry,
        settings: new Map(),
        clock: store.clock,
        log: silentLogger,
        links: { twentyUrl: 'http://twenty.local', publicUrl: 'http://localhost:3000' },
      });
      const route = (method: string, path: string) => {
        const found = registry.routes.find((r) => r.method === method && r.path === path);
        if (!found) throw new Error(`no route ${method} ${path}`);
        return found as RegisteredRoute;
      };
      const call = async (
        r: RegisteredRoute,
        params: Record<string, string>,
        query: Record<string, string>,
      ) =>
        r.handler(
          {
            method: r.method,
            url: r.path,
            params: r.params ? r.params.parse(params) : params,
            query: r.query ? r.query.parse(query) : query,
            body: undefined,
            headers: {},
          },
          access.routeContext(r, STAFF),
        );
      const complexes = (
        await store.sql.query<{ id: string }>(
          `select id::text as id from ${store.readModel.table('residentialComplex')}`,
        )
      ).rows;
      const registryRoute = route('GET', '/api/auctions');
      const filters: Record<string, string>[] = [
        {},
        { status: 'COMPLETED' },
        { status: 'FAILED,TERMINATED', from: '2022-01-01', to: '2024-12-31' },
        { complex: complexes[0]?.id ?? '', status: 'COMPLETED' },
        { q: 'Б-01', page: '3' },
      ];
      const registryTimings: number[] = [];
      const byFilter = filters.map(() => 0);
      let listed = 0;
      for (let run = 0; run < RUNS + 5; run++) {
        const t0 = performance.now();
        const res = (await call(
          registryRoute,
          {},
          filters[run % filters.length] as Record<string, string>,
        )) as { body: { total: number } };
        const ms = performance.now() - t0;
        if (run >= 5) {
          registryTimings.push(ms);
          byFilter[run % filters.length] = Math.max(byFilter[run % filters.length] ?? 0, ms);
        }
        listed += res.body.total;
      }
      report({
        name: 'auction registry (filters, counts, 50 a page) over 20,000 auctions, p95',
        value: percentile(registryTimings, 0.95),
        unit: 'ms',
        target: QUERY_TARGET_MS,
        comparison: 'atMost',
        details: {
          p50: percentile(registryTimings, 0.5).toFixed(1),
          runs: RUNS,
          listed,
          maxByFilter: byFilter.map((m) => m.toFixed(0)).join('/'),
        },
      });
      const journalRoute = route('GET', '/api/auctions/:id/journal');
      const journalTimings: number[] = [];
      for (let run = 0; run < RUNS + 5; run++) {
        const s = states[(run * 7919) % states.length] as AuctionState;
        const t0 = performance.now();
        await call(journalRoute, { id: s.id }, {});
        if (run >= 5) journalTimings.push(performance.now() - t0);
      }
      report({
        name: 'an auction’s journal (operations, balances, refunds due), p95',
        value: percentile(journalTimings, 0.95),
        unit: 'ms',
        target: QUERY_TARGET_MS,
        comparison: 'atMost',
        details: { p50: percentile(journalTimings, 0.5).toFixed(1), runs: RUNS },
      });
    } finally {
      await store.close();
    }

    await lifecycles(report, progress);
  },
});

async function lifecycles(
  report: Parameters<Parameters<typeof defineBench>[0]['run']>[0]['report'],
  progress: (m: string) => void,
) {
  const count = Number(process.env.BENCH_AUCTION_LIFECYCLES ?? 200);
  if (!(count > 0)) return;
  const host = await startDevhost({
    port: 0,
    rateLimit: { shortLimit: 100, shortTtlMs: 1000, longLimit: REQUESTS_PER_MINUTE, longTtlMs: 60_000 },
  });
  try {
    const setup = createTwentyClient({ url: host.url, apiKey: host.apiKey, limiter: false });
    const plugins = [registryPlugin, chessboardPlugin, auctionsPlugin, paymentsPlugin];
    const client = createTwentyClient({
      url: host.url,
      apiKey: host.apiKey,
      rateLimit: { requestsPerMinute: REQUESTS_PER_MINUTE, requestsPerSecond: 100 },
    });
    await provision({ client, plugins });
    const unitIds = Array.from({ length: count }, (_, i) => uuidV5(`bench:lifecycle-unit:${i}`));
    const people = Array.from({ length: 4 }, (_, i) => uuidV5(`bench:lifecycle-person:${i}`));
    await client.records('unit').createMany(
      unitIds.map((id, i) => ({
        id,
        number: String(i + 1),
        status: 'FREE',
        kind: 'FLAT',
        price: { amountMicros: (8_000_000 + i * 10_000) * 1_000_000, currencyCode: 'RUB' },
      })),
      { upsert: true },
    );
    await client.records('person').createMany(
      people.map((id, i) => ({ id, name: { firstName: 'Участник', lastName: String(i + 1) } })),
      { upsert: true },
    );
    // Spend the initial burst (both buckets start full) so the figure measures the steady pace.
    progress('spending the initial burst …');
    const burst = Math.round(REQUESTS_PER_MINUTE * 1.15);
    let sent = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (sent < burst) {
          sent++;
          await client.records('unit').list({ limit: 1 });
        }
      }),
    );
    const before = client.stats();
    const started = performance.now();
    const base = Date.parse('2027-03-01T07:00:00Z');
    const access: EngineRun['access'] = {
      records: (o) => client.records(o),
      actor: 'bench',
      publicUrl: 'http://localhost:3000',
      log: silentLogger,
    };
    const engineAt = (at: number): EngineRun => ({ access, now: new Date(at), rules: DEFAULT_AUCTION_RULES });
    let done = 0;
    let next = 0;
    const lifecycle = async (i: number) => {
      const unitId = unitIds[i] as string;
      const t = (d: number, h = 0) => base + d * DAY + h * 3_600_000;
      const state = await createAuction(engineAt(t(0)), {
        number: `L-${i}`,
        applicationStart: new Date(t(1)).toISOString(),
        applicationEnd: new Date(t(20)).toISOString(),
        biddingStart: new Date(t(35)).toISOString(),
        biddingEnd: new Date(t(35, 3)).toISOString(),
        lots: [{ unitId }],
      });
      const lotId = state.lots[0]?.id as string;
      const apps = people.slice(0, 2).map((p) => uuidV5(`auctions:application:${lotId}:${p}`));
      await runCommand(engineAt(t(0)), state.id, { type: 'announce' });
      await runCommand(engineAt(t(2)), state.id, { type: 'openApplications' });
      await runCommands(
        engineAt(t(3)),
        state.id,
        apps.map((id, k) => ({
          type: 'submitApplication',
          application: {
            id,
            lotId,
            applicantId: people[k] as string,
            submittedAt: new Date(t(3)).toISOString(),
          },
        })),
      );
      const deposit = state.lots[0]?.depositMicros ?? 0;
      await runCommands(
        engineAt(t(4)),
        state.id,
        apps.map((id, k) => ({
          type: 'recordDeposit',
          applicationId: id,
          paymentId: `P-${i}-${k}`,
          amountMicros: deposit,
          paidAt: new Date(t(4)).toISOString(),
        })),
      );
      await runCommand(engineAt(t(21)), state.id, { type: 'closeApplications' });
      await runCommand(engineAt(t(22)), state.id, { type: 'completeAdmission' });
      await runCommand(engineAt(t(35, 0.1)), state.id, { type: 'startBidding' });
      const step = state.lots[0]?.stepMicros ?? 0;
      const start = state.lots[0]?.startMicros ?? 0;
      await runCommands(engineAt(t(35, 0.5)), state.id, [
        {
          type: 'placeBid',
          bid: {
            id: uuidV5(`bench:l-bid:${i}:1`),
            lotId,
            applicationId: apps[0] as string,
            amountMicros: start + step,
            placedAt: new Date(t(35, 0.2)).toISOString(),
            source: 'MANUAL',
          },
        },
        {
          type: 'placeBid',
          bid: {
            id: uuidV5(`bench:l-bid:${i}:2`),
            lotId,
            applicationId: apps[1] as string,
            amountMicros: start + 2 * step,
            placedAt: new Date(t(35, 0.3)).toISOString(),
            source: 'MANUAL',
          },
        },
      ]);
      await runCommand(engineAt(t(35, 4)), state.id, { type: 'completeBidding' });
      const settleRun = engineAt(t(35, 4));
      await settleAuction(
        {
          records: settleRun.access.records,
          procedure: procedureOf(settleRun),
          now: settleRun.now,
          by: settleRun.access.actor,
        },
        state.id,
      );
      done++;
      if (done % 10 === 0)
        progress(`${done}/${count} lifecycles, ${client.stats().requests - before.requests} requests`);
    };
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < count) await lifecycle(next++);
      }),
    );
    const minutes = (performance.now() - started) / 60_000;
    const after = client.stats();
    const requests = after.requests - before.requests;
    const sold = await setup.records('auction').count(eq('status', 'COMPLETED'));
    if (sold !== count) throw new Error(`${sold} of ${count} auctions completed`);
    report({
      name: `full lifecycle of ${count} auctions through devhost: requests/min ÷ ceiling`,
      value: requests / minutes / REQUESTS_PER_MINUTE,
      unit: 'ratio',
      target: 0.9,
      comparison: 'atLeast',
      details: {
        requests,
        minutes: minutes.toFixed(1),
        perAuction: (requests / count).toFixed(0),
        rateLimited: after.rateLimited - before.rateLimited,
      },
    });
  } finally {
    await host.close();
  }
}
