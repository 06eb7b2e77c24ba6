/**
 * The partner security suite (0 leaks): every registered partner route, of
 * every plugin, goes through the gateway (a forged token is refused; a valid
 * one is logged and served with the agency's principal, whose policies every
 * read and write goes through); tokens tampered, expired, `alg: none`, of an
 * unknown kid, another audience or issuer, too long-lived, of a user
 * deactivated or an agency suspended after issue are refused; cross-agency
 * (BOLA) probes — units out of scope by id, another agency's lots, filter
 * injection, tampered cursors, mass assignment — are refused with the right
 * status and nothing is returned or written; the same probes through the
 * portal's pages (session cookie); lock-out after wrong passwords.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import jwt from 'jsonwebtoken';
import { signingKeys, systemStorage } from '../../plugins/agencies/gateway/store';
import { issuePartnerToken, PARTNER_AUDIENCE, PARTNER_ISSUER } from '../../plugins/agencies/gateway/tokens';
import type { Principal } from '../../plugins/core/access/index';
import { type RegisteredRoute, uuidV5 } from '../../plugins/core/plugin/index';
import { allPlugins } from '../../plugins/index';
import {
  type AgenciesApp,
  buildingId,
  DEMO_AGENCIES,
  DEMO_AGENCY_USERS,
  fixtureRegistry,
  LOT_RECHNOY,
  LOT_SEVERNY,
  LOT_ZARECHYE,
  sectionId,
  startAgenciesApp,
  unitId,
  waitFor,
} from '../plugins/agencies/agencies-app';

let app: AgenciesApp;
let vera: string;
let anna: string;
let key: { kid: string; secret: string };
const built: { route: string; principal: Principal }[] = [];
const VERA = DEMO_AGENCY_USERS.find((u) => u.email === 'vera@gorod.demo') as { id: string; agencyId: string };
const SEVERNY_FLAT = unitId('SEVERNY', '1', 1, 0);
const RECHNOY_FLAT = unitId('RECHNOY', '1', 1, 0);

const forge = (payload: object, options: jwt.SignOptions = {}, secret = key.secret) =>
  jwt.sign(payload, secret, {
    algorithm: 'HS256',
    keyid: key.kid,
    issuer: PARTNER_ISSUER,
    audience: PARTNER_AUDIENCE,
    subject: VERA.id,
    expiresIn: 600,
    ...options,
  });

async function countIn(object: string): Promise<number> {
  return app.runtime.twenty.records(object).count();
}

async function signInCookie(email: string, password = 'demo-partner-2026'): Promise<string> {
  const res = await fetch(`${app.url}/partner/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  return (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
}

describe('partner security', () => {
  before(async () => {
    app = await startAgenciesApp({ name: 'partner-security', plugins: allPlugins });
    const access = app.runtime.access;
    const routeContext = access.routeContext.bind(access);
    access.routeContext = (route, principal, options) => {
      built.push({
        route: `${(route as RegisteredRoute).method} ${(route as RegisteredRoute).path}`,
        principal,
      });
      return routeContext(route, principal, options);
    };
    vera = await app.token('vera@gorod.demo');
    anna = await app.token('anna@etazhi.demo');
    key = (await signingKeys([], systemStorage(app.runtime.contextFor('agencies'))))[0] as typeof key;
  });
  after(async () => {
    await app?.close();
  });

  describe('every registered partner route goes through the gateway and the policies', () => {
    const partnerRoutes = () => app.runtime.registry.routes.filter((r) => r.roles.includes('partner'));
    const SAMPLE = '00000000-0000-4000-8000-000000000777';
    const urlOf = (r: RegisteredRoute) => r.path.replace(/:[a-zA-Z]+/g, SAMPLE);

    it('finds partner routes in more than one plugin', () => {
      const plugins = new Set(partnerRoutes().map((r) => r.plugin));
      assert.ok(plugins.has('agencies') && plugins.has('chessboard'), [...plugins].join(','));
    });

    it('refuses a forged token on every partner route, and serves a valid one as the agency (logged)', async () => {
      const forged = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(
        JSON.stringify({ sub: VERA.id, agency: VERA.agencyId, aud: 'partner', iss: PARTNER_ISSUER }),
      ).toString('base64url')}.`;
      for (const route of partnerRoutes()) {
        const init = (token: string): RequestInit => ({
          method: route.method,
          redirect: 'manual',
          headers: {
            authorization: `Bearer ${token}`,
            ...(route.method === 'GET' ? {} : { 'content-type': 'application/json' }),
          },
          ...(route.method === 'GET' ? {} : { body: '{}' }),
          signal: AbortSignal.timeout(15_000),
        });
        const signIn =
          route.method === 'POST' && ['/partner/v1/token', '/partner/login'].includes(route.path);
        const refused = await fetch(`${app.url}${urlOf(route)}`, init(forged));
        await refused.body?.cancel();
        assert.equal(refused.status, signIn ? 400 : 401, `${route.method} ${route.path} with alg:none`);
        if (signIn) continue;
        const before = built.length;
        const res = await fetch(`${app.url}${urlOf(route)}`, init(vera));
        await res.body?.cancel();
        assert.ok(![401, 403, 500, 501].includes(res.status), `${route.method} ${route.path}: ${res.status}`);
        const contexts = built.slice(before).filter((b) => b.route === `${route.method} ${route.path}`);
        for (const c of contexts) {
          assert.equal(c.principal.kind, 'partner');
          assert.equal(c.principal.kind === 'partner' && c.principal.agencyId, DEMO_AGENCIES.gorod);
        }
        if (contexts.length === 0)
          assert.equal(res.status, 400, `${route.path}: no context and not a schema refusal`);
        await waitFor(`the access log row of ${route.path}`, async () => {
          const rows = await app.runtime.store.sql.query(
            'select 1 from agencies_access_log where route = $1 and method = $2 and agency_id = $3::uuid',
            [route.path, route.method, DEMO_AGENCIES.gorod],
          );
          return rows.rows.length > 0 ? true : undefined;
        });
      }
    });
  });

  describe('tokens', () => {
    const me = (token: string) => app.partner('/partner/v1/me', { token });
    const probes: [string, () => string, number, string][] = [
      ['garbage', () => 'not-a-jwt', 401, 'partner_token_malformed'],
      [
        'tampered payload',
        () => {
          const [h, , s] = vera.split('.');
          const body = Buffer.from(
            JSON.stringify({
              sub: VERA.id,
              agency: DEMO_AGENCIES.etazhi,
              aud: 'partner',
              iss: PARTNER_ISSUER,
              exp: Math.floor(Date.now() / 1000) + 600,
              iat: Math.floor(Date.now() / 1000),
            }),
          ).toString('base64url');
          return `${h}.${body}.${s}`;
        },
        401,
        'partner_token_invalid',
      ],
      [
        'expired',
        () =>
          issuePartnerToken(
            { userId: VERA.id, agencyId: VERA.agencyId },
            { key, ttlSeconds: 60, now: new Date(Date.now() - 3_600_000) },
          ).token,
        401,
        'partner_token_expired',
      ],
      [
        'alg none',
        () =>
          `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: VERA.id, agency: VERA.agencyId, aud: 'partner', iss: PARTNER_ISSUER })).toString('base64url')}.`,
        401,
        'partner_token_bad_algorithm',
      ],
      [
        'HS512',
        () => forge({ agency: VERA.agencyId }, { algorithm: 'HS512' }),
        401,
        'partner_token_bad_algorithm',
      ],
      [
        'wrong kid',
        () => forge({ agency: VERA.agencyId }, { keyid: 'retired-2019' }),
        401,
        'partner_token_unknown_key',
      ],
      [
        'no kid',
        () =>
          jwt.sign({ agency: VERA.agencyId }, key.secret, {
            algorithm: 'HS256',
            issuer: PARTNER_ISSUER,
            audience: PARTNER_AUDIENCE,
            subject: VERA.id,
            expiresIn: 600,
          }),
        401,
        'partner_token_unknown_key',
      ],
      [
        'wrong secret',
        () => forge({ agency: VERA.agencyId }, {}, 'x'.repeat(40)),
        401,
        'partner_token_invalid',
      ],
      [
        'wrong audience',
        () => forge({ agency: VERA.agencyId }, { audience: 'staff' }),
        401,
        'partner_token_wrong_audience',
      ],
      [
        'wrong issuer',
        () => forge({ agency: VERA.agencyId }, { issuer: 'someone-else' }),
        401,
        'partner_token_wrong_issuer',
      ],
      [
        'lives too long',
        () => forge({ agency: VERA.agencyId }, { expiresIn: 3600 }),
        401,
        'partner_token_too_long',
      ],
      ['another agency claimed', () => forge({ agency: DEMO_AGENCIES.etazhi }), 401, 'partner_token_invalid'],
      ['a staff token (no partner key)', () => app.staffToken('admin'), 401, 'partner_token_unknown_key'],
    ];
    for (const [name, token, status, code] of probes)
      it(`refuses a token: ${name}`, async () => {
        const r = await me(token());
        assert.equal(r.status, status, JSON.stringify(r.body));
        assert.equal(r.body.code, code);
        assert.equal(r.body.agency, undefined);
      });

    it('refuses the token of a user deactivated after issue, and of an agency suspended after issue', async () => {
      const token = await app.token('vera@gorod.demo');
      await app.twentyRest('PATCH', `/rest/agencyUsers/${VERA.id}`, { active: false });
      await waitFor('the deactivation', async () => ((await me(token)).status === 401 ? true : undefined));
      assert.equal((await me(token)).body.code, 'partner_user_inactive');
      await app.twentyRest('PATCH', `/rest/agencyUsers/${VERA.id}`, { active: true });
      await waitFor('the reactivation', async () => ((await me(token)).status === 200 ? true : undefined));
      await app.twentyRest('PATCH', `/rest/agencies/${DEMO_AGENCIES.gorod}`, { status: 'SUSPENDED' });
      await waitFor('the suspension', async () => ((await me(token)).status === 403 ? true : undefined));
      assert.equal((await me(token)).body.code, 'agency_not_active');
      await app.twentyRest('PATCH', `/rest/agencies/${DEMO_AGENCIES.gorod}`, { status: 'ACTIVE' });
      await waitFor('the agency back', async () => ((await me(token)).status === 200 ? true : undefined));
      vera = token;
    });
  });

  describe('cross-agency probes (BOLA) through the API', () => {
    it('answers 404 for units, boards and lots outside the scope, by id', async () => {
      for (const [token, path] of [
        [vera, `/partner/v1/units/${SEVERNY_FLAT}`],
        [anna, `/partner/v1/units/${RECHNOY_FLAT}`],
        [anna, `/partner/v1/units/${unitId('SEVERNY', '1', 1, 1)}`], // sold: outside Этажи's statuses
        [vera, `/partner/v1/chessboard/${buildingId('SEVERNY', '1')}`],
        [vera, `/partner/v1/units/${unitId('RECHNOY', '1', 1, 2)}`], // storage: outside Городской's kinds
      ] as const) {
        const r = await app.partner(path, { token });
        assert.equal(r.status, 404, `${path}: ${r.status}`);
        assert.ok(!JSON.stringify(r.body).includes('"rows"'));
      }
      const list = await app.partner(`/partner/v1/units?buildingId=${buildingId('SEVERNY', '1')}`, {
        token: vera,
      });
      assert.equal(list.status, 200);
      assert.deepEqual(list.body.units, []);
    });

    it('refuses filter injection and tampered cursors', async () => {
      for (const query of [
        'status=or(FREE,SOLD)',
        'filter=or(status[eq]:SOLD)',
        `buildingId=${encodeURIComponent("' or 1=1 --")}`,
        'kind=FLAT)or(kind[neq]:FLAT',
        'cursor=AAAA',
        `cursor=${Buffer.from(JSON.stringify({ v: 1, after: "x' or '1'='1" })).toString('base64url')}`,
        'limit=100000',
      ]) {
        const r = await app.partner(`/partner/v1/units?${query}`, { token: vera });
        assert.equal(r.status, 400, `${query}: ${r.status}`);
        assert.equal(r.body.units, undefined);
      }
      const foreign = Buffer.from(
        JSON.stringify({ v: 1, after: '00000000-0000-4000-8000-000000000000' }),
      ).toString('base64url');
      const r = await app.partner(`/partner/v1/units?cursor=${foreign}`, { token: vera });
      assert.equal(r.status, 200);
      for (const u of r.body.units) assert.equal(u.building.id, buildingId('RECHNOY', '1'));
    });

    it('refuses mass assignment and foreign targets on POST, writing nothing', async () => {
      const bookings = await countIn('booking');
      const applications = await countIn('auctionApplication');
      const client = { name: 'Клиент Пробный' };
      for (const [path, body, status] of [
        ['/partner/v1/bookings', { unitId: RECHNOY_FLAT, client, agencyId: DEMO_AGENCIES.etazhi }, 400],
        ['/partner/v1/bookings', { unitId: RECHNOY_FLAT, client, status: 'CONFIRMED' }, 400],
        [
          '/partner/v1/bookings',
          { unitId: RECHNOY_FLAT, client: { ...client, agencyId: DEMO_AGENCIES.etazhi } },
          400,
        ],
        ['/partner/v1/bookings', { unitId: RECHNOY_FLAT, client, staffNote: 'x' }, 400],
        ['/partner/v1/bookings', { unitId: SEVERNY_FLAT, client }, 404],
        ['/partner/v1/bookings', { unitId: 'not-a-uuid', client }, 400],
        ['/partner/v1/bookings', { unitId: RECHNOY_FLAT, client: { name: '' } }, 400],
        ['/partner/v1/applications', { lotId: LOT_SEVERNY, client }, 404],
        ['/partner/v1/applications', { lotId: LOT_SEVERNY, client, agencyId: DEMO_AGENCIES.gorod }, 400],
        ['/partner/v1/applications', { lotId: LOT_SEVERNY, client, admission: 'ADMITTED' }, 400],
      ] as const) {
        const r = await app.partner(path, { token: vera, body });
        assert.equal(
          r.status,
          status,
          `${path} ${JSON.stringify(body)}: ${r.status} ${JSON.stringify(r.body)}`,
        );
        if (status === 400) assert.ok(typeof r.body.field === 'string' || typeof r.body.message === 'string');
      }
      assert.equal(await countIn('booking'), bookings, 'no booking written');
      assert.equal(await countIn('auctionApplication'), applications, 'no application written');
    });

    it('masks fields by level and never shows another agency’s clients', async () => {
      const mine = await app.partner('/partner/v1/bookings', {
        token: anna,
        body: { unitId: SEVERNY_FLAT, client: { name: 'Секретов Секрет', phone: '+7 900 000-00-99' } },
      });
      assert.equal(mine.status, 201);
      const basic = await app.partner('/partner/v1/units?limit=500', { token: vera });
      const text = JSON.stringify(basic.body);
      for (const hidden of ['price', 'cadastral', 'externalCode', 'T-RECHNOY'])
        assert.ok(!text.includes(hidden), hidden);
      const extended = JSON.stringify(
        (await app.partner('/partner/v1/units?limit=500', { token: anna })).body,
      );
      assert.ok(!extended.includes('T-SEVERNY'), 'the import key stays staff-only');
      await waitFor('the booking replicated', async () =>
        (await app.partner('/partner/v1/bookings', { token: anna })).body.bookings.length > 0
          ? true
          : undefined,
      );
      const theirs = JSON.stringify((await app.partner('/partner/v1/bookings', { token: vera })).body);
      assert.ok(!theirs.includes('Секретов'));
      const me = JSON.stringify((await app.partner('/partner/v1/me', { token: vera })).body);
      assert.ok(!me.includes(DEMO_AGENCIES.etazhi));
    });
  });

  describe('the same probes through the portal pages', () => {
    let cookie: string;
    before(async () => {
      cookie = await signInCookie('vera@gorod.demo');
    });

    it('sends a browser without a session to sign in, and a forged session too', async () => {
      for (const c of [undefined, 'realty_partner=forged-session-id']) {
        const r = await app.partner('/partner/requests', c ? { cookie: c } : {});
        assert.equal(r.status, 302);
        assert.match(String(r.headers.get('location')), /^\/partner\/login\?next=/);
      }
    });

    it('answers 404 for another agency’s units on the pages, and shows no other agency’s data', async () => {
      for (const path of [`/partner/units/${SEVERNY_FLAT}`, `/partner/book?unit=${SEVERNY_FLAT}`]) {
        const r = await app.partner(path, { cookie });
        assert.equal(r.status, 404, path);
      }
      const board = await app.partner(`/chessboard?building=${buildingId('SEVERNY', '1')}`, { cookie });
      // Outside the scope the building does not exist: the page answers 404 with the shell and its banner.
      assert.equal(board.status, 404);
      assert.match(String(board.body), /chessboard_building_not_found/);
      assert.ok(!String(board.body).includes('S1-11'), 'no unit of another scope on the board page');
      const requests = await app.partner('/partner/requests', { cookie });
      assert.equal(requests.status, 200);
      assert.ok(!String(requests.body).includes('Секретов'));
      const apply = await app.partner('/partner/apply', { cookie });
      assert.ok(!String(apply.body).includes(LOT_SEVERNY));
    });

    it('refuses mass assignment from a portal session, and a cookie of a deactivated user', async () => {
      const before = await countIn('booking');
      const r = await app.partner('/partner/v1/bookings', {
        cookie,
        body: { unitId: RECHNOY_FLAT, client: { name: 'Клиент' }, agencyId: DEMO_AGENCIES.etazhi },
      });
      assert.equal(r.status, 400);
      assert.equal(await countIn('booking'), before);
      const boris = await signInCookie('boris@etazhi.demo');
      const borisUser = DEMO_AGENCY_USERS.find((u) => u.email === 'boris@etazhi.demo') as { id: string };
      await app.twentyRest('PATCH', `/rest/agencyUsers/${borisUser.id}`, { active: false });
      await waitFor('the deactivation', async () =>
        (await app.partner('/partner/requests', { cookie: boris })).status === 401 ? true : undefined,
      );
      await app.twentyRest('PATCH', `/rest/agencyUsers/${borisUser.id}`, { active: true });
    });

    it('locks a user out after repeated wrong passwords (429 with Retry-After)', async () => {
      let last: Response | undefined;
      for (let i = 0; i < 5; i++)
        last = await fetch(`${app.url}/partner/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'boris@etazhi.demo', password: `wrong-password-${i}` }),
        });
      assert.equal(last?.status, 429);
      assert.ok(Number(last?.headers.get('retry-after')) > 0);
      const right = await app.partner('/partner/v1/token', {
        body: { email: 'boris@etazhi.demo', password: 'demo-partner-2026' },
      });
      assert.equal(right.status, 429, 'locked even with the right password');
      assert.equal(right.body.code, 'partner_locked_out');
      // The admin's `agency-user unlock` operation (the route door of `realty agency-user unlock`).
      const unlock = await fetch(`${app.url}/api/operations/agency-user/unlock`, {
        method: 'POST',
        headers: { authorization: `Bearer ${app.staffToken('admin')}`, 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'boris@etazhi.demo' }),
      });
      assert.equal(unlock.status, 200);
      const again = await app.partner('/partner/v1/token', {
        body: { email: 'boris@etazhi.demo', password: 'demo-partner-2026' },
      });
      assert.equal(again.status, 200);
    });
  });
  describe('section-only and building-only grants are exact on every partner route and page (issue 28)', () => {
    const reg = fixtureRegistry();
    const LOTS = new Map([
      [LOT_SEVERNY, unitId('SEVERNY', '1', 1, 0)],
      [LOT_RECHNOY, unitId('RECHNOY', '1', 1, 0)],
      [LOT_ZARECHYE, unitId('ZARECHYE', '1', 1, 0)],
    ]);
    const kindOf = new Map<string, string>([
      ...reg.complexes.map((c) => [c.id, 'complex'] as const),
      ...reg.buildings.map((b) => [b.id, 'building'] as const),
      ...reg.sections.map((x) => [x.id, 'section'] as const),
      ...reg.units.map((u) => [u.id, 'unit'] as const),
      ...[...LOTS.keys()].map((l) => [l, 'lot'] as const),
    ]);
    /** Routes that carry no registry data (signing in and out, passwords): nothing to leak. */
    const NO_DATA = new Set([
      'POST /partner/v1/token',
      'GET /partner/login',
      'POST /partner/login',
      'POST /partner/logout',
      'GET /partner/logout',
      'GET /partner/password',
      'POST /partner/password',
    ]);
    /** Live streams stay open; what they send is the change feed's (filtered by principal). */
    const STREAMS = new Set(['GET /api/chessboard/stream']);

    interface Case {
      name: string;
      grants: Record<string, unknown>[];
      units: Set<string>;
    }
    const unitsWhere = (keep: (u: (typeof reg.units)[number]) => boolean) =>
      new Set(reg.units.filter(keep).map((u) => u.id));
    const cases: Case[] = [
      {
        name: 'section-only (section 2 of Северный парк, корпус 2)',
        grants: [{ sectionId: sectionId('SEVERNY', '2', 2) }],
        units: unitsWhere((u) => u.sectionId === sectionId('SEVERNY', '2', 2)),
      },
      {
        name: 'building-only (Заречье, корпус 1)',
        grants: [{ buildingId: buildingId('ZARECHYE', '1') }],
        units: unitsWhere((u) => u.buildingId === buildingId('ZARECHYE', '1')),
      },
      {
        // Each grant whole: not the storerooms of the section, not the sold flats of the building.
        name: 'flats of a section and free units of a building',
        grants: [
          { sectionId: sectionId('RECHNOY', '2', 1), kinds: ['FLAT'] },
          { buildingId: buildingId('SEVERNY', '1'), statuses: ['FREE'] },
        ],
        units: unitsWhere(
          (u) =>
            (u.sectionId === sectionId('RECHNOY', '2', 1) && u.kind === 'FLAT') ||
            (u.buildingId === buildingId('SEVERNY', '1') && u.status === 'FREE'),
        ),
      },
    ];

    for (const c of cases)
      it(`${c.name}: lists, cards, boards, exports, bookings and applications show exactly its places`, async () => {
        // The places holding a visible unit, and nothing else.
        const units = reg.units.filter((u) => c.units.has(u.id));
        const allowed = new Set<string>([
          ...units.map((u) => u.id),
          ...units.map((u) => u.sectionId),
          ...units.map((u) => u.buildingId),
          ...reg.buildings.filter((b) => units.some((u) => u.buildingId === b.id)).map((b) => b.complexId),
          ...[...LOTS].filter(([, unit]) => c.units.has(unit)).map(([lot]) => lot),
        ]);
        const hiddenNumbers = reg.units.filter((u) => !c.units.has(u.id)).map((u) => u.number);
        const agencyId = uuidV5(`test:exact:${c.name}`);
        const userId = uuidV5(`test:exact-user:${c.name}`);
        await app.twentyRest('POST', '/rest/agencies', {
          id: agencyId,
          name: `Точное агентство ${agencyId.slice(0, 6)}`,
          accreditedFrom: '2025-01-01',
          accreditedUntil: '2030-12-31',
          status: 'ACTIVE',
        });
        await app.twentyRest('POST', '/rest/agencyUsers', {
          id: userId,
          agencyId,
          name: 'Точный агент',
          email: `exact-${agencyId.slice(0, 8)}@exact.test`,
          active: true,
          userRole: 'MANAGER',
        });
        for (const grant of c.grants)
          await app.twentyRest('POST', '/rest/agencyAccesses', {
            agencyId,
            kinds: [],
            statuses: [],
            validFrom: '2025-01-01',
            fieldLevel: 'EXTENDED',
            ...grant,
          });
        const token = issuePartnerToken({ userId, agencyId }, { key, ttlSeconds: 900 }).token;
        await waitFor('the grant in force', async () => {
          const r = await app.partner('/partner/v1/units?limit=500', { token });
          return r.status === 200 && r.body.units?.length === c.units.size ? true : undefined;
        });

        const leaks: string[] = [];
        const seen = new Map<string, Set<string>>();
        /** Ids the caller named itself (a 404 may repeat them) do not count as shown. */
        const inspect = (what: string, text: string, asked: string) => {
          const ids = new Set(
            text.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g) ?? [],
          );
          seen.set(what, ids);
          for (const id of ids)
            if (kindOf.has(id) && !allowed.has(id) && !asked.includes(id))
              leaks.push(`${what}: ${kindOf.get(id)} ${id}`);
          for (const n of hiddenNumbers)
            if (new RegExp(`(^|[^\\w-])${n}([^\\w-]|$)`).test(text)) leaks.push(`${what}: unit number ${n}`);
        };
        const call = async (method: string, path: string, body?: unknown) => {
          const res = await fetch(`${app.url}${path}`, {
            method,
            redirect: 'manual',
            headers: {
              authorization: `Bearer ${token}`,
              ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
            signal: AbortSignal.timeout(20_000),
          });
          const type = res.headers.get('content-type') ?? '';
          let text: string;
          if (type.includes('spreadsheet')) {
            const book = new ExcelJS.Workbook();
            await book.xlsx.load(await res.arrayBuffer());
            const cells: string[] = [];
            book.eachSheet((sheet) =>
              sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.text)))),
            );
            text = cells.join('\n');
          } else text = await res.text();
          inspect(`${method} ${path} (${res.status})`, text, `${path} ${JSON.stringify(body ?? null)}`);
          assert.ok(res.status < 500, `${method} ${path}: ${res.status} ${text.slice(0, 200)}`);
          return res.status;
        };

        // Ids to try: every visible unit and place, and one unit of every other section (every other place).
        const otherSections = reg.sections.filter((x) => !units.some((u) => u.sectionId === x.id));
        const probeUnits = [
          ...units.map((u) => u.id),
          ...otherSections.map((x) => reg.units.find((u) => u.sectionId === x.id)?.id as string),
        ];
        const probes: Record<string, readonly string[]> = {
          unitId: probeUnits,
          unit: probeUnits,
          buildingId: reg.buildings.map((b) => b.id),
          building: reg.buildings.map((b) => b.id),
          complexId: reg.complexes.map((x) => x.id),
          lotId: [...LOTS.keys()],
        };
        const routes = app.runtime.registry.routes.filter((r) => r.roles.includes('partner'));
        const unprobed: string[] = [];
        for (const route of routes) {
          const key = `${route.method} ${route.path}`;
          if (NO_DATA.has(key) || STREAMS.has(key)) continue;
          const params = [...route.path.matchAll(/:([a-zA-Z]+)/g)].map((m) => m[1] as string);
          if (route.method === 'GET') {
            if (params.length === 0) {
              await call('GET', route.path);
              const shape = (route.query as { shape?: Record<string, unknown> } | undefined)?.shape ?? {};
              for (const q of Object.keys(shape).filter((k) => probes[k]))
                for (const id of probes[q] ?? []) await call('GET', `${route.path}?${q}=${id}`);
              continue;
            }
            if (params.length !== 1 || !probes[params[0] as string]) {
              unprobed.push(key);
              continue;
            }
            for (const id of probes[params[0] as string] ?? []) {
              const status = await call('GET', route.path.replace(/:[a-zA-Z]+/, id));
              assert.equal(status, allowed.has(id) ? 200 : 404, `${key} for ${kindOf.get(id)} ${id}`);
            }
            continue;
          }
          if (key === 'POST /partner/v1/bookings') {
            for (const id of probeUnits.filter((u) => !allowed.has(u)))
              assert.equal(
                await call('POST', route.path, { unitId: id, client: { name: 'Проба' } }),
                404,
                id,
              );
            assert.equal(
              await call('POST', route.path, { unitId: units[0]?.id, client: { name: 'Проба' } }),
              201,
            );
            continue;
          }
          if (key === 'POST /partner/v1/applications') {
            for (const lot of LOTS.keys())
              assert.equal(
                await call('POST', route.path, { lotId: lot, client: { name: 'Проба' } }),
                allowed.has(lot) ? 201 : 404,
                lot,
              );
            continue;
          }
          unprobed.push(key);
        }
        assert.deepEqual(unprobed, [], 'partner routes without a probe: add one here');
        assert.deepEqual(leaks, [], `shown outside the grant:\n${leaks.join('\n')}`);

        // Exactly: the lists name every visible unit and place, not a subset.
        const ofKind = (what: string, kind: string) =>
          [...(seen.get(what) ?? [])].filter((id) => kindOf.get(id) === kind).sort();
        const expected = (kind: string) => [...allowed].filter((id) => kindOf.get(id) === kind).sort();
        assert.deepEqual(ofKind('GET /partner/v1/units (200)', 'unit'), expected('unit'));
        assert.deepEqual(ofKind('GET /partner/v1/buildings (200)', 'building'), expected('building'));
        assert.deepEqual(ofKind('GET /partner/v1/buildings (200)', 'complex'), expected('complex'));
        assert.deepEqual(ofKind('GET /api/chessboard/buildings (200)', 'building'), expected('building'));
      });
  });
});
