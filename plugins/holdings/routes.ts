/**
 * HTTP routes of holdings: the roll-up (JSON and the /holdings/:companyId page) and setting a
 * company's parent, refused when it would close a cycle. Reads through the caller's reader,
 * writes through the caller's writer.
 */
import { z } from 'zod';
import { refusedOrMissing } from '../core/access/index';
import { defineRoute, notFound, pageResponse, type RouteContext, RouteError } from '../core/plugin/index';
import { companyParents, HOLDING_OBJECTS, loadHolding } from './holding-view';
import { HOLDINGS_PAGE_PATH, HOLDINGS_ROLES, renderHoldingsPage } from './pages/holdings-page';

import { cycleThrough } from './rules/holding-tree';

const uuid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'is not a record id (uuid)');

/** The holding; a company Twenty does not have is a 404, one the caller may not see a 403. */
const holding = (ctx: RouteContext, companyId: string) =>
  refusedOrMissing(
    ctx.writer,
    'company',
    companyId,
    () => loadHolding(ctx.reader, ctx.links, companyId),
    `компания ${companyId} не найдена`,
  );

export const holdingRoute = defineRoute({
  method: 'GET',
  path: '/api/holdings/:companyId',
  roles: HOLDINGS_ROLES,
  description: 'A holding’s roll-up: open deals, revenue, tasks and notes, contacts over every subsidiary',
  objects: [...HOLDING_OBJECTS],
  params: z.object({ companyId: uuid }),
  async handler({ params }, ctx) {
    return { body: await holding(ctx, params.companyId) };
  },
});

export const holdingPageRoute = defineRoute({
  method: 'GET',
  path: HOLDINGS_PAGE_PATH,
  roles: HOLDINGS_ROLES,
  description: 'The holding page: the tree of subsidiaries with their roll-ups',
  objects: [...HOLDING_OBJECTS],
  params: z.object({ companyId: uuid }),
  async handler({ params }, ctx) {
    return pageResponse(
      () => holding(ctx, params.companyId),
      (outcome) =>
        renderHoldingsPage({
          principal: ctx.principal,
          pages: ctx.pages,
          path: `/holdings/${params.companyId}`,
          ...(outcome.view ? { view: outcome.view } : {}),
          ...(outcome.problem ? { problem: outcome.problem } : {}),
        }),
    );
  },
});

export const setParentRoute = defineRoute({
  method: 'PUT',
  path: '/api/holdings/:companyId/parent',
  roles: HOLDINGS_ROLES,
  description: 'Sets (or clears, with null) a company’s parent; a cycle is refused',
  objects: ['company'],
  params: z.object({ companyId: uuid }),
  body: z.object({ parentCompanyId: uuid.nullable() }),
  async handler({ params, body }, ctx) {
    const companies = await companyParents(ctx.reader);
    const byId = new Map(companies.map((c) => [c.id, c]));
    if (!byId.has(params.companyId))
      throw notFound('holdings_company_not_found', `компания ${params.companyId} не найдена`);
    const parent = body.parentCompanyId;
    if (parent !== null && !byId.has(parent))
      throw new RouteError(400, 'holdings_parent_not_found', `материнская компания ${parent} не найдена`, {
        field: 'parentCompanyId',
      });
    const cycle = cycleThrough(params.companyId, parent, (id) => byId.get(id)?.parent_id ?? null);
    if (cycle)
      throw new RouteError(
        409,
        'holdings_cycle',
        `так образуется цикл: ${cycle.map((id) => `«${byId.get(id)?.name ?? id}»`).join(' → ')}`,
        { field: 'parentCompanyId' },
      );
    await ctx.writer.records('company').update(params.companyId, { parentCompanyId: parent });
    return { body: { companyId: params.companyId, parentCompanyId: parent } };
  },
});

export const holdingsRoutes = [holdingRoute, holdingPageRoute, setParentRoute];
