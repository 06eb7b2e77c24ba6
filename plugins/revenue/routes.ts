/**
 * The revenue API: reading (portfolio, deals, one deal, allocations, the rate
 * in force) and changing (scenarios, copies, the primary mark, lines, moves,
 * allocations, departments, loading rates). Every route reads through its
 * scoped reader and writes through its scoped writer — the principal's
 * policy (and, with the teams plugin, its project-team grants) decides what
 * exists. Rule violations are the one error body: 400 with the field (and
 * row), 409 for a second primary, 502 when the bank's file is unusable.
 */
import { z } from 'zod';
import { defineRoute, type RouteDeclaration, RouteError } from '../core/plugin/index';
import { REVENUE_ROLES } from './access';
import { allocationsMarked, markerQuery } from './allocation-markers';
import { CbrFileError } from './cbr-rates';
import { revenuePages } from './pages/revenue-page';
import { loadRateTable, readerQuery } from './revenue-data';
import {
  addLine,
  copyScenario,
  createDepartment,
  createScenario,
  markPrimary,
  moveBetweenLines,
  setAllocations,
  updateLine,
} from './revenue-service';
import { loadDealList, loadDealView, loadPortfolioView } from './revenue-views';
import { LINE_STATUSES, SCENARIO_KINDS } from './rules/forecast';
import { parseDate } from './rules/money';
import { RevenueError } from './rules/revenue-errors';
import { department, exchangeRate, revenueAllocation, revenuePlanLine, revenueScenario } from './schema';

export const REVENUE_OBJECTS = [
  revenueScenario,
  revenuePlanLine,
  revenueAllocation,
  department,
  exchangeRate,
  'opportunity',
  'workspaceMember',
] as const;

const uuid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'is not a record id (uuid)');
const amount = z.union([z.string(), z.number()]);

const lineBody = z.object({
  dueDate: z.string(),
  amount,
  currencyCode: z.string(),
  status: z.enum(LINE_STATUSES).optional(),
  receivedDate: z.string().nullable().optional(),
  receivedAmount: amount.nullable().optional(),
  receivedCurrencyCode: z.string().nullable().optional(),
});

/** RevenueError → the one error body; anything else passes through (access errors, 500s). */
export async function guard<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof CbrFileError) throw new RouteError(502, error.code, error.message);
    if (error instanceof RevenueError) {
      const status =
        error.code === 'revenue_primary_conflict' ? 409 : error.code === 'revenue_not_found' ? 404 : 400;
      throw new RouteError(status, error.code, error.message, {
        ...(error.field ? { field: error.field } : {}),
        ...(error.row ? { row: error.row } : {}),
      });
    }
    throw error;
  }
}

const json = (body: unknown, status = 200) => ({ status, body });

export const revenueApiRoutes: readonly RouteDeclaration[] = [
  defineRoute({
    method: 'GET',
    path: '/api/revenue/portfolio',
    roles: REVENUE_ROLES,
    description: 'The portfolio forecast by month and scenario kind in RUB (received, planned, weighted)',
    objects: REVENUE_OBJECTS,
    handler: async (_r, ctx) => json(await loadPortfolioView(ctx.reader, ctx.storage)),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/revenue/deals',
    roles: REVENUE_ROLES,
    description: 'Deals with revenue scenarios (name, number of scenarios, the primary)',
    objects: REVENUE_OBJECTS,
    handler: async (_r, ctx) => json({ deals: await loadDealList(readerQuery(ctx.reader)) }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/revenue/deals/:opportunityId',
    roles: REVENUE_ROLES,
    description:
      'One deal: its scenarios side by side with their lines in RUB (rates used), and its allocations',
    objects: REVENUE_OBJECTS,
    params: z.object({ opportunityId: uuid }),
    handler: async (r, ctx) => json(await loadDealView(readerQuery(ctx.reader), r.params.opportunityId)),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/revenue/allocations',
    roles: REVENUE_ROLES,
    description:
      'Allocated forecast per department and person by month in RUB; ?team= / ?department= narrow it to the deals the teams plugin marks with them',
    objects: REVENUE_OBJECTS,
    query: markerQuery,
    handler: async (r, ctx) => json(await allocationsMarked(ctx, r.query)),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/revenue/rates/:currencyCode/:date',
    roles: REVENUE_ROLES,
    description:
      'The Central Bank of Russia’s rate in force on a date (weekends and holidays: the last published)',
    objects: REVENUE_OBJECTS,
    params: z.object({ currencyCode: z.string(), date: z.string() }),
    handler: (r, ctx) =>
      guard(async () => {
        const date = parseDate(r.params.date, 'date');
        const code = r.params.currencyCode.toUpperCase();
        const rates = await loadRateTable(readerQuery(ctx.reader), [code]);
        return json(rates.rateOn(code, date, 'currencyCode'));
      }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/revenue/scenarios',
    roles: REVENUE_ROLES,
    description: 'Create a scenario of a deal with its lines (the first of a deal is primary)',
    objects: REVENUE_OBJECTS,
    body: z.object({
      opportunityId: uuid,
      name: z.string(),
      kind: z.enum(SCENARIO_KINDS).optional(),
      probability: amount.optional(),
      isPrimary: z.boolean().optional(),
      lines: z.array(lineBody).max(500).optional(),
    }),
    handler: (r, ctx) => guard(async () => json(await createScenario(ctx, r.body), 201)),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/revenue/scenarios/:scenarioId/copy',
    roles: REVENUE_ROLES,
    description: 'Copy a scenario (what is still expected), scaled by amountPercent and shifted by shiftDays',
    objects: REVENUE_OBJECTS,
    params: z.object({ scenarioId: uuid }),
    body: z.object({
      name: z.string(),
      kind: z.enum(SCENARIO_KINDS).optional(),
      probability: amount.optional(),
      amountPercent: amount.optional(),
      shiftDays: z.number().int().optional(),
    }),
    handler: (r, ctx) => guard(async () => json(await copyScenario(ctx, r.params.scenarioId, r.body), 201)),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/revenue/scenarios/:scenarioId/primary',
    roles: REVENUE_ROLES,
    description: 'Make a scenario its deal’s primary (the previous primary loses the mark)',
    objects: REVENUE_OBJECTS,
    params: z.object({ scenarioId: uuid }),
    handler: (r, ctx) => guard(async () => json({ scenario: await markPrimary(ctx, r.params.scenarioId) })),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/revenue/scenarios/:scenarioId/lines',
    roles: REVENUE_ROLES,
    description: 'Add a plan line (any currency with a published rate)',
    objects: REVENUE_OBJECTS,
    params: z.object({ scenarioId: uuid }),
    body: lineBody,
    handler: (r, ctx) =>
      guard(async () => json({ line: await addLine(ctx, r.params.scenarioId, r.body) }, 201)),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/api/revenue/lines/:lineId',
    roles: REVENUE_ROLES,
    description: 'Change a plan line: date, amount, a partial or full receipt',
    objects: REVENUE_OBJECTS,
    params: z.object({ lineId: uuid }),
    body: lineBody.partial(),
    handler: (r, ctx) => guard(async () => json({ line: await updateLine(ctx, r.params.lineId, r.body) })),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/revenue/lines/move',
    roles: REVENUE_ROLES,
    description: 'Move part of one line’s amount to another line of the same scenario',
    objects: REVENUE_OBJECTS,
    body: z.object({ fromLineId: uuid, toLineId: uuid, amount }),
    handler: (r, ctx) => guard(async () => json(await moveBetweenLines(ctx, r.body))),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/revenue/deals/:opportunityId/allocations',
    roles: REVENUE_ROLES,
    description:
      'Replace a deal’s (or one scenario’s) allocations: revenue shares total 100 % or amounts the total',
    objects: REVENUE_OBJECTS,
    params: z.object({ opportunityId: uuid }),
    body: z.object({
      scenarioId: uuid.nullable().optional(),
      allocations: z
        .array(
          z.object({
            departmentId: uuid.nullable().optional(),
            memberId: uuid.nullable().optional(),
            sharePercent: amount.nullable().optional(),
            fixedAmount: amount.nullable().optional(),
            currencyCode: z.string().nullable().optional(),
            splitType: z.enum(['REVENUE', 'OVERLAY']).optional(),
            role: z.string().nullable().optional(),
          }),
        )
        .max(200),
    }),
    handler: (r, ctx) =>
      guard(async () =>
        json({
          allocations: await setAllocations(ctx, { opportunityId: r.params.opportunityId, ...r.body }),
        }),
      ),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/revenue/departments',
    roles: REVENUE_ROLES,
    description: 'Create a department',
    objects: REVENUE_OBJECTS,
    body: z.object({
      name: z.string(),
      parentId: uuid.nullable().optional(),
      headId: uuid.nullable().optional(),
    }),
    handler: (r, ctx) => guard(async () => json({ department: await createDepartment(ctx, r.body) }, 201)),
  }),
];

export const revenueRoutes: readonly RouteDeclaration[] = [...revenuePages.routes, ...revenueApiRoutes];
