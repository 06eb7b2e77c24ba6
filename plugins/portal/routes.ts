/**
 * The portal's HTTP routes. Public (the anonymous principal through the access layer — the
 * registry admits published units and their places, the portal's restrictions narrow the fields):
 * the site API under /portal/v1 and the listing feeds under /feeds. Staff: the floor plan of any
 * floor with every unit (the chessboard links to it).
 */
import { Readable } from 'node:stream';
import { z } from 'zod';
import {
  defineRoute,
  type RouteContext,
  RouteError,
  type RouteRequest,
  type RouteResponse,
} from '../core/plugin/index';
import { FEED_OBJECTS, feedUnits, loadFeedPlaces } from './feed-data';
import { FLOOR_PLAN_OBJECTS, loadFloorPlan } from './floor-plan-data';
import { svgToPng } from './floor-plan-png';
import { admitPublic, cachedJson, etagOf, isNotModified, type PublicAdmission } from './http-cache';
import { buildOffer, FEED_TAIL, feedHead } from './rules/feed-offer';
import { floorPlanSvg } from './rules/floor-plan';
import { decodeCursor, unitSearchQuery } from './rules/unit-search';
import type { FeedCode } from './schema';
import { portalSettingsOf } from './settings';
import {
  availabilityGrid,
  listBuildings,
  listComplexes,
  SITE_OBJECTS,
  searchUnits,
  unitCard,
} from './site-queries';
import { readFeedVersion } from './storage';

type AnyRequest = RouteRequest<unknown, unknown, unknown>;

const id = (label: string) => z.uuid({ message: 'нужен идентификатор вида 8-4-4-4-12' }).describe(label);

/** Runs a public JSON route: counted against the caller's limit, CORS, validators and 304. */
async function publicJson(
  request: AnyRequest,
  ctx: RouteContext,
  load: (admission: PublicAdmission) => Promise<unknown>,
): Promise<RouteResponse> {
  const admission = await admitPublic(request, ctx);
  if (admission.refusal) return admission.refusal;
  const [body, version] = await Promise.all([load(admission), readFeedVersion(ctx.storage)]);
  return cachedJson(request, admission, body, version.changedAt);
}

const base = (ctx: RouteContext) => ctx.links.publicUrl.replace(/\/+$/, '');

export const complexesRoute = defineRoute({
  method: 'GET',
  path: '/portal/v1/complexes',
  roles: ['public'],
  description: 'Site API: residential complexes with units on public sale, free units and the lowest price',
  objects: SITE_OBJECTS,
  handler: (request, ctx) =>
    publicJson(request, ctx, async () => ({ items: await listComplexes(ctx.reader) })),
});

export const buildingsRoute = defineRoute({
  method: 'GET',
  path: '/portal/v1/complexes/:complexId/buildings',
  roles: ['public'],
  description: 'Site API: the buildings of a complex with units on public sale',
  objects: SITE_OBJECTS,
  params: z.object({ complexId: id('ЖК') }),
  handler: (request, ctx) =>
    publicJson(request, ctx, async () => ({
      items: await listBuildings(ctx.reader, request.params.complexId),
    })),
});

export const unitsRoute = defineRoute({
  method: 'GET',
  path: '/portal/v1/units',
  roles: ['public'],
  description:
    'Site API: available units on public sale, filtered (kind, rooms, area, price, floor), cursor paging',
  objects: SITE_OBJECTS,
  query: unitSearchQuery,
  handler: (request, ctx) =>
    publicJson(request, ctx, async () => {
      const q = request.query;
      const cursor = q.cursor !== undefined ? decodeCursor(q.cursor) : undefined;
      if (q.cursor !== undefined && !cursor)
        throw new RouteError(
          400,
          'portal_bad_cursor',
          {
            ru: '«Курсор»: не тот, что выдал сервер; начните с первой страницы',
            en: 'cursor: not one this server issued',
          },
          { field: 'cursor' },
        );
      return searchUnits(ctx.reader, q, cursor, base(ctx));
    }),
});

export const unitCardRoute = defineRoute({
  method: 'GET',
  path: '/portal/v1/units/:unitId',
  roles: ['public'],
  description: 'Site API: one unit on public sale with its building and its floor plan links',
  objects: SITE_OBJECTS,
  params: z.object({ unitId: id('Помещение') }),
  handler: (request, ctx) =>
    publicJson(request, ctx, () => unitCard(ctx.reader, request.params.unitId, base(ctx))),
});

export const availabilityRoute = defineRoute({
  method: 'GET',
  path: '/portal/v1/buildings/:buildingId/availability',
  roles: ['public'],
  description: 'Site API: a building’s availability grid (sections → floors → units, free or not)',
  objects: SITE_OBJECTS,
  params: z.object({ buildingId: id('Корпус') }),
  handler: (request, ctx) =>
    publicJson(request, ctx, () => availabilityGrid(ctx.reader, request.params.buildingId)),
});

const floorParams = z.object({
  sectionId: id('Секция'),
  floor: z
    .string()
    .regex(/^-?\d{1,3}$/, 'этаж — целое число, например 5 или -1')
    .transform(Number)
    .describe('Этаж'),
});

async function floorPlanAnswer(
  request: RouteRequest<z.infer<typeof floorParams>, unknown, unknown>,
  ctx: RouteContext,
  format: 'svg' | 'png',
  headers: Record<string, string>,
  lastModified: number,
): Promise<RouteResponse> {
  const plan = await loadFloorPlan(ctx.reader, request.params.sectionId, request.params.floor);
  const svg = floorPlanSvg(plan);
  const etag = etagOf(`${format}:${svg}`);
  const validators = { ...headers, etag, 'last-modified': new Date(lastModified || 0).toUTCString() };
  if (isNotModified(request, etag, lastModified)) return { status: 304, headers: validators, body: '' };
  const name = `floor-plan-${request.params.floor}.${format}`;
  return {
    headers: {
      ...validators,
      'content-type': format === 'svg' ? 'image/svg+xml; charset=utf-8' : 'image/png',
      'content-disposition': `inline; filename="${name}"`,
    },
    body: format === 'svg' ? svg : svgToPng(svg),
  };
}

const publicFloorPlan = (format: 'svg' | 'png') =>
  defineRoute({
    method: 'GET',
    path: `/portal/v1/sections/:sectionId/floors/:floor/floor-plan.${format}`,
    roles: ['public'],
    description: `Site API: a floor of a section drawn as ${format.toUpperCase()} (units on public sale by position, coloured by status)`,
    objects: FLOOR_PLAN_OBJECTS,
    params: floorParams,
    async handler(request, ctx) {
      const admission = await admitPublic(request, ctx);
      if (admission.refusal) return admission.refusal;
      const version = await readFeedVersion(ctx.storage);
      return floorPlanAnswer(request, ctx, format, admission.headers, version.changedAt);
    },
  });

/** The staff floor plan: every unit of the floor, whatever its publication. */
export const STAFF_FLOOR_PLAN_PATH = '/portal/floor-plan/:sectionId/:floor';

const staffFloorPlan = (format: 'svg' | 'png') =>
  defineRoute({
    method: 'GET',
    path: `${STAFF_FLOOR_PLAN_PATH}.${format}`,
    roles: ['sales', 'callcenter', 'finance'],
    description: `A floor of a section drawn as ${format.toUpperCase()} with every unit (linked from the chessboard)`,
    objects: FLOOR_PLAN_OBJECTS,
    params: floorParams,
    async handler(request, ctx) {
      const version = await readFeedVersion(ctx.storage);
      return floorPlanAnswer(request, ctx, format, {}, version.changedAt);
    },
  });

/** The feed, streamed offer by offer; units with problems are left out (`realty feed validate` lists them). */
const feedRoute = (feed: FeedCode, path: string) =>
  defineRoute({
    method: 'GET',
    path,
    roles: ['public'],
    description: `Listing feed ${feed === 'YRL' ? 'for Yandex Realty' : 'for DomClick'} (YRL): the published free units of the buildings in this feed`,
    objects: FEED_OBJECTS,
    async handler(request, ctx) {
      const admission = await admitPublic(request, ctx);
      if (admission.refusal) return admission.refusal;
      const settings = portalSettingsOf(ctx);
      // The version changes with every unit, building or complex event (handlers.ts): no scan of the
      // units to tell whether the feed changed.
      const version = await readFeedVersion(ctx.storage);
      const lastModified = version.changedAt;
      const etag = etagOf(`${feed}:${version.version}:${JSON.stringify(settings)}:${base(ctx)}`);
      const headers = {
        ...admission.headers,
        etag,
        'last-modified': new Date(lastModified).toUTCString(),
        'cache-control': 'public, max-age=60',
      };
      if (isNotModified(request, etag, lastModified)) return { status: 304, headers, body: '' };
      const now = ctx.clock.now();
      const offerContext = {
        agent: {
          name: settings.salesAgentName,
          phone: settings.salesAgentPhone,
          organization: settings.salesAgentOrganization,
          email: settings.salesAgentEmail,
        },
        publicUrl: base(ctx),
        siteUrl: settings.siteUrl,
        now,
      };
      const reader = ctx.reader;
      async function* xml(): AsyncGenerator<string> {
        yield feedHead(now);
        const places = await loadFeedPlaces(reader, feed);
        let chunk = '';
        for await (const unit of feedUnits(reader, places)) {
          const offer = buildOffer(unit, offerContext);
          if (!offer.ok) continue;
          chunk += offer.xml;
          if (chunk.length > 64_000) {
            yield chunk;
            chunk = '';
          }
        }
        yield chunk + FEED_TAIL;
      }
      return {
        headers: { ...headers, 'content-type': 'application/xml; charset=utf-8' },
        body: Readable.from(xml()),
      };
    },
  });

export const portalRoutes = [
  complexesRoute,
  buildingsRoute,
  unitsRoute,
  unitCardRoute,
  availabilityRoute,
  publicFloorPlan('svg'),
  publicFloorPlan('png'),
  staffFloorPlan('svg'),
  staffFloorPlan('png'),
  feedRoute('YRL', '/feeds/yrl.xml'),
  feedRoute('DOMCLICK', '/feeds/domclick.xml'),
];
