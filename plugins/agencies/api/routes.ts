/**
 * The partner API, /partner/v1/: a token for credentials, the caller's agency
 * and scope, units (list with the chessboard's filters, card, chessboard
 * grid), the agency's own bookings and auction applications, and filing a
 * booking request or an auction application for a client. Every route admits
 * only partners (the gateway signs them in, rate-limits and logs them) and
 * reads and writes only through its context — the agency's scope and field
 * level are the policies below all of them; nothing here filters by agency.
 */
import { z } from 'zod';
import {
  chessboardQuery,
  filterPredicate,
  listBuildings,
  loadChessboard,
  loadUnitCard,
  parseChessboardFilters,
  type QueryInput,
} from '../../chessboard/index';
import type { PartnerPrincipal } from '../../core/access/index';
import { defineRoute, type RouteContext, type RouteDeclaration, RouteError } from '../../core/plugin/index';
import { building, importBatch, residentialComplex, section, unit, unitChange } from '../../registry/index';
import { gatewayKeys } from '../gateway/gateway';
import { issuePartnerToken } from '../gateway/tokens';
import { agenciesSettingsOf } from '../settings';
import { decodeCursor, encodeCursor } from './cursor';
import { listApplications, listBookings, submitApplication, submitBooking } from './requests';

const PARTNER = ['partner'] as const;
const BOARD_OBJECTS = [unit, building, section, residentialComplex];
const recordId = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'is not a record id (uuid)');

function partnerOf(ctx: RouteContext): PartnerPrincipal {
  if (ctx.principal.kind !== 'partner')
    throw new RouteError(403, 'partner_only', 'this route serves agency users');
  return ctx.principal;
}

export const tokenRoute = defineRoute({
  method: 'POST',
  path: '/partner/v1/token',
  roles: PARTNER,
  description: 'A bearer token (≤ 15 min) for an agency user’s e-mail and password (checked by the gateway)',
  objects: [],
  body: z.strictObject({ email: z.string(), password: z.string() }),
  async handler(_request, ctx) {
    const partner = partnerOf(ctx);
    const key = (await gatewayKeys())[0];
    if (!key)
      throw new RouteError(
        503,
        'partner_keys_missing',
        'no partner signing key is configured (PARTNER_JWT_KEYS)',
      );
    const ttl = agenciesSettingsOf(ctx).tokenTtlSeconds;
    const { token, expiresAt } = issuePartnerToken(
      { userId: partner.userId, agencyId: partner.agencyId },
      { key, ttlSeconds: ttl, now: ctx.clock.now() },
    );
    return {
      headers: { 'cache-control': 'no-store' },
      body: { token, tokenType: 'Bearer', expiresAt: expiresAt.toISOString(), expiresIn: ttl },
    };
  },
});

export const meRoute = defineRoute({
  method: 'GET',
  path: '/partner/v1/me',
  roles: PARTNER,
  description: 'The signed-in agency user, their agency and its scope',
  objects: ['agency', 'agencyUser'],
  async handler(_request, ctx) {
    const partner = partnerOf(ctx);
    const [agency, user] = await Promise.all([
      ctx.reader.get('agency', partner.agencyId),
      ctx.reader.get('agencyUser', partner.userId),
    ]);
    return {
      body: {
        agency: agency ? { id: agency.id, name: agency.name, status: agency.status } : null,
        user: user
          ? { id: user.id, name: user.name, role: user.userRole, email: partner.email ?? null }
          : null,
        scope: partner.scope,
      },
    };
  },
});

const UNIT_LIST_LIMIT = 500;

export const unitsRoute = defineRoute({
  method: 'GET',
  path: '/partner/v1/units',
  roles: PARTNER,
  description:
    'Units in the agency’s scope, with the chessboard’s filters (+ buildingId, complexId), by pages',
  objects: BOARD_OBJECTS,
  query: chessboardQuery(['buildingId', 'complexId', 'limit', 'cursor']),
  async handler(request, ctx) {
    const query = request.query as QueryInput;
    const one = (name: string) => {
      const v = query[name];
      return typeof v === 'string' ? v : v?.[0];
    };
    const { buildingId: _b, complexId: _c, limit: _l, cursor: _k, ...filterQuery } = query;
    const filters = parseChessboardFilters(filterQuery);
    const fields = ctx.reader.fields('unit');
    for (const [key, field, parameter] of [
      ['priceMinMicros', 'price', 'priceMin'],
      ['priceMaxMicros', 'price', 'priceMax'],
    ] as const)
      if (filters[key] !== undefined && fields !== 'all' && !fields.includes(field))
        throw new RouteError(
          400,
          'partner_filter_on_hidden_field',
          `${parameter}: your agency’s access does not show prices, so the list cannot filter by them`,
          { field: parameter },
        );
    const limitText = one('limit');
    const limit = limitText === undefined ? 100 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > UNIT_LIST_LIMIT)
      throw new RouteError(400, 'partner_bad_query', `limit: expected a whole number 1–${UNIT_LIST_LIMIT}`, {
        field: 'limit',
      });
    const params: unknown[] = [];
    const where: string[] = [];
    for (const [name, column] of [
      ['buildingId', 'u.building_id'],
      ['complexId', 'b.complex_id'],
    ] as const) {
      const value = one(name);
      if (value === undefined) continue;
      if (!recordId.safeParse(value).success)
        throw new RouteError(400, 'partner_bad_query', `${name}: "${value}" is not a record id (uuid)`, {
          field: name,
        });
      params.push(value.toLowerCase());
      where.push(`${column} = $${params.length}::uuid`);
    }
    const cursor = one('cursor');
    if (cursor !== undefined) {
      params.push(decodeCursor(cursor));
      where.push(`u.id > $${params.length}::uuid`);
    }
    if (filters.district) {
      params.push(filters.district.map((d) => d.toLocaleLowerCase('ru')));
      where.push(`lower(c.district) = any($${params.length}::text[])`);
    }
    where.push(filterPredicate({ ...filters, district: undefined } as typeof filters, params));
    params.push(limit + 1);
    // One JSON value for the page: 500 units are one value to move and parse, not 9,000 cells.
    const rows = await ctx.reader.query<{ units: string }>(
      `with p as materialized (
         select u.id, u.number, u.kind, u.status, u.floor, u.position_on_floor, u.rooms, u.total_area,
                u.living_area, u.price_amount_micros, u.price_currency_code, u.price_per_sqm_amount_micros,
                u.building_id, u.section_id
           from {unit} u
          where ${where.join(' and ')}
          order by u.id
          limit $${params.length}),
       places as materialized (
         select b.id, b.name, b.number, c.id as complex_id, c.name as complex_name
           from {building} b left join {residentialComplex} c on c.id = b.complex_id
          where b.id in (select distinct building_id from p))
       select coalesce(json_agg(json_build_array(
                p.id, p.number, p.kind, p.status, p.floor, p.position_on_floor, p.rooms, p.total_area,
                p.living_area, p.price_amount_micros::text, p.price_currency_code, p.price_per_sqm_amount_micros::text,
                p.building_id, p.section_id, places.name, places.number, places.complex_id, places.complex_name)
                order by p.id), '[]')::text as units
         from p left join places on places.id = p.building_id`,
      params,
    );
    type Tuple = [
      string,
      string | null,
      string | null,
      string | null,
      number | null,
      number | null,
      number | null,
      number | null,
      number | null,
      string | null,
      string | null,
      string | null,
      string | null,
      string | null,
      string | null,
      string | null,
      string | null,
      string | null,
    ];
    const all = JSON.parse(rows[0]?.units ?? '[]') as Tuple[];
    const page = all.slice(0, limit);
    const priced = fields === 'all' || fields.includes('price');
    const units = page.map(
      ([
        id,
        number,
        kind,
        status,
        floor,
        position,
        rooms,
        total,
        living,
        price,
        currency,
        pps,
        bId,
        sId,
        bName,
        bNumber,
        cId,
        cName,
      ]) => ({
        id,
        number,
        kind,
        status,
        floor,
        positionOnFloor: position,
        rooms,
        totalArea: total,
        livingArea: living,
        ...(priced
          ? {
              price: price === null ? null : { amountMicros: price, currencyCode: currency },
              pricePerSqm: pps === null ? null : { amountMicros: pps, currencyCode: 'RUB' },
            }
          : {}),
        building: { id: bId, name: bName, number: bNumber },
        sectionId: sId,
        complex: cId ? { id: cId, name: cName } : null,
      }),
    );
    const last = page[page.length - 1];
    return {
      body: {
        units,
        pageInfo: {
          hasNextPage: all.length > limit,
          endCursor: all.length > limit && last ? encodeCursor(String(last[0])) : null,
        },
      },
    };
  },
});

export const unitCardRoute = defineRoute({
  method: 'GET',
  path: '/partner/v1/units/:unitId',
  roles: PARTNER,
  description: 'One unit’s card at the agency’s field level (404 outside the scope)',
  objects: [...BOARD_OBJECTS, unitChange, importBatch],
  params: z.object({ unitId: recordId }),
  async handler(request, ctx) {
    return { body: await loadUnitCard(ctx.reader, ctx.links, request.params.unitId) };
  },
});

export const buildingsRoute = defineRoute({
  method: 'GET',
  path: '/partner/v1/buildings',
  roles: PARTNER,
  description: 'The complexes and buildings of the scope, with their visible unit counts',
  objects: BOARD_OBJECTS,
  async handler(_request, ctx) {
    return { body: { buildings: await listBuildings(ctx.reader) } };
  },
});

export const chessboardRoute = defineRoute({
  method: 'GET',
  path: '/partner/v1/chessboard/:buildingId',
  roles: PARTNER,
  description: 'One building of the scope as the chessboard grid, with the chessboard’s filters',
  objects: BOARD_OBJECTS,
  params: z.object({ buildingId: recordId }),
  query: chessboardQuery(),
  async handler(request, ctx) {
    const filters = parseChessboardFilters(request.query as QueryInput);
    return {
      body: await loadChessboard(ctx.reader, ctx.links, { buildingId: request.params.buildingId, filters }),
    };
  },
});

const clientSchema = z.strictObject({
  name: z.string().trim().min(2, 'is too short (the client’s full name)').max(200),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()-]{6,20}$/, 'is not a phone number (digits, +, spaces, brackets, dashes)')
    .optional(),
  email: z.string().trim().toLowerCase().email('is not an e-mail address').max(254).optional(),
});

export const bookingBody = z.strictObject({
  unitId: recordId,
  client: clientSchema,
  comment: z.string().trim().max(2000).optional(),
});

export const applicationBody = z.strictObject({
  lotId: recordId,
  client: clientSchema,
});

export const bookingsRoute = defineRoute({
  method: 'GET',
  path: '/partner/v1/bookings',
  roles: PARTNER,
  description: 'The agency’s booking requests with their statuses',
  objects: ['booking', unit, building],
  async handler(_request, ctx) {
    return { body: { bookings: await listBookings(ctx) } };
  },
});

export const createBookingRoute = defineRoute({
  method: 'POST',
  path: '/partner/v1/bookings',
  roles: PARTNER,
  description:
    'File a booking request for a client on a unit of the scope (status REQUESTED, the caller’s agency)',
  objects: ['booking', unit, building],
  body: bookingBody,
  async handler(request, ctx) {
    return { status: 201, body: { booking: await submitBooking(ctx, request.body) } };
  },
});

export const APPLICATION_OBJECTS = ['auctionApplication', 'auctionLot', 'auction', unit, building] as const;

export const applicationsRoute = defineRoute({
  method: 'GET',
  path: '/partner/v1/applications',
  roles: PARTNER,
  description: 'The agency’s auction applications with their admission statuses',
  objects: APPLICATION_OBJECTS,
  async handler(_request, ctx) {
    return { body: { applications: await listApplications(ctx) } };
  },
});

export const createApplicationRoute = defineRoute({
  method: 'POST',
  path: '/partner/v1/applications',
  roles: PARTNER,
  description: 'File an auction application for a client on a lot open for applications',
  objects: APPLICATION_OBJECTS,
  body: applicationBody,
  async handler(request, ctx) {
    return { status: 201, body: { application: await submitApplication(ctx, request.body) } };
  },
});

export const partnerApiRoutes: readonly RouteDeclaration[] = [
  tokenRoute,
  meRoute,
  unitsRoute,
  unitCardRoute,
  buildingsRoute,
  chessboardRoute,
  bookingsRoute,
  createBookingRoute,
  applicationsRoute,
  createApplicationRoute,
];
