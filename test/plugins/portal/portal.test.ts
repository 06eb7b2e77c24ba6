/**
 * The portal end to end on one app stack (devhost, runtime, app server, webhooks): the YRL feeds
 * parsed back with fast-xml-parser and every required element checked per offer; the units a feed
 * leaves out, listed by `feed validate`; the site API's filters, paging and public fields; ETag and
 * 304; CORS; the rate limit; floor plans for the public and for staff.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { chessboardPlugin } from '../../../plugins/chessboard/index';
import { portalPlugin } from '../../../plugins/portal/index';
import { registryPlugin } from '../../../plugins/registry/index';
import { type AppStack, startAppStack, waitFor } from '../../support/app-stack';
import { COMPLEX_NAME, EXCLUDED, fixtureUnits, IDS, writeFixture } from './portal-fixture';

const ORIGIN = 'https://novostroyki.example.ru';

describe('portal: site API, feeds and floor plans', () => {
  let stack: AppStack;
  const units = fixtureUnits();
  const unitId = (number: string) => units.find((u) => u.number === number)?.id as string;

  before(async () => {
    process.env.PORTAL_CORS_ORIGINS = ORIGIN;
    process.env.PORTAL_RATE_LIMIT_PER_MINUTE = '5000';
    process.env.PORTAL_SALES_AGENT_ORGANIZATION = 'АО «Тест & Ко»';
    stack = await startAppStack({
      name: 'portal',
      plugins: [registryPlugin, chessboardPlugin, portalPlugin],
      webhook: true,
      publicUrl: 'http://localhost:4998',
      rateLimit: { requestsPerMinute: 6000, requestsPerSecond: 100 },
    });
    const count = await writeFixture(stack.runtime.twenty);
    await waitFor('the fixture in the read model', async () =>
      (await stack.runtime.store.readModel.count('unit')) >= count ? true : undefined,
    );
  });
  after(async () => {
    await stack?.close();
    delete process.env.PORTAL_CORS_ORIGINS;
    delete process.env.PORTAL_RATE_LIMIT_PER_MINUTE;
    delete process.env.PORTAL_SALES_AGENT_ORGANIZATION;
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${stack.server.url}${path}`, { headers });
  const getJson = async (path: string, headers: Record<string, string> = {}) => {
    const res = await get(path, headers);
    return { res, body: (await res.json()) as Record<string, unknown> };
  };

  const parser = new XMLParser({
    ignoreAttributes: false,
    parseTagValue: false,
    isArray: (name) => name === 'offer' || name === 'image' || name === 'phone',
  });
  type Offer = Record<string, unknown> & { '@_internal-id': string };
  const feedOffers = async (path: string) => {
    const res = await get(path);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /application\/xml/);
    const text = await res.text();
    assert.ok(text.startsWith('<?xml version="1.0" encoding="utf-8"?>'), 'the XML header at byte 0');
    const doc = parser.parse(text) as { 'realty-feed': Record<string, unknown> };
    const root = doc['realty-feed'];
    assert.equal(root['@_xmlns'], 'http://webmaster.yandex.ru/schemas/feed/realty/2010-06');
    assert.match(String(root['generation-date']), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+03:00$/);
    return { offers: (root.offer ?? []) as Offer[], res, text };
  };

  it('lists every published free unit of the feed’s buildings with every required YRL element', async () => {
    const { offers } = await feedOffers('/feeds/yrl.xml');
    const expected = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'О1', 'М1', 'B1', 'B2'].map(unitId).sort();
    assert.deepEqual(offers.map((o) => o['@_internal-id']).sort(), expected);
    for (const o of offers) {
      const unit = units.find((u) => u.id === o['@_internal-id']);
      assert.ok(unit);
      const label = `offer ${unit.number}`;
      assert.equal(o.type, 'продажа', label);
      assert.equal(o['deal-status'], 'первичная продажа', label);
      assert.match(String(o['creation-date']), /\+03:00$/, label);
      const location = o.location as Record<string, string>;
      assert.equal(location.country, 'Россия', label);
      assert.equal(location['locality-name'], 'Москва', label);
      assert.ok(location.address, label);
      const agent = o['sales-agent'] as Record<string, unknown>;
      assert.equal(agent.category, 'застройщик', label);
      assert.deepEqual(agent.phone, ['+74950000000'], label);
      assert.equal(agent.organization, 'АО «Тест & Ко»', label);
      const price = o.price as Record<string, string>;
      assert.equal(price.currency, 'RUR', label);
      assert.equal(
        Number(price.value) * 1_000_000,
        (unit.price as { amountMicros: number }).amountMicros,
        label,
      );
      const area = o.area as Record<string, string>;
      assert.equal(Number(area.value), unit.totalArea, label);
      assert.equal(area.unit, 'кв. м', label);
      assert.equal(Number(o.floor), unit.floor, label);
      assert.ok(Number(o['floors-total']) > 0, label);
      assert.equal(o['building-name'], COMPLEX_NAME, `${label}: escaped text reads back`);
      assert.equal(o['yandex-building-id'], '2133018', label);
      assert.match(String(o['yandex-house-id']), /^292359[89]$/, label);
      assert.ok(['unfinished', 'hand-over', 'built'].includes(String(o['building-state'])), label);
      assert.match(String(o['built-year']), /^20\d\d$/, label);
      const images = o.image as Array<Record<string, string>>;
      assert.equal(images[0]?.['@_tag'], 'plan', label);
      assert.match(
        images[0]?.['#text'] ?? '',
        /^http:\/\/localhost:4998\/portal\/v1\/sections\/.+\/floor-plan\.png$/,
      );
      if (unit.kind === 'FLAT') {
        assert.equal(o['property-type'], 'жилая', label);
        assert.equal(o.category, 'квартира', label);
        assert.equal(o['new-flat'], '1', label);
        if (unit.rooms === 0) assert.equal(o.studio, '1', label);
        else assert.equal(Number(o.rooms), unit.rooms, label);
      }
      if (unit.kind === 'OFFICE') assert.equal(o.category, 'commercial', label);
      if (unit.kind === 'PARKING') {
        assert.equal(o.category, 'гараж', label);
        assert.ok(o['garage-type'], label);
      }
      if (o['building-state'] === 'unfinished') assert.match(String(o['ready-quarter']), /^[1-4]$/, label);
    }
    const a = offers.find((o) => o['@_internal-id'] === unitId('1')) as Offer;
    assert.equal(a['building-state'], 'unfinished');
    assert.equal(a['ready-quarter'], '2');
    assert.equal((a['kitchen-space'] as Record<string, string>).value, '10');
    const b = offers.find((o) => o['@_internal-id'] === unitId('B1')) as Offer;
    assert.equal(b['building-state'], 'hand-over');
  });

  it('gives DomClick only the buildings that chose it', async () => {
    const { offers } = await feedOffers('/feeds/domclick.xml');
    const ids = offers.map((o) => o['@_internal-id']);
    assert.ok(ids.includes(unitId('1')));
    assert.ok(!ids.includes(unitId('B1')) && !ids.includes(unitId('B2')), 'building B is Yandex only');
  });

  it('lists the units left out with their missing or invalid fields in Russian (feed validate)', async () => {
    const res = await fetch(`${stack.server.url}/api/operations/feed/validate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.staffToken('admin')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ feed: 'yrl' }),
    });
    assert.equal(res.status, 200);
    const result = (await res.json()) as {
      checked: number;
      included: number;
      excluded: Array<{
        unitId: string;
        number: string;
        problems: Array<{ element: string; message: string }>;
      }>;
    };
    assert.equal(result.included, 13);
    assert.deepEqual(result.excluded.map((e) => e.number).sort(), Object.keys(EXCLUDED).sort());
    for (const e of result.excluded) {
      const element = EXCLUDED[e.number as keyof typeof EXCLUDED];
      assert.ok(
        e.problems.some((p) => p.element === element && /[а-я]/.test(p.message)),
        `${e.number}: ${JSON.stringify(e.problems)}`,
      );
    }
    const noRooms = result.excluded.find((e) => e.number === '54');
    assert.match(noRooms?.problems[0]?.message ?? '', /не заполнено: число комнат/);
  });

  it('answers 304 to a caller holding the feed’s ETag, and a new ETag once a unit changes', async () => {
    const first = await get('/feeds/yrl.xml');
    await first.text();
    const etag = first.headers.get('etag') as string;
    assert.ok(etag);
    assert.ok(first.headers.get('last-modified'));
    const again = await get('/feeds/yrl.xml', { 'if-none-match': etag });
    assert.equal(again.status, 304);
    // A person edits a price in Twenty: the event bumps the feeds' version.
    await stack.twentyRest('PATCH', `/rest/units/${unitId('2')}`, {
      price: { amountMicros: 21_000_000_000_000, currencyCode: 'RUB' },
    });
    const changed = await waitFor('a new feed ETag', async () => {
      const res = await get('/feeds/yrl.xml', { 'if-none-match': etag });
      if (res.status === 200) return res;
      return undefined;
    });
    const text = await changed.text();
    assert.match(text, /<value>21000000<\/value>/);
    assert.notEqual(changed.headers.get('etag'), etag);
  });

  it('searches available published units with filters and cursor paging', async () => {
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const { res, body } = await getJson(`/portal/v1/units?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(res.status, 200);
      const items = body.items as Array<{ id: string; price: { amount: number } }>;
      assert.ok(items.length <= 4);
      all.push(...items.map((i) => i.id));
      cursor = body.nextCursor as string | null;
    } while (cursor);
    assert.equal(new Set(all).size, all.length, 'no unit twice across pages');
    assert.ok(!all.includes(unitId('50')), 'a sold unit is not available');
    assert.ok(!all.includes(unitId('51')), 'an unpublished unit never shows');
    for (const n of ['52', '53', '56'])
      assert.ok(!all.includes(unitId(n)), `${n}: no valid price or area, not offered`);
    assert.ok(all.includes(unitId('C1')), 'a site-only complex is on the site');
    const ids = async (query: string) =>
      (
        (await getJson(`/portal/v1/units?limit=100&${query}`)).body.items as Array<{
          id: string;
          number: string;
        }>
      )
        .map((i) => i.number)
        .sort();
    assert.deepEqual(await ids('kind=OFFICE'), ['О1']);
    assert.deepEqual(await ids(`buildingId=${IDS.buildingB}`), ['B1', 'B2']);
    assert.deepEqual(await ids(`complexId=${IDS.siteOnlyComplex}`), ['C1']);
    assert.deepEqual(await ids('rooms=0&kind=FLAT'), ['3', '6', '9']);
    assert.deepEqual(await ids('floorMin=3&floorMax=3&kind=FLAT'), ['4', '5', '6', 'B1', 'B2']);
    assert.deepEqual(await ids('areaMin=70&areaMax=80'), ['3', '6', '9', 'C1']);
    assert.deepEqual(await ids('priceMax=12000000&kind=FLAT'), ['B1', 'B2']);
    const bad = await getJson('/portal/v1/units?rooms=два');
    assert.equal(bad.res.status, 400);
    assert.match(String(bad.body.message), /Комнат/);
  });

  it('never shows hidden units or non-public fields', async () => {
    const paths = [
      '/portal/v1/complexes',
      `/portal/v1/complexes/${IDS.complex}/buildings`,
      '/portal/v1/units?limit=100',
      `/portal/v1/units/${unitId('1')}`,
      `/portal/v1/buildings/${IDS.buildingA}/availability`,
    ];
    for (const path of paths) {
      const res = await get(path);
      assert.equal(res.status, 200, path);
      const text = await res.text();
      for (const secret of ['SECRET', 'cadastral', 'externalCode', 'publicSale', 'importBatch', unitId('51')])
        assert.ok(!text.includes(secret), `${path} shows ${secret}`);
    }
    const hidden = await getJson(`/portal/v1/units/${unitId('51')}`);
    assert.equal(hidden.res.status, 404);
    assert.match(String(hidden.body.message), /нет в открытой продаже/);
    const sold = await getJson(`/portal/v1/units/${unitId('50')}`);
    assert.equal(sold.body.available, false);
    assert.equal(sold.body.price, null, 'a sold unit’s price is not shown');
    const card = await getJson(`/portal/v1/units/${unitId('1')}`);
    assert.equal(card.body.complexName, COMPLEX_NAME);
    assert.match(String(card.body.floorPlanUrl), /\/floor-plan\.svg$/);
    const grid = (await getJson(`/portal/v1/buildings/${IDS.buildingA}/availability`)).body as {
      sections: Array<{
        floors: Array<{ floor: number; units: Array<{ number: string; available: boolean }> }>;
      }>;
    };
    const floor5 = grid.sections[0]?.floors.find((f) => f.floor === 5);
    assert.deepEqual(
      floor5?.units.map((u) => [u.number, u.available]),
      [
        ['50', false],
        ['52', true],
      ],
    );
    const complexes = (await getJson('/portal/v1/complexes')).body.items as Array<{ name: string }>;
    assert.deepEqual(complexes.map((c) => c.name).sort(), [COMPLEX_NAME, 'ЖК «Только сайт»'].sort());
  });

  it('answers 304 with the ETag or Last-Modified, and CORS to allowed origins only', async () => {
    const first = await get('/portal/v1/units?limit=5', { origin: ORIGIN });
    assert.equal(first.headers.get('access-control-allow-origin'), ORIGIN);
    assert.match(first.headers.get('access-control-expose-headers') ?? '', /ETag/);
    const etag = first.headers.get('etag') as string;
    const lastModified = first.headers.get('last-modified') as string;
    assert.equal((await get('/portal/v1/units?limit=5', { 'if-none-match': etag })).status, 304);
    assert.equal((await get('/portal/v1/units?limit=5', { 'if-modified-since': lastModified })).status, 304);
    assert.equal((await get('/portal/v1/units?limit=6', { 'if-none-match': etag })).status, 200);
    assert.equal(first.headers.get('cross-origin-resource-policy'), 'cross-origin');
    const other = await get('/portal/v1/complexes', { origin: 'https://evil.example.com' });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
  });

  it('refuses an address over its limit with 429 and Retry-After', async () => {
    // This address has used its minute (the counter the limiter keeps in the portal's table).
    await stack.runtime.store.sql.query(
      `update portal_rate_windows set count = 5000 where limiter = 'portal-requests'`,
    );
    const res = await get('/portal/v1/complexes');
    assert.equal(res.status, 429);
    assert.ok(Number(res.headers.get('retry-after')) >= 1);
    const body = (await res.json()) as { code: string; message: string };
    assert.equal(body.code, 'portal_rate_limited');
    assert.match(body.message, /Слишком много запросов/);
    assert.equal((await get('/feeds/yrl.xml')).status, 429);
    await stack.runtime.store.sql.query(`delete from portal_rate_windows where limiter = 'portal-requests'`);
    assert.equal((await get('/portal/v1/complexes')).status, 200);
  });

  it('lets an admin take a building off sale and choose its feeds (portal publish), dry run first', async () => {
    const publish = (body: Record<string, unknown>) =>
      fetch(`${stack.server.url}/api/operations/portal/publish`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.staffToken('admin')}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const bad = await publish({ building: IDS.buildingB, feeds: 'avito' });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { message: string }).message, /неизвестный фид «avito»/);
    const dry = await publish({ building: IDS.buildingB, unpublish: true, feeds: 'domclick', dryRun: true });
    assert.deepEqual(await dry.json(), {
      place: 'Корпус 2',
      units: 2,
      changed: 2,
      publish: false,
      feeds: ['DOMCLICK'],
      feedsChanged: true,
      dryRun: true,
    });
    const onSite = async () =>
      ((await getJson(`/portal/v1/units?buildingId=${IDS.buildingB}`)).body.items as unknown[]).length;
    assert.equal(await onSite(), 2, 'a dry run changes nothing');
    const done = await publish({ building: IDS.buildingB, unpublish: true, feeds: 'domclick' });
    assert.equal(((await done.json()) as { changed: number }).changed, 2);
    await waitFor('building B off the site', async () => ((await onSite()) === 0 ? true : undefined));
    const { offers } = await feedOffers('/feeds/yrl.xml');
    assert.ok(!offers.some((o) => o['@_internal-id'] === unitId('B1')));
    await waitFor('building B in DomClick only', async () => {
      const r = await stack.runtime.store.sql.query<{ feeds: string[] | null }>(
        'select portal_feeds as feeds from rv_building where id = $1',
        [IDS.buildingB],
      );
      return JSON.stringify(r.rows[0]?.feeds) === '["DOMCLICK"]' ? true : undefined;
    });
  });

  it('draws a floor: the public sees published units, staff every unit; PNG too', async () => {
    const svg = await get(`/portal/v1/sections/${IDS.sectionA1}/floors/5/floor-plan.svg`);
    assert.equal(svg.status, 200);
    assert.match(svg.headers.get('content-type') ?? '', /image\/svg\+xml/);
    const text = await svg.text();
    assert.match(text, /№ 50/);
    assert.match(text, /№ 52/);
    assert.ok(!text.includes('№ 51'), 'an unpublished unit is not drawn for the public');
    assert.match(text, /#bdbdbd/, 'a sold unit in the registry’s grey');
    assert.match(text, /#66bb6a/, 'a free unit in green');
    const staff = await get(`/portal/floor-plan/${IDS.sectionA1}/5.svg`, {
      authorization: `Bearer ${stack.staffToken('sales')}`,
    });
    assert.equal(staff.status, 200);
    assert.match(await staff.text(), /№ 51/);
    assert.equal((await get(`/portal/floor-plan/${IDS.sectionA1}/5.svg`)).status, 401);
    const png = await get(`/portal/v1/sections/${IDS.sectionA1}/floors/2/floor-plan.png`);
    assert.equal(png.status, 200);
    assert.equal(png.headers.get('content-type'), 'image/png');
    const bytes = Buffer.from(await png.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    const missing = await getJson(`/portal/v1/sections/${IDS.sectionA1}/floors/abc/floor-plan.svg`);
    assert.equal(missing.res.status, 400);
  });

  it('lets staff open a floor’s plan from the chessboard (its floors link here)', async () => {
    const page = await get(`/chessboard?building=${IDS.buildingA}`, {
      authorization: `Bearer ${stack.staffToken('sales')}`,
    });
    assert.equal(page.status, 200);
    assert.match(await page.text(), /"floorPlans":true/);
  });
});
