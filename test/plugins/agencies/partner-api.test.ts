/**
 * The partner API end to end on the fixture: tokens for credentials, each demo
 * agency sees only its own scope at its own level, units list/card/board,
 * bookings and applications filed for clients land in Twenty attributed to the
 * agency, grants and deactivation take effect on the next request, the rate
 * limit answers 429 with Retry-After, the access log records each answer, and
 * the staff chessboard's agencyId filter shows an agency's scope.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { linkPendingClients } from '../../../plugins/agencies/handlers';
import {
  type AgenciesApp,
  buildingId,
  complexId,
  DEMO_AGENCIES,
  LOT_RECHNOY,
  LOT_SEVERNY,
  startAgenciesApp,
  unitId,
  waitFor,
} from './agencies-app';

let app: AgenciesApp;
let anna: string;
let vera: string;

describe('the partner API', () => {
  before(async () => {
    app = await startAgenciesApp();
    anna = await app.token('anna@etazhi.demo');
    vera = await app.token('vera@gorod.demo');
  });
  after(async () => {
    await app?.close();
  });

  it('issues a short token for credentials and refuses wrong ones', async () => {
    const r = await app.partner('/partner/v1/token', {
      body: { email: 'anna@etazhi.demo', password: 'demo-partner-2026' },
    });
    assert.equal(r.status, 200);
    assert.equal(r.body.tokenType, 'Bearer');
    assert.ok(r.body.expiresIn <= 900);
    const wrong = await app.partner('/partner/v1/token', {
      body: { email: 'anna@etazhi.demo', password: 'nope-nope-nope' },
    });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.code, 'partner_bad_credentials');
    const nobody = await app.partner('/partner/v1/token', {
      body: { email: 'who@nowhere.demo', password: 'nope-nope-nope' },
    });
    assert.equal(nobody.status, 401);
    assert.equal(nobody.body.code, 'partner_bad_credentials');
    const suspended = await app.partner('/partner/v1/token', {
      body: { email: 'oleg@old-partner.demo', password: 'demo-partner-2026' },
    });
    assert.equal(suspended.status, 403);
    assert.equal(suspended.body.code, 'agency_not_active');
  });

  it('shows each agency only its own scope, at its own level', async () => {
    const a = await app.partner('/partner/v1/units?limit=500', { token: anna });
    assert.equal(a.status, 200, JSON.stringify(a.body));
    // Этажи: all of Северный парк (2 buildings × 2 sections), flats and storage, free or reserved.
    assert.ok(a.body.units.length > 0);
    for (const u of a.body.units) {
      assert.equal(u.complex.id, complexId('SEVERNY'));
      assert.ok(['FLAT', 'STORAGE'].includes(u.kind), u.kind);
      assert.ok(['FREE', 'RESERVED'].includes(u.status), u.status);
      assert.ok(u.price, 'EXTENDED shows prices');
    }
    assert.equal(a.body.units.length, 2 * 2 * 2);
    const v = await app.partner('/partner/v1/units?limit=500', { token: vera });
    assert.equal(v.status, 200);
    for (const u of v.body.units) {
      assert.equal(u.building.id, buildingId('RECHNOY', '1'));
      assert.equal(u.kind, 'FLAT');
      assert.equal(u.price, undefined, 'BASIC shows no prices');
    }
    assert.equal(v.body.units.length, 2 * 2);
  });

  it('filters and pages the unit list like the chessboard', async () => {
    const free = await app.partner('/partner/v1/units?status=FREE&kind=FLAT', { token: anna });
    assert.equal(free.status, 200);
    assert.ok(
      free.body.units.every(
        (u: { status: string; kind: string }) => u.status === 'FREE' && u.kind === 'FLAT',
      ),
    );
    const page1 = await app.partner('/partner/v1/units?limit=3', { token: anna });
    assert.equal(page1.body.units.length, 3);
    assert.equal(page1.body.pageInfo.hasNextPage, true);
    const page2 = await app.partner(`/partner/v1/units?limit=3&cursor=${page1.body.pageInfo.endCursor}`, {
      token: anna,
    });
    assert.equal(page2.status, 200);
    const ids = new Set([...page1.body.units, ...page2.body.units].map((u: { id: string }) => u.id));
    assert.equal(ids.size, 6);
    const bad = await app.partner('/partner/v1/units?priceMin=abc', { token: anna });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.field, 'priceMin');
    const hidden = await app.partner('/partner/v1/units?priceMin=100', { token: vera });
    assert.equal(hidden.status, 400, 'a BASIC agency cannot filter on prices it cannot see');
  });

  it('gives the unit card at the level and the chessboard of a building in scope', async () => {
    const card = await app.partner(`/partner/v1/units/${unitId('SEVERNY', '1', 1, 0)}`, { token: anna });
    assert.equal(card.status, 200);
    assert.ok(
      card.body.rows.some((r: { label: string }) => r.label === 'Цена'),
      JSON.stringify(card.body.rows),
    );
    const basic = await app.partner(`/partner/v1/units/${unitId('RECHNOY', '1', 1, 0)}`, { token: vera });
    assert.equal(basic.status, 200);
    assert.ok(!basic.body.rows.some((r: { label: string }) => r.label === 'Цена'));
    const board = await app.partner(`/partner/v1/chessboard/${buildingId('SEVERNY', '1')}`, { token: anna });
    assert.equal(board.status, 200);
    assert.ok(board.body.sections.length > 0);
    const buildings = await app.partner('/partner/v1/buildings', { token: vera });
    assert.deepEqual(
      buildings.body.buildings.map((b: { id: string }) => b.id),
      [buildingId('RECHNOY', '1')],
    );
  });

  it('files a booking for a client in the agency’s name and lists it', async () => {
    const unit = unitId('SEVERNY', '2', 1, 0);
    const r = await app.partner('/partner/v1/bookings', {
      token: anna,
      body: {
        unitId: unit,
        client: { name: 'Петров Пётр Петрович', phone: '+7 900 111-22-33' },
        comment: 'звонить после 18',
      },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const record = (await app.runtime.twenty.records('booking').get(r.body.booking.id)) as Record<
      string,
      unknown
    >;
    assert.equal(record.agencyId, DEMO_AGENCIES.etazhi);
    assert.equal(record.status, 'REQUESTED');
    assert.equal(record.unitId, unit);
    await waitFor('the booking in the read model', async () =>
      (await app.partner('/partner/v1/bookings', { token: anna })).body.bookings.length === 1
        ? true
        : undefined,
    );
    const other = await app.partner('/partner/v1/bookings', { token: vera });
    assert.deepEqual(other.body.bookings, []);
    // The job links the client to a person (found by phone/e-mail, or created).
    assert.equal(await linkPendingClients(app.runtime.contextFor('agencies')), 1);
    const linked = (await app.runtime.twenty.records('booking').get(r.body.booking.id)) as Record<
      string,
      unknown
    >;
    assert.ok(linked.clientId);
    const person = (await app.runtime.twenty.records('person').get(String(linked.clientId))) as unknown as {
      name: { lastName: string };
    };
    assert.equal(person.name.lastName, 'Петров');
  });

  it('refuses a booking on a unit that is not free', async () => {
    const sold = unitId('SEVERNY', '1', 1, 1);
    const r = await app.partner('/partner/v1/bookings', {
      token: anna,
      body: { unitId: sold, client: { name: 'Иванов Иван' } },
    });
    assert.equal(r.status, 404, 'a sold unit is outside the scope (statuses FREE, RESERVED)');
  });

  it('files an auction application for a lot in scope, not for one outside', async () => {
    const r = await app.partner('/partner/v1/applications', {
      token: anna,
      body: { lotId: LOT_SEVERNY, client: { name: 'Сидорова Анна', email: 'sidorova@example.com' } },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const record = (await app.runtime.twenty
      .records('auctionApplication')
      .get(r.body.application.id)) as Record<string, unknown>;
    assert.equal(record.agencyId, DEMO_AGENCIES.etazhi);
    const outside = await app.partner('/partner/v1/applications', {
      token: anna,
      body: { lotId: LOT_RECHNOY, client: { name: 'Сидорова Анна' } },
    });
    assert.equal(outside.status, 404);
    await waitFor('the application listed', async () => {
      const list = await app.partner('/partner/v1/applications', { token: anna });
      return list.body.applications.length === 1 && list.body.applications[0].client?.name === 'Сидорова Анна'
        ? true
        : undefined;
    });
  });

  it('applies a withdrawn grant on the next request after its webhook', async () => {
    const grant = (
      await app.runtime.twenty
        .records('agencyAccess')
        .list({ filter: `agencyId[eq]:"${DEMO_AGENCIES.gorod}"` })
    ).records[0];
    assert.ok(grant);
    await app.twentyRest('PATCH', `/rest/agencyAccesses/${grant.id}`, { validTo: '2020-01-01' });
    await waitFor('the grant withdrawn', async () =>
      (await app.partner('/partner/v1/units', { token: vera })).body.units?.length === 0 ? true : undefined,
    );
    await app.twentyRest('PATCH', `/rest/agencyAccesses/${grant.id}`, { validTo: null });
    await waitFor('the grant back', async () =>
      (await app.partner('/partner/v1/units', { token: vera })).body.units?.length === 4 ? true : undefined,
    );
  });

  it('leaves an expired or future grant out of the scope, whatever else the agency has', async () => {
    await app.runtime.twenty.records('agencyAccess').createMany([
      {
        agencyId: DEMO_AGENCIES.gorod,
        complexId: complexId('SEVERNY'),
        validFrom: '2020-01-01',
        validTo: '2021-01-01',
        fieldLevel: 'EXTENDED',
      },
      {
        agencyId: DEMO_AGENCIES.gorod,
        complexId: complexId('ZARECHYE'),
        validFrom: '2099-01-01',
        fieldLevel: 'EXTENDED',
      },
    ]);
    await waitFor('the grants replicated', async () =>
      (await app.runtime.store.readModel.count('agencyAccess')) >= 5 ? true : undefined,
    );
    const r = await app.partner('/partner/v1/units?limit=500', { token: vera });
    assert.equal(r.status, 200);
    assert.equal(r.body.units.length, 4);
    for (const u of r.body.units) assert.equal(u.building.id, buildingId('RECHNOY', '1'));
    assert.equal(r.body.units[0].price, undefined, 'the level stays BASIC');
  });

  it('logs every partner answer: who, agency, route, record ids, result', async () => {
    const unit = unitId('SEVERNY', '1', 1, 0);
    await app.partner(`/partner/v1/units/${unit}`, { token: anna });
    const rows = await app.runtime.store.sql.query<{
      user_id: string;
      agency_id: string;
      route: string;
      status: number;
      record_ids: string[];
    }>(
      `select user_id::text as user_id, agency_id::text as agency_id, route, status, record_ids
         from agencies_access_log where route = '/partner/v1/units/:unitId' order by id desc limit 1`,
    );
    const row = rows.rows[0];
    assert.ok(row);
    assert.equal(row.agency_id, DEMO_AGENCIES.etazhi);
    assert.equal(row.status, 200);
    assert.ok(row.record_ids.includes(unit));
  });

  it('shows staff an agency’s scope on the chessboard (agencyId filter)', async () => {
    const staff = app.staffToken('sales');
    const res = await fetch(
      `${app.url}/api/chessboard/${buildingId('RECHNOY', '1')}?agencyId=${DEMO_AGENCIES.gorod}`,
      {
        headers: { authorization: `Bearer ${staff}` },
      },
    );
    const board = (await res.json()) as { units?: { kind: string; matches: boolean }[]; sections: unknown[] };
    assert.equal(res.status, 200, JSON.stringify(board));
    const units = (board.units ?? []) as { kind: string; matches: boolean }[];
    if (units.length > 0) for (const u of units) assert.equal(u.matches, u.kind === 'FLAT');
    const outside = await fetch(
      `${app.url}/api/chessboard/${buildingId('SEVERNY', '1')}?agencyId=${DEMO_AGENCIES.gorod}`,
      {
        headers: { authorization: `Bearer ${staff}` },
      },
    );
    const outsideBoard = JSON.stringify(await outside.json());
    assert.equal(outside.status, 200);
    assert.ok(!outsideBoard.includes('"matches":true'));
    const unknown = await fetch(
      `${app.url}/api/chessboard/${buildingId('SEVERNY', '1')}?agencyId=${complexId('NOPE')}`,
      {
        headers: { authorization: `Bearer ${staff}` },
      },
    );
    assert.equal(unknown.status, 404);
  });

  it('answers 429 with Retry-After over the agency’s rate limit', async () => {
    // The limit is per agency and per minute (AGENCIES_RATE_LIMIT_PER_MINUTE, default 120).
    let limited: { status: number; headers: Headers } | undefined;
    for (let i = 0; i < 130 && !limited; i++) {
      const r = await app.partner('/partner/v1/me', { token: vera });
      if (r.status === 429) limited = r;
    }
    assert.ok(limited, 'no 429 within 130 requests');
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    const otherAgency = await app.partner('/partner/v1/me', { token: anna });
    assert.equal(otherAgency.status, 200, 'another agency is not limited');
  });
});
