/**
 * The app as the agencies tests need it: the app stack with the plugins the
 * partner side needs (registry, chessboard, auctions, payments, agencies), a
 * small registry under the demo's ids (3 complexes, 5 buildings, 10 sections,
 * 40 units), the agencies' demo seed (two active agencies with different
 * scopes, a suspended one, users with the demo password), an auction taking
 * applications with a lot in each active agency's scope, all in the read model.
 */
import { agenciesPlugin } from '../../../plugins/agencies/index';
import {
  agenciesSeed,
  DEMO_AGENCIES,
  DEMO_AGENCY_USERS,
  DEMO_PARTNER_PASSWORD,
} from '../../../plugins/agencies/seed';
import { auctionsPlugin } from '../../../plugins/auctions/index';
import { chessboardPlugin } from '../../../plugins/chessboard/index';
import { uuidV5 } from '../../../plugins/core/plugin/index';
import { paymentsPlugin } from '../../../plugins/payments/index';
import { registryPlugin } from '../../../plugins/registry/index';
import { type AppStack, type AppStackOptions, startAppStack, waitFor } from '../../support/app-stack';

export { DEMO_AGENCIES, DEMO_AGENCY_USERS, DEMO_PARTNER_PASSWORD, waitFor };

export const PARTNER_PLUGINS = [
  registryPlugin,
  chessboardPlugin,
  auctionsPlugin,
  paymentsPlugin,
  agenciesPlugin,
];

const M = 1_000_000;
export const complexId = (code: string) => uuidV5(`demo:complex:${code}`);
export const buildingId = (code: string, n: string) => uuidV5(`demo:building:${code}:${n}`);
export const sectionId = (code: string, n: string, s: number) => uuidV5(`demo:section:${code}:${n}:${s}`);
export const unitId = (code: string, n: string, s: number, i: number) =>
  uuidV5(`test:unit:${code}:${n}:${s}:${i}`);

const PLAN: [string, string, string][] = [
  ['SEVERNY', '1', 'ЖК «Северный парк»'],
  ['SEVERNY', '2', 'ЖК «Северный парк»'],
  ['RECHNOY', '1', 'ЖК «Речной квартал»'],
  ['RECHNOY', '2', 'ЖК «Речной квартал»'],
  ['ZARECHYE', '1', 'ЖК «Заречье»'],
];
/** Per section: kind, status, floor, position. */
const UNITS: [string, string, number, number][] = [
  ['FLAT', 'FREE', 2, 1],
  ['FLAT', 'SOLD', 2, 2],
  ['STORAGE', 'FREE', -1, 1],
  ['PARKING', 'FREE', -1, 2],
];

export function fixtureRegistry() {
  const complexes = [
    ...new Map(
      PLAN.map(([code, , name]) => [code, { id: complexId(code), name, district: 'Северный' }]),
    ).values(),
  ];
  const buildings = PLAN.map(([code, n]) => ({
    id: buildingId(code, n),
    complexId: complexId(code),
    name: `Корпус ${n}`,
    number: n,
    floors: 5,
  }));
  const sections = PLAN.flatMap(([code, n]) =>
    [1, 2].map((s) => ({
      id: sectionId(code, n, s),
      buildingId: buildingId(code, n),
      number: s,
      floors: 5,
      unitsPerFloor: 2,
    })),
  );
  const units = PLAN.flatMap(([code, n]) =>
    [1, 2].flatMap((s) =>
      UNITS.map(([kind, status, floor, position], i) => ({
        id: unitId(code, n, s, i),
        buildingId: buildingId(code, n),
        sectionId: sectionId(code, n, s),
        kind,
        status,
        number: `${code[0]}${n}-${s}${i + 1}`,
        floor,
        positionOnFloor: position,
        rooms: kind === 'FLAT' ? 2 : null,
        totalArea: kind === 'FLAT' ? 54.3 : 4.5,
        livingArea: kind === 'FLAT' ? 30.1 : null,
        price: { amountMicros: (kind === 'FLAT' ? 15_000_000 : 900_000) * M, currencyCode: 'RUB' },
        pricePerSqm: { amountMicros: 280_000 * M, currencyCode: 'RUB' },
        cadastralNumber: `77:01:000${i}:${s}${n}`,
        externalCode: `T-${code}-${n}-${s}-${i}`,
      })),
    ),
  );
  return { complexes, buildings, sections, units };
}

export const AUCTION_ID = uuidV5('test:auction:1');
export const LOT_SEVERNY = uuidV5('test:lot:severny');
export const LOT_RECHNOY = uuidV5('test:lot:rechnoy');
export const LOT_ZARECHYE = uuidV5('test:lot:zarechye');

export interface AgenciesApp extends AppStack {
  url: string;
  /** A bearer token for a demo user through POST /partner/v1/token. */
  token(email: string, password?: string): Promise<string>;
  partner(
    path: string,
    options?: { token?: string; cookie?: string; method?: string; body?: unknown },
    // biome-ignore lint/suspicious/noExplicitAny: the tests read JSON answers of many shapes
  ): Promise<{ status: number; body: any; headers: Headers }>;
}

export async function startAgenciesApp(options: Partial<AppStackOptions> = {}): Promise<AgenciesApp> {
  const stack = await startAppStack({
    name: 'agencies',
    plugins: PARTNER_PLUGINS,
    webhook: true,
    publicUrl: 'http://localhost:4998',
    rateLimit: { requestsPerMinute: 6000, requestsPerSecond: 100 },
    devhostRequestsPerMinute: 6000,
    ...options,
  });
  try {
    const twenty = stack.runtime.twenty;
    const reg = fixtureRegistry();
    await twenty.records('residentialComplex').createMany(reg.complexes, { upsert: true });
    await twenty.records('building').createMany(reg.buildings, { upsert: true });
    await twenty.records('section').createMany(reg.sections, { upsert: true });
    await twenty.records('unit').createMany(reg.units, { upsert: true });
    await agenciesSeed.run(stack.runtime.contextFor('agencies'), {});
    const now = Date.now();
    await twenty.records('auction').createMany(
      [
        {
          id: AUCTION_ID,
          number: 'Т-2026-01',
          status: 'APPLICATIONS',
          applicationStart: new Date(now - 86_400_000).toISOString(),
          applicationEnd: new Date(now + 7 * 86_400_000).toISOString(),
          biddingStart: new Date(now + 9 * 86_400_000).toISOString(),
          depositPercent: 10,
          stepPercent: 1,
        },
      ],
      { upsert: true },
    );
    await twenty.records('auctionLot').createMany(
      [
        {
          id: LOT_SEVERNY,
          auctionId: AUCTION_ID,
          unitId: unitId('SEVERNY', '1', 1, 0),
          number: 1,
          status: 'ACTIVE',
          startPrice: { amountMicros: 14_000_000 * M, currencyCode: 'RUB' },
        },
        {
          id: LOT_RECHNOY,
          auctionId: AUCTION_ID,
          unitId: unitId('RECHNOY', '1', 1, 0),
          number: 2,
          status: 'ACTIVE',
          startPrice: { amountMicros: 13_000_000 * M, currencyCode: 'RUB' },
        },
        {
          id: LOT_ZARECHYE,
          auctionId: AUCTION_ID,
          unitId: unitId('ZARECHYE', '1', 1, 0),
          number: 3,
          status: 'ACTIVE',
          startPrice: { amountMicros: 12_000_000 * M, currencyCode: 'RUB' },
        },
      ],
      { upsert: true },
    );
    const rm = stack.runtime.store.readModel;
    await waitFor('the fixture in the read model', async () =>
      (await rm.count('unit')) >= reg.units.length &&
      (await rm.count('agencyUser')) >= DEMO_AGENCY_USERS.length &&
      (await rm.count('agencyAccess')) >= 3 &&
      (await rm.count('auctionLot')) >= 3
        ? true
        : undefined,
    );
  } catch (error) {
    await stack.close();
    throw error;
  }
  const url = stack.server.url;
  const app: AgenciesApp = {
    ...stack,
    url,
    async partner(path, o = {}) {
      const res = await fetch(`${url}${path}`, {
        method: o.method ?? (o.body === undefined ? 'GET' : 'POST'),
        redirect: 'manual',
        headers: {
          ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
          ...(o.cookie ? { cookie: o.cookie } : {}),
          ...(o.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: o.body === undefined ? undefined : JSON.stringify(o.body),
      });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {}
      return { status: res.status, body, headers: res.headers };
    },
    async token(email, password = DEMO_PARTNER_PASSWORD) {
      const r = await app.partner('/partner/v1/token', { body: { email, password } });
      if (r.status !== 200) throw new Error(`token for ${email}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.token as string;
    },
  };
  return app;
}
