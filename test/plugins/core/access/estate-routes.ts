/** The estate fixture served: defineRoute routes of every kind the app server must handle. */
import { Readable } from 'node:stream';
import { z } from 'zod';
import { ROUTE_CONTEXT_KEYS } from '../../../../plugins/core/access/index';
import {
  definePage,
  definePlugin,
  defineRoute,
  RouteError,
  type RouteResponse,
} from '../../../../plugins/core/plugin/index';
import { estatePluginConfig } from './estate-fixture';

const units = defineRoute({
  method: 'GET',
  path: '/api/estate/buildings/:buildingId/units',
  roles: ['sales'],
  description: 'Units of a building, through the reader',
  objects: ['estateUnit'],
  params: z.object({ buildingId: z.string().uuid() }),
  query: z.object({ floor: z.coerce.number().int().optional() }),
  labels: { buildingId: 'Корпус', floor: { ru: 'Этаж', en: 'Floor' } },
  async handler(request, ctx) {
    const rows = await ctx.reader.query<{ id: string; floor: string; micros: string | null }>(
      `select id::text as id, floor::text as floor, price_amount_micros::text as micros from {estateUnit}
        where building_id = $1 and ($2::int is null or floor = $2) order by floor`,
      [request.params.buildingId, request.query.floor ?? null],
    );
    return { body: { units: rows } };
  },
});

const setFloor = defineRoute({
  method: 'POST',
  path: '/api/estate/units/:id/floor',
  roles: ['sales'],
  description: 'Moves a unit to another floor, through the writer',
  objects: ['estateUnit'],
  params: z.object({ id: z.string().uuid() }),
  body: z.object({ floor: z.number().int().min(1).describe('Новый этаж') }),
  async handler(request, ctx) {
    const unit = await ctx.writer
      .records('estateUnit')
      .update(request.params.id, { floor: request.body.floor });
    return { body: { id: unit.id, floor: unit.floor } };
  },
});

const upload = defineRoute({
  method: 'POST',
  path: '/api/estate/upload',
  roles: ['sales'],
  description: 'Takes a file',
  objects: [],
  body: 'raw',
  handler: (request) => ({ status: 201, body: { bytes: request.body.length } }),
});

const context = defineRoute({
  method: 'GET',
  path: '/api/estate/context',
  roles: ['public'],
  description: 'What a handler is given',
  objects: ['estateUnit'],
  handler: (_request, ctx) => ({
    body: {
      keys: Object.keys(ctx).sort(),
      principal: ctx.principal.kind,
      record: ctx.links.twentyRecord('estateUnit', 'x'),
      expected: [...ROUTE_CONTEXT_KEYS].sort(),
    },
  }),
});

const partnerOnly = defineRoute({
  method: 'GET',
  path: '/api/estate/partner',
  roles: ['partner'],
  description: 'For agencies',
  objects: [],
  handler: () => ({ body: 'never' }),
});

const failures = defineRoute({
  method: 'GET',
  path: '/api/estate/fail/:how',
  roles: ['sales'],
  description: 'Fails as asked',
  objects: ['estateUnit'],
  async handler(request, ctx) {
    const how = (request.params as { how: string }).how;
    if (how === 'route-error')
      throw new RouteError(
        409,
        'estate_conflict',
        { ru: 'Помещение сейчас продаётся', en: 'the unit is being sold right now' },
        { field: 'status' },
      );
    if (how === 'missing') throw new RouteError(404, 'estate_missing', 'Нет такого помещения');
    if (how === 'undeclared') await ctx.reader.query('select id from {estateNote}');
    throw new Error('database password is hunter2');
  },
});

const bodies = defineRoute({
  method: 'GET',
  path: '/api/estate/bodies/:kind',
  roles: ['sales'],
  description: 'Answers text, bytes or a stream',
  objects: [],
  handler(request): RouteResponse {
    const kind = (request.params as { kind: string }).kind;
    if (kind === 'csv') return { headers: { 'content-type': 'text/csv; charset=utf-8' }, body: 'a;b\n1;2\n' };
    if (kind === 'bytes')
      return {
        headers: { 'content-disposition': 'attachment; filename="x.bin"' },
        body: Buffer.from([1, 2, 3]),
      };
    return { headers: { 'content-type': 'text/plain; charset=utf-8' }, body: Readable.from(['по', 'току']) };
  },
});

/** A page: asked with a bad query or for a missing record it answers as a page, the problem in the banner. */
const floorPage = definePage({ path: '/estate/floor', title: { ru: 'Этаж', en: 'Floor' }, roles: ['sales'] });
const floorPageRoute = defineRoute({
  method: 'GET',
  path: '/estate/floor',
  roles: ['sales'],
  description: 'A page of one floor',
  objects: [],
  query: z.object({ floor: z.coerce.number().int().min(1), missing: z.literal('yes').optional() }),
  labels: { floor: 'Этаж' },
  handler(request): RouteResponse {
    if (request.query.missing) throw new RouteError(404, 'estate_missing', 'Нет такого этажа');
    return {
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: `<p>этаж ${request.query.floor}</p>`,
    };
  },
});

export const estateRoutes = [units, setFloor, upload, context, partnerOnly, failures, bodies, floorPageRoute];
export const estateServedPlugin = definePlugin({
  ...estatePluginConfig,
  routes: estateRoutes,
  pages: [floorPage],
});
