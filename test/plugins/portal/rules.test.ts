/**
 * The portal's pure parts: an offer's problems (missing fields named in Russian, invalid prices and
 * areas refused), XML text escaping, money as the feed prints it, the floor plan's layout and
 * drawing, the search cursor, CORS and conditional requests — and the demo: every demo unit on
 * public sale in a feed makes a valid offer.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { buildPortalDemo } from '../../../plugins/portal/demo-data';
import { corsHeaders, isNotModified } from '../../../plugins/portal/http-cache';
import { feedValidateOperation } from '../../../plugins/portal/operations';
import {
  buildOffer,
  FEED_TAIL,
  type FeedBuilding,
  type FeedUnit,
  feedHead,
  offerProblems,
  rubText,
} from '../../../plugins/portal/rules/feed-offer';
import { floorPlanSvg, layoutFloor } from '../../../plugins/portal/rules/floor-plan';
import { decodeCursor, encodeCursor } from '../../../plugins/portal/rules/unit-search';
import { xmlText } from '../../../plugins/portal/rules/xml-text';
import { buildDemoRegistry } from '../../../plugins/registry/index';

const building: FeedBuilding = {
  id: 'b1',
  name: 'Корпус 1',
  number: '1',
  floors: 17,
  commissioningDate: '2027-06-30',
  street: 'ул. Тестовая, 1',
  city: 'Москва',
  yandexHouseId: '2923598',
  complex: {
    id: 'c1',
    name: 'ЖК «Тест»',
    district: 'Северный',
    region: 'Москва',
    street: null,
    city: 'Москва',
    status: 'UNDER_CONSTRUCTION',
    yandexBuildingId: '2133018',
  },
};

const flat = (values: Partial<FeedUnit> = {}): FeedUnit => ({
  id: '00000000-0000-4000-8000-000000000001',
  number: '105',
  kind: 'FLAT',
  status: 'FREE',
  floor: 7,
  rooms: 2,
  totalArea: 54.2,
  livingArea: 30.1,
  kitchenArea: 10.5,
  priceMicros: 17_597_954_000_000,
  currency: 'RUB',
  floorPlanUrl: null,
  sectionId: 's1',
  sectionNumber: 2,
  createdAt: '2026-01-10T09:00:00.000Z',
  updatedAt: '2026-02-01T09:00:00.000Z',
  building,
  ...values,
});

const ctx = {
  agent: { name: 'Отдел продаж', phone: '+74950000000', organization: 'АО «Застройщик»', email: '' },
  publicUrl: 'https://crm.example.ru/',
  siteUrl: '',
  now: new Date('2026-12-07T09:00:00Z'),
};

describe('a unit as a YRL offer', () => {
  it('names every missing required field in Russian', () => {
    const problems = offerProblems(
      flat({
        priceMicros: null,
        totalArea: null,
        rooms: null,
        floor: null,
        building: { ...building, floors: null, yandexHouseId: null, commissioningDate: null },
      }),
    );
    assert.deepEqual(
      problems.map((p) => p.element),
      ['price', 'area', 'rooms', 'floor', 'floors-total', 'yandex-house-id', 'built-year'],
    );
    for (const p of problems) assert.match(p.message, /^не заполнено: \S/);
    assert.match(problems[0]?.message ?? '', /цена/);
  });

  it('refuses invalid prices and areas', () => {
    const elements = (u: Partial<FeedUnit>) => offerProblems(flat(u)).map((p) => p.element);
    assert.deepEqual(elements({ priceMicros: 0 }), ['price']);
    assert.deepEqual(elements({ priceMicros: -5_000_000_000 }), ['price']);
    assert.deepEqual(elements({ currency: 'USD' }), ['price']);
    assert.deepEqual(elements({ totalArea: 0 }), ['area']);
    assert.deepEqual(elements({ totalArea: 123_456 }), ['area']);
    assert.deepEqual(elements({ livingArea: 60 }), ['living-space']);
    assert.deepEqual(elements({ kitchenArea: -1 }), ['kitchen-space']);
    assert.match(offerProblems(flat({ priceMicros: 0 }))[0]?.message ?? '', /неверная цена: 0 ₽/);
    assert.equal(buildOffer(flat({ priceMicros: 0 }), ctx).ok, false);
  });

  it('writes a valid offer that reads back with escaped text', () => {
    const weird = {
      ...building,
      complex: { ...(building.complex as NonNullable<FeedBuilding['complex']>), name: 'ЖК «A & B» <"1">' },
    };
    const offer = buildOffer(flat({ building: weird }), ctx);
    assert.ok(offer.ok);
    const xml = `${feedHead(ctx.now)}${offer.xml}${FEED_TAIL}`;
    const doc = new XMLParser({ ignoreAttributes: false, parseTagValue: false }).parse(xml);
    const o = doc['realty-feed'].offer;
    assert.equal(o['building-name'], 'ЖК «A & B» <"1">');
    assert.equal(o.price.value, '17597954');
    assert.equal(o['creation-date'], '2026-01-10T12:00:00+03:00');
    assert.equal(o['ready-quarter'], '2');
    assert.equal(o['building-section'], 'корпус 1, секция 2');
    assert.equal(o.image['@_tag'], 'plan');
    assert.equal(o.image['#text'], 'https://crm.example.ru/portal/v1/sections/s1/floors/7/floor-plan.png');
    assert.equal(doc['realty-feed']['generation-date'], '2026-12-07T12:00:00+03:00');
  });

  it('strips control characters and escapes the five XML characters', () => {
    assert.equal(xmlText('a\u0001b\u0008c\td\ne<f>&"\''), 'abc\td\ne&lt;f&gt;&amp;&quot;&apos;');
  });

  it('prints rubles from micros without floats', () => {
    assert.equal(rubText(17_597_954_000_000), '17597954');
    assert.equal(rubText(1_234_560_000), '1234.56');
    assert.equal(rubText(100_050_000), '100.05');
  });

  it('makes a valid offer of every demo unit in a feed', () => {
    const registry = buildDemoRegistry();
    const portal = buildPortalDemo(registry);
    const complexes = new Map(registry.complexes.map((c) => [String(c.id), c]));
    const extra = new Map([...portal.complexes, ...portal.buildings].map((r) => [r.id, r]));
    let offers = 0;
    for (const u of registry.units) {
      const p = portal.units.find((x) => x.id === u.id);
      if (!p?.publicSale || u.status !== 'FREE' || u.kind === 'STORAGE') continue;
      const b = registry.buildings.find((x) => x.id === u.buildingId) as Record<string, unknown>;
      const c = complexes.get(String(b.complexId)) as Record<string, unknown>;
      const feeds = [
        ...((extra.get(String(b.id))?.portalFeeds as string[]) ?? []),
        ...((extra.get(String(c.id))?.portalFeeds as string[]) ?? []),
      ];
      if (!feeds.includes('YRL')) continue;
      const loc = (r: Record<string, unknown>) =>
        r.location as { addressStreet1?: string; addressCity?: string };
      const unit = flat({
        id: String(u.id),
        number: String(u.number),
        kind: String(u.kind),
        floor: u.floor as number,
        rooms: u.rooms as number,
        totalArea: u.totalArea as number,
        livingArea: (u.livingArea as number | null) ?? null,
        kitchenArea: (p.kitchenArea as number | null) ?? null,
        priceMicros: (u.price as { amountMicros: number }).amountMicros,
        building: {
          id: String(b.id),
          name: String(b.name),
          number: String(b.number),
          floors: b.floors as number,
          commissioningDate: String(b.commissioningDate),
          street: loc(b).addressStreet1 ?? null,
          city: loc(b).addressCity ?? null,
          yandexHouseId: String(extra.get(String(b.id))?.yandexHouseId),
          complex: {
            id: String(c.id),
            name: String(c.name),
            district: String(c.district),
            region: String(c.region),
            street: loc(c).addressStreet1 ?? null,
            city: loc(c).addressCity ?? null,
            status: String(c.status),
            yandexBuildingId: String(extra.get(String(c.id))?.yandexBuildingId),
          },
        },
      });
      assert.deepEqual(offerProblems(unit), [], String(u.externalCode));
      offers++;
    }
    assert.ok(offers > 300, `${offers} demo offers`);
  });
});

describe('realty feed validate', () => {
  it('prints the left-out units with each problem in Russian', () => {
    const text = feedValidateOperation.render?.(
      {
        feed: 'YRL',
        checked: 3,
        included: 2,
        excluded: [
          {
            unitId: 'u54',
            number: '54',
            place: 'ЖК «Тест», корпус 1',
            problems: [{ element: 'rooms', message: 'не заполнено: число комнат' }],
          },
        ],
      },
      { feed: 'yrl' },
    );
    assert.equal(
      text,
      'Фид YRL: проверено 3, в фиде 2, исключено 1\n• помещение № 54 (ЖК «Тест», корпус 1, u54):\n    rooms: не заполнено: число комнат',
    );
  });
});

describe('the floor plan', () => {
  const units = [1, 2, 3, 4, 5].map((p) => ({
    id: `u${p}`,
    number: String(100 + p),
    kind: 'FLAT',
    position: p,
    rooms: p % 3,
    totalArea: 30 + p * 10,
    status: p === 2 ? 'SOLD' : 'FREE',
  }));

  it('lays positions out around the corridor, empty cells where no unit is seen', () => {
    const { cells, unplaced } = layoutFloor({ title: 't', floor: 3, unitsPerFloor: 6, units });
    assert.equal(cells.length, 6);
    const top = cells.filter((c) => c.y === cells[0]?.y).map((c) => c.position);
    assert.deepEqual(top, [1, 2, 3]);
    const bottom = cells.filter((c) => c.y !== cells[0]?.y);
    assert.deepEqual(
      bottom.map((c) => c.position),
      [6, 5, 4],
    );
    assert.equal(cells.find((c) => c.position === 6)?.unit, undefined);
    assert.deepEqual(unplaced, []);
  });

  it('draws numbers, facts and the registry colours, escaped', () => {
    const svg = floorPlanSvg({ title: 'ЖК «A & B» — этаж 3', floor: 3, unitsPerFloor: 5, units });
    assert.match(svg, /ЖК «A &amp; B» — этаж 3/);
    assert.match(svg, /№ 101/);
    assert.match(svg, /студия · 60,0\sм²/);
    assert.match(svg, /fill="#bdbdbd"/);
    assert.match(svg, /Продана/);
    new XMLParser().parse(svg);
  });
});

describe('site API helpers', () => {
  it('round-trips the cursor and refuses a forged one', () => {
    const c = { priceMicros: 12_000_000_000_000, id: '00000000-0000-4000-8000-000000000009' };
    assert.deepEqual(decodeCursor(encodeCursor(c)), c);
    assert.equal(decodeCursor('not-a-cursor'), undefined);
    assert.equal(decodeCursor(Buffer.from('[1,"x; drop"]').toString('base64url')), undefined);
  });

  it('allows CORS only to configured origins', () => {
    assert.equal(
      corsHeaders('https://a.ru', ['https://a.ru'])['access-control-allow-origin'],
      'https://a.ru',
    );
    assert.equal(corsHeaders('https://b.ru', ['https://a.ru'])['access-control-allow-origin'], undefined);
    assert.equal(corsHeaders('https://b.ru', ['*'])['access-control-allow-origin'], '*');
  });

  it('answers If-None-Match before If-Modified-Since', () => {
    const req = (headers: Record<string, string>) => ({
      method: 'GET' as const,
      url: '/',
      params: {},
      query: {},
      body: undefined,
      headers,
    });
    assert.equal(isNotModified(req({ 'if-none-match': '"a", "b"' }), '"b"', 0), true);
    assert.equal(isNotModified(req({ 'if-none-match': 'W/"b"' }), '"b"', 0), true);
    assert.equal(
      isNotModified(req({ 'if-none-match': '"c"', 'if-modified-since': new Date().toUTCString() }), '"b"', 0),
      false,
    );
    const at = Date.parse('2026-12-07T09:00:00Z');
    assert.equal(
      isNotModified(req({ 'if-modified-since': 'Mon, 07 Dec 2026 09:00:00 GMT' }), '"b"', at + 400),
      true,
    );
    assert.equal(
      isNotModified(req({ 'if-modified-since': 'Mon, 07 Dec 2026 08:59:59 GMT' }), '"b"', at),
      false,
    );
  });
});
