/**
 * The partner unit list at seed scale: the registry part of the seed-scale
 * dataset in the read model, one agency granted the largest building (≥ 500
 * units, EXTENDED), then `GET /partner/v1/units?limit=500` (the whole scope) as the
 * app serves it — the gateway verifies the JWT and resolves the agency's scope
 * fresh from the read model, admits the request (rate limit), the handler reads
 * through the partner's policies (row filter + field mask), the answer is
 * serialised and the access log row written:
 *  - p95 ≤ 50 ms over 60 runs, authorization and masking included;
 *  - the scope filter's overhead: the same handler and query for the partner vs
 *    for staff (no filter, no mask), medians of interleaved runs, ≤ 10 %.
 */

import os from 'node:os';
import { unitsRoute } from '../plugins/agencies/api/routes';
import { agenciesGateway } from '../plugins/agencies/gateway/gateway';
import { AGENCIES_TABLES_SQL } from '../plugins/agencies/gateway/store';
import { issuePartnerToken } from '../plugins/agencies/gateway/tokens';
import { agenciesPlugin } from '../plugins/agencies/index';
import { DEFAULT_AGENCIES_SETTINGS } from '../plugins/agencies/settings';
import { auctionsPlugin } from '../plugins/auctions/index';
import { chessboardPlugin } from '../plugins/chessboard/index';
import {
  bindPartnerGateway,
  createAccessLayer,
  type PartnerGateway,
  type PartnerRequest,
  type Principal,
  type StaffPrincipal,
} from '../plugins/core/access/index';
import { createRegistry, type PluginContext, type RegisteredRoute } from '../plugins/core/plugin/index';
import { readModelView, registerReadModelViews } from '../plugins/core/read-model/index';
import { silentLogger } from '../plugins/core/runtime/index';
import { loadConfig } from '../plugins/core/settings/index';
import { openStore } from '../plugins/core/store/index';
import { paymentsPlugin } from '../plugins/payments/index';
import { registryPlugin } from '../plugins/registry/index';
import { createTwentyClient } from '../sdk/index';
import { defineBench } from './harness';
import { loadSeedScaleIntoReadModel, SEED_SCALE_DEFAULT_SEED } from './seed-scale/index';

const TARGET_MS = 50;
const OVERHEAD_TARGET_PERCENT = 10;
const RUNS = 60;
const AGENCY = '0b0b0b0b-0000-4000-8000-000000000001';
const USER = '0b0b0b0b-0000-4000-8000-000000000002';
const GRANT = '0b0b0b0b-0000-4000-8000-000000000003';
const STAFF: StaffPrincipal = {
  kind: 'staff',
  memberId: 'bench',
  email: 'bench@realty.local',
  role: 'sales',
};

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};
const p95 = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)] ?? 0;
};

export default defineBench({
  name: 'partner-units',
  description: `partner unit list for a 500-unit scope: p95 ≤ ${TARGET_MS} ms incl. auth and masking; filter overhead ≤ ${OVERHEAD_TARGET_PERCENT} % over staff`,
  async run({ report, progress }) {
    const store = await openStore();
    try {
      const registry = createRegistry([
        registryPlugin,
        chessboardPlugin,
        auctionsPlugin,
        paymentsPlugin,
        agenciesPlugin,
      ]);
      await registerReadModelViews(store.sql, store.readModel, registry.schema, registry.readModel);
      await store.sql.exec(AGENCIES_TABLES_SQL);
      progress('loading the seed-scale registry into the read model …');
      await loadSeedScaleIntoReadModel(store, {
        seed: SEED_SCALE_DEFAULT_SEED,
        objects: ['residentialComplex', 'building', 'section', 'unit'],
      });
      const largest = await store.sql.query<{ id: string; n: number }>(
        `select building_id::text as id, count(*)::int as n from ${readModelView('unit')} group by 1 order by 2 desc limit 1`,
      );
      const target = largest.rows[0];
      if (!target || target.n < 500) throw new Error('no building with 500 units in the seed-scale dataset');
      const at = new Date().toISOString();
      await store.readModel.applyEvents([
        {
          objectName: 'agency',
          action: 'created',
          record: { id: AGENCY, updatedAt: at, name: 'Bench', status: 'ACTIVE' },
        },
        {
          objectName: 'agencyAccess',
          action: 'created',
          record: {
            id: GRANT,
            updatedAt: at,
            agencyId: AGENCY,
            buildingId: target.id,
            fieldLevel: 'EXTENDED',
            kinds: [],
            statuses: [],
          },
        },
        {
          objectName: 'agencyUser',
          action: 'created',
          record: {
            id: USER,
            updatedAt: at,
            agencyId: AGENCY,
            email: 'bench@agency.test',
            active: true,
            name: 'Bench',
          },
        },
      ]);
      await store.sql.exec('analyze');
      progress(`scope: building ${target.id} with ${target.n} units`);

      const key = { kid: 'bench', secret: 'b'.repeat(48) };
      const settings = new Map<string, Readonly<Record<string, unknown>>>([
        ['agencies', { ...DEFAULT_AGENCIES_SETTINGS, rateLimitPerMinute: 1_000_000 }],
      ]);
      let gateway: PartnerGateway | undefined;
      const access = createAccessLayer({
        sql: store.sql,
        readModel: store.readModel,
        twenty: createTwentyClient({ url: 'http://127.0.0.1:9', apiKey: 'unused', limiter: false }),
        registry,
        settings,
        clock: store.clock,
        log: silentLogger,
        links: { twentyUrl: 'http://twenty.local', publicUrl: 'http://localhost:3000' },
        partnerScopes: (id) => gateway?.scopeOfAgency(id) ?? Promise.resolve(undefined),
      });
      const context: PluginContext = {
        twenty: createTwentyClient({ url: 'http://127.0.0.1:9', apiKey: 'unused', limiter: false }),
        store,
        clock: store.clock,
        log: silentLogger,
        config: { ...loadConfig({}), partnerJwtKeys: [key] },
        settings,
      };
      gateway = bindPartnerGateway({
        plugin: 'agencies',
        config: agenciesGateway,
        context,
        reader: access.reader,
        storage: access.storage,
      });
      const route = { ...unitsRoute, plugin: 'agencies' } as RegisteredRoute;
      // The whole scope (the agency sees exactly the 500-unit building), and for staff the same size unfiltered.
      const query = { limit: '500' };
      const handle = async (principal: Principal) => {
        const ctx = access.routeContext(route, principal);
        const res = await route.handler(
          {
            method: 'GET',
            url: route.path,
            params: {},
            query: route.query ? route.query.parse(query) : query,
            body: undefined,
            headers: {},
          },
          ctx,
        );
        return JSON.stringify(res.body);
      };
      const partnerRequest = (token: string): PartnerRequest => ({
        method: 'GET',
        url: '/partner/v1/units?limit=500',
        routePath: route.path,
        plugin: 'agencies',
        headers: { authorization: `Bearer ${token}` },
        ip: '127.0.0.1',
        staffAlso: false,
      });
      const { token } = issuePartnerToken({ userId: USER, agencyId: AGENCY }, { key, ttlSeconds: 900 });
      /** One request as the app server serves it: gateway, admission, handler, serialisation, access log. */
      const partnerCall = async () => {
        const started = performance.now();
        const request = partnerRequest(token);
        const auth = await gateway?.authenticate(request);
        const authenticated = performance.now();
        if (!auth || !('principal' in auth)) throw new Error(`the gateway refused: ${JSON.stringify(auth)}`);
        const refusal = await gateway?.admit(auth.principal, request);
        if (refusal) throw new Error(`not admitted: ${refusal.code}`);
        const handled = performance.now();
        const body = await handle(auth.principal);
        const answered = performance.now();
        await gateway?.record({
          principal: auth.principal,
          request,
          status: 200,
          recordIds: [],
          durationMs: 0,
        });
        const done = performance.now();
        return {
          ms: done - started,
          authMs: authenticated - started,
          handlerMs: answered - handled,
          logMs: done - answered,
          body,
          principal: auth.principal,
        };
      };

      const timings: number[] = [];
      const parts = { authMs: [] as number[], handlerMs: [] as number[], logMs: [] as number[] };
      let size = 0;
      let principal: Principal | undefined;
      for (let run = 0; run < RUNS + 5; run++) {
        const r = await partnerCall();
        if (run >= 5) {
          timings.push(r.ms);
          parts.authMs.push(r.authMs);
          parts.handlerMs.push(r.handlerMs);
          parts.logMs.push(r.logMs);
        }
        size = (JSON.parse(r.body) as { units: unknown[] }).units.length;
        principal = r.principal;
      }
      if (size < 500) throw new Error(`the partner list returned ${size} units, expected 500`);
      report({
        name: 'partner unit list, 500-unit scope, incl. JWT, scope resolution, masking, access log: p95',
        value: p95(timings),
        unit: 'ms',
        target: TARGET_MS,
        comparison: 'atMost',
        details: {
          units: size,
          p50: Number(median(timings).toFixed(1)),
          gatewayP50: Number(median(parts.authMs).toFixed(1)),
          handlerP50: Number(median(parts.handlerMs).toFixed(1)),
          accessLogP50: Number(median(parts.logMs).toFixed(1)),
          runs: RUNS,
          loadAverage: Number(os.loadavg()[0].toFixed(1)),
        },
      });

      // Filter overhead: the same handler and query, partner (row filter + mask) vs staff (neither), interleaved.
      const partnerTimes: number[] = [];
      const staffTimes: number[] = [];
      for (let run = 0; run < RUNS * 2 + 10; run++) {
        const t0 = performance.now();
        const partnerBody = await handle(principal as Principal);
        const t1 = performance.now();
        const staffBody = await handle(STAFF);
        const t2 = performance.now();
        if (run < 10) continue;
        partnerTimes.push(t1 - t0);
        staffTimes.push(t2 - t1);
        if (run === 10) {
          const p = (JSON.parse(partnerBody) as { units: unknown[] }).units.length;
          const s = (JSON.parse(staffBody) as { units: unknown[] }).units.length;
          if (p !== s) throw new Error(`partner ${p} vs staff ${s} units: not the same size`);
        }
      }
      const overhead = (median(partnerTimes) / median(staffTimes) - 1) * 100;
      report({
        name: 'scope filter + mask overhead over the same staff query (medians)',
        value: Math.max(0, overhead),
        unit: '%',
        target: OVERHEAD_TARGET_PERCENT,
        comparison: 'atMost',
        details: {
          partnerMedianMs: Number(median(partnerTimes).toFixed(2)),
          staffMedianMs: Number(median(staffTimes).toFixed(2)),
          signedOverheadPercent: Number(overhead.toFixed(1)),
          loadAverage: Number(os.loadavg()[0].toFixed(1)),
        },
      });
    } finally {
      await store.close();
    }
  },
});
