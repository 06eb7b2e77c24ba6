/**
 * The auctions' JSON API (the pages' scripts use it too): create an auction from units, list
 * the registry, move the procedure (staff actions), file applications, decide admission, record
 * bids one by one or from the platform's results file. Every write goes through the engine with
 * the caller's scoped writer; every refusal is the one error body naming the field or row.
 */
import { z } from 'zod';
import { dataAccessOf } from '../core/access/index';
import { renderPage } from '../core/pages/index';
import { defineRoute, type RouteDeclaration, RouteError, uuidV5 } from '../core/plugin/index';
import { building, residentialComplex, unit, unitChange } from '../registry/index';
import { STATUS_CSS_PATH } from './console-routes';
import { createAuction, loadAuction, runCommand, runCommands } from './engine/auction-engine';
import { engineRun } from './engine/engine-run';
import { asset, auctionsPage, registryContent } from './pages/registry-page';
import { complexes, freeUnits, listAuctions } from './read/auction-registry';
import { AUCTION_MANAGERS, AUCTION_STAFF } from './roles';
import { refusalsAsErrors } from './route-errors';
import { AUCTION_STATUSES, type AuctionStatus } from './rules/auction-state';
import type { Command } from './rules/auction-types';
import { parseBidFile, parseMoscowDateTime, parseRubText } from './rules/bid-file';
import { auction, auctionApplication, auctionBid, auctionLot, auctionStageResult } from './schema';
import { AUCTION_STATUS_RU } from './vocabulary';

/** Everything the engine touches (unit statuses, the change protocol, tasks). */
export const ENGINE_OBJECTS = [
  auction,
  auctionLot,
  auctionApplication,
  auctionBid,
  auctionStageResult,
  unit,
  unitChange,
  'task',
  'taskTarget',
  'person',
] as const;
const READ_OBJECTS = [auction, auctionLot, unit, building, residentialComplex];

const uuid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'это не идентификатор записи');
const instant = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'нужны дата и время (ISO 8601)');
const rubles = z.union([z.number(), z.string()]).transform((v, c) => {
  const micros = parseRubText(String(v));
  if (micros === undefined || micros <= 0) {
    c.addIssue({ code: 'custom', message: `нужна сумма в рублях, а не «${String(v)}»` });
    return z.NEVER;
  }
  return micros;
});

export const createBody = z.object({
  number: z.string().trim().min(1, 'укажите номер аукциона').max(60),
  applicationStart: instant,
  applicationEnd: instant,
  biddingStart: instant,
  biddingEnd: instant,
  unitIds: z.array(uuid).min(1, 'выберите хотя бы одно помещение').max(200),
  startPrices: z.record(z.string(), rubles).optional(),
  depositPercent: z.number().positive().max(99).optional(),
  stepPercent: z.number().positive().max(99).optional(),
  contractDeadlineDays: z.number().int().positive().max(365).optional(),
  platform: z.string().max(200).optional(),
  procedureNumber: z.string().max(100).optional(),
  announce: z.boolean().optional(),
  dryRun: z.boolean().optional(),
});

const blankAsMissing = (v: unknown) => (v === '' ? undefined : v);

const registryQuery = z.object({
  status: z
    .string()
    .optional()
    .transform((v, c) => {
      const list = (v ?? '')
        .split(',')
        .map((s) => s.trim().toUpperCase())
        .filter(Boolean);
      const bad = list.find((s) => !AUCTION_STATUSES.includes(s as AuctionStatus));
      if (bad) {
        c.addIssue({
          code: 'custom',
          message: `нет такого статуса аукциона: «${bad}» (есть: ${AUCTION_STATUSES.map((s) => AUCTION_STATUS_RU[s]).join(', ')})`,
        });
        return z.NEVER;
      }
      return list as AuctionStatus[];
    }),
  complex: z.preprocess(blankAsMissing, uuid.optional()),
  from: z.preprocess(
    blankAsMissing,
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'нужна дата в виде гггг-мм-дд')
      .optional(),
  ),
  to: z.preprocess(
    blankAsMissing,
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'нужна дата в виде гггг-мм-дд')
      .optional(),
  ),
  q: z.preprocess(blankAsMissing, z.string().max(100).optional()),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

const idParams = z.object({ id: uuid });

const registryApi = defineRoute({
  method: 'GET',
  path: '/api/auctions',
  roles: AUCTION_STAFF,
  description: 'The registry of auctions: filters by status, complex, bidding dates; counts per status',
  objects: READ_OBJECTS,
  query: registryQuery,
  async handler({ query }, ctx) {
    const view = await listAuctions(ctx.reader, {
      ...(query.status.length > 0 ? { status: query.status } : {}),
      ...(query.complex ? { complexId: query.complex } : {}),
      ...(query.from ? { from: query.from } : {}),
      ...(query.to ? { to: query.to } : {}),
      ...(query.q ? { q: query.q } : {}),
      page: query.page,
      pageSize: query.pageSize,
    });
    return { status: 200, body: view };
  },
});

const registryPage = defineRoute({
  method: 'GET',
  path: auctionsPage.path,
  roles: auctionsPage.roles,
  description: 'The registry of auctions (filters, counts) and the form creating one from FREE units',
  objects: READ_OBJECTS,
  query: registryQuery,
  async handler({ query }, ctx) {
    const filters = {
      ...(query.status.length > 0 ? { status: query.status } : {}),
      ...(query.complex ? { complexId: query.complex } : {}),
      ...(query.from ? { from: query.from } : {}),
      ...(query.to ? { to: query.to } : {}),
      ...(query.q ? { q: query.q } : {}),
      page: query.page,
      pageSize: query.pageSize,
    };
    const [view, complexList, units] = await Promise.all([
      listAuctions(ctx.reader, filters),
      complexes(ctx.reader),
      freeUnits(ctx.reader, query.complex),
    ]);
    return {
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: renderPage({
        title: auctionsPage.title,
        principal: ctx.principal,
        pages: ctx.pages,
        path: auctionsPage.path,
        content: registryContent({
          principal: ctx.principal,
          view,
          filters,
          complexes: complexList,
          freeUnits: units,
        }),
        scripts: [asset('auctions-registry.js')],
        styles: [asset('auctions.css'), STATUS_CSS_PATH],
      }),
    };
  },
});

const create = defineRoute({
  method: 'POST',
  path: '/api/auctions',
  roles: AUCTION_MANAGERS,
  description: 'Create an auction from FREE units (a lot per unit), optionally announcing it at once',
  objects: ENGINE_OBJECTS,
  body: createBody,
  async handler({ body }, ctx) {
    const engine = engineRun(dataAccessOf(ctx, 'auctions'));
    return refusalsAsErrors(async () => {
      const input = {
        number: body.number,
        applicationStart: body.applicationStart,
        applicationEnd: body.applicationEnd,
        biddingStart: body.biddingStart,
        biddingEnd: body.biddingEnd,
        depositPercent: body.depositPercent ?? null,
        stepPercent: body.stepPercent ?? null,
        contractDeadlineDays: body.contractDeadlineDays ?? null,
        platform: body.platform ?? null,
        procedureNumber: body.procedureNumber ?? null,
        lots: body.unitIds.map((unitId) => ({ unitId, startMicros: body.startPrices?.[unitId] ?? null })),
      };
      if (body.dryRun) {
        const { planAuction } = await import('./rules/auction-plan');
        const { unitsInfo } = await import('./engine/auction-engine');
        const plan = planAuction(input, {
          rules: engine.rules,
          units: await unitsInfo(engine, body.unitIds, null),
          auctionId: 'dry-run',
          lotId: (u) => u,
        });
        if (!plan.ok)
          throw new RouteError(400, 'auction_invalid', plan.problems.map((p) => p.message).join('; '), {
            field: plan.problems[0]?.field ?? 'units',
          });
        return { status: 200, body: { dryRun: true, lots: plan.state.lots } };
      }
      let state = await createAuction(engine, input);
      if (body.announce) state = (await runCommand(engine, state.id, { type: 'announce' })).state;
      return {
        status: 201,
        body: { id: state.id, number: state.number, status: state.status, lots: state.lots.length },
      };
    });
  },
});

const ACTIONS = [
  'announce',
  'openApplications',
  'closeApplications',
  'completeAdmission',
  'startBidding',
  'completeBidding',
  'terminate',
  'cancel',
  'winnerRefuses',
  'contractSigned',
] as const;

const actionBody = z.object({
  action: z.enum(ACTIONS),
  reason: z.string().max(1000).optional(),
  lotId: uuid.optional(),
});

const action = defineRoute({
  method: 'POST',
  path: '/api/auctions/:id/actions',
  roles: AUCTION_MANAGERS,
  description:
    'A staff action on the procedure: announce, open/close applications, decide admission, start/complete bidding, terminate, cancel, winner refuses, contract signed',
  objects: ENGINE_OBJECTS,
  params: idParams,
  body: actionBody,
  async handler({ params, body }, ctx) {
    let command: Command;
    if (body.action === 'terminate') command = { type: 'terminate', reason: body.reason ?? '' };
    else if (body.action === 'winnerRefuses' || body.action === 'contractSigned') {
      if (!body.lotId) throw new RouteError(400, 'auction_lot_required', 'укажите лот', { field: 'lotId' });
      command = { type: body.action, lotId: body.lotId };
    } else command = { type: body.action };
    const outcome = await refusalsAsErrors(() =>
      runCommand(engineRun(dataAccessOf(ctx, 'auctions')), params.id, command),
    );
    return {
      status: 200,
      body: { id: params.id, status: outcome.state.status, effects: outcome.effects.length },
    };
  },
});

const applicationBody = z.object({
  lotId: uuid,
  applicantId: uuid,
  submittedAt: instant.optional(),
});

const apply = defineRoute({
  method: 'POST',
  path: '/api/auctions/:id/applications',
  roles: AUCTION_MANAGERS,
  description: 'File an application for a lot (during the application window)',
  objects: ENGINE_OBJECTS,
  params: idParams,
  body: applicationBody,
  async handler({ params, body }, ctx) {
    const engine = engineRun(dataAccessOf(ctx, 'auctions'));
    const person = await ctx.writer
      .records('person')
      .get(body.applicantId)
      .catch(() => undefined);
    if (!person)
      throw new RouteError(400, 'auction_applicant_unknown', 'такого участника (человека) нет в Twenty', {
        field: 'applicantId',
      });
    const id = uuidV5(`auctions:application:${body.lotId}:${body.applicantId}`);
    await refusalsAsErrors(() =>
      runCommand(engine, params.id, {
        type: 'submitApplication',
        application: {
          id,
          lotId: body.lotId,
          applicantId: body.applicantId,
          submittedAt: body.submittedAt ?? engine.now.toISOString(),
        },
      }),
    );
    return { status: 201, body: { id } };
  },
});

const admission = defineRoute({
  method: 'POST',
  path: '/api/auctions/:id/applications/:applicationId/admission',
  roles: AUCTION_MANAGERS,
  description: 'Admit or reject an application (admitted only with its deposit in full by the deadline)',
  objects: ENGINE_OBJECTS,
  params: z.object({ id: uuid, applicationId: uuid }),
  body: z.object({ decision: z.enum(['ADMITTED', 'REJECTED']), reason: z.string().max(1000).optional() }),
  async handler({ params, body }, ctx) {
    await refusalsAsErrors(() =>
      runCommand(engineRun(dataAccessOf(ctx, 'auctions')), params.id, {
        type: 'decideApplication',
        applicationId: params.applicationId,
        decision: body.decision,
        ...(body.reason ? { reason: body.reason } : {}),
      }),
    );
    return { status: 200, body: { id: params.applicationId, admission: body.decision } };
  },
});

const bid = defineRoute({
  method: 'POST',
  path: '/api/auctions/:id/bids',
  roles: AUCTION_MANAGERS,
  description: 'Record a bid (at least the current price plus the step, inside the bidding window)',
  objects: ENGINE_OBJECTS,
  params: idParams,
  body: z.object({ lotId: uuid, applicationId: uuid, amount: rubles, placedAt: instant.optional() }),
  async handler({ params, body }, ctx) {
    const engine = engineRun(dataAccessOf(ctx, 'auctions'));
    const placedAt = new Date(body.placedAt ?? engine.now.toISOString()).toISOString();
    const id = uuidV5(`auctions:bid:${body.lotId}:${body.applicationId}:${body.amount}:${placedAt}`);
    await refusalsAsErrors(() =>
      runCommand(engine, params.id, {
        type: 'placeBid',
        bid: {
          id,
          lotId: body.lotId,
          applicationId: body.applicationId,
          amountMicros: body.amount,
          placedAt,
          source: 'MANUAL',
        },
      }),
    );
    return { status: 201, body: { id } };
  },
});

const BID_FILE_MAX_BYTES = 5 * 1024 * 1024;

const importBids = defineRoute({
  method: 'POST',
  path: '/api/auctions/:id/bids/import',
  roles: AUCTION_MANAGERS,
  description:
    'Import the platform’s results file (xlsx or csv: Лот, Участник, Сумма, Время); all rows or none',
  objects: ENGINE_OBJECTS,
  params: idParams,
  query: z.object({ fileName: z.string().max(200).optional() }),
  body: 'raw',
  bodyLimit: BID_FILE_MAX_BYTES,
  async handler(request, ctx) {
    if (!Buffer.isBuffer(request.body) || request.body.length === 0)
      throw new RouteError(400, 'no_file', 'пришлите файл протокола площадки (xlsx или csv) в теле запроса');
    const { rows, problems } = await parseBidFile(request.body, request.query.fileName ?? 'bids');
    const first = problems[0];
    if (first)
      throw new RouteError(
        400,
        'auction_bid_file_invalid',
        problems.map((p) => `строка ${p.row}${p.column ? `, «${p.column}»` : ''}: ${p.message}`).join('; '),
        {
          row: first.row,
          ...(first.column ? { field: first.column } : {}),
        },
      );
    const engine = engineRun(dataAccessOf(ctx, 'auctions'));
    const state = await refusalsAsErrors(() => loadAuction(engine, request.params.id));
    const people = new Map<string, { email: string; name: string }>();
    const applicantIds = [
      ...new Set(state.applications.map((a) => a.applicantId).filter((x): x is string => !!x)),
    ];
    for (const id of applicantIds) {
      const p = await ctx.writer
        .records('person')
        .get(id)
        .catch(() => undefined);
      if (!p) continue;
      const name = p.name as { firstName?: string; lastName?: string } | null;
      const emails = p.emails as { primaryEmail?: string } | null;
      people.set(id, {
        email: (emails?.primaryEmail ?? '').toLowerCase(),
        name: [name?.lastName, name?.firstName].filter(Boolean).join(' ').toLowerCase(),
      });
    }
    const pairs: { row: number; command: Extract<Command, { type: 'placeBid' }> }[] = [];
    for (const row of rows) {
      const lot = state.lots.find((l) => l.number === row.lot);
      if (!lot)
        throw new RouteError(
          400,
          'auction_lot_unknown',
          `строка ${row.row}: в аукционе ${state.number} нет лота ${row.lot}`,
          { row: row.row, field: 'Лот' },
        );
      const key = row.participant.trim().toLowerCase();
      const matches = state.applications.filter((a) => {
        if (a.lotId !== lot.id) return false;
        const p = a.applicantId ? people.get(a.applicantId) : undefined;
        const reverse = p?.name.split(' ').reverse().join(' ');
        return a.id === key || p?.email === key || p?.name === key || reverse === key;
      });
      if (matches.length !== 1)
        throw new RouteError(
          400,
          'auction_bidder_unknown',
          `строка ${row.row}: ${matches.length === 0 ? 'ни один участник' : 'больше одного участника'} лота ${row.lot} не совпадает однозначно с «${row.participant}»`,
          {
            row: row.row,
            field: 'Участник',
          },
        );
      const app = matches[0] as (typeof matches)[number];
      pairs.push({
        row: row.row,
        command: {
          type: 'placeBid',
          bid: {
            id: uuidV5(`auctions:bid:${lot.id}:${app.id}:${row.amountMicros}:${row.placedAt}`),
            lotId: lot.id,
            applicationId: app.id,
            amountMicros: row.amountMicros,
            placedAt: row.placedAt,
            source: 'IMPORT',
          },
        },
      });
    }
    // Platform protocols list bids in any order; the step rule applies in time order.
    pairs.sort((x, y) => Date.parse(x.command.bid.placedAt) - Date.parse(y.command.bid.placedAt));
    const commands = pairs.map((p) => p.command);
    const rowOf = (i: number) => pairs[i]?.row;
    try {
      await runCommands(engine, request.params.id, commands);
    } catch (error) {
      const index = (error as { index?: number }).index;
      const routeError = (await refusalsAsErrors(() => Promise.reject(error)).catch(
        (e: unknown) => e,
      )) as RouteError;
      if (index !== undefined && routeError instanceof RouteError)
        throw new RouteError(
          routeError.status,
          routeError.code,
          `строка ${rowOf(index) ?? '?'}: ${routeError.message}`,
          {
            row: rowOf(index) ?? index + 2,
            ...(routeError.field ? { field: routeError.field } : {}),
          },
        );
      throw routeError;
    }
    return { status: 201, body: { imported: commands.length } };
  },
});

export const auctionApiRoutes: RouteDeclaration[] = [
  registryPage,
  registryApi,
  create,
  action,
  apply,
  admission,
  bid,
  importBids,
];
export { parseMoscowDateTime };
