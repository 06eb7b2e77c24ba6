/**
 * The /import page and its JSON API. Upload (the .xlsx as the raw request
 * body) → parse + snapshot + plan, kept server-side under an id → preview in
 * pages → apply in the background with progress (and a stop) → result, report
 * and template downloads, and the admins' approvals of held price changes.
 * Every step calls the import pipeline (import/) through the route's port —
 * the staff member's scoped reader and writer and the plugin's storage —
 * exactly as `realty import-units` does through a system context.
 */
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import type { Principal } from '../core/access/index';
import { renderPage } from '../core/pages/index';
import {
  defineRoute,
  type RouteContext,
  type RouteDeclaration,
  RouteError,
  type RouteResponse,
} from '../core/plugin/index';
import {
  applyImport,
  loadRegistrySnapshot,
  parseUnitWorkbook,
  planImport,
  routeImportPort,
  writeImportReport,
  writeImportTemplate,
} from './import/index';
import { decideApprovals, listPendingApprovals } from './pages/approvals';
import { importPage, importPageAssetsFor, importPageContent } from './pages/import-page';
import { createPlanSessions, type PlanSession } from './pages/plan-sessions';
import { planRows, planSummary, progressView, ROW_KINDS } from './pages/plan-view';
import { building, importBatch, residentialComplex, section, unit, unitChange } from './schema';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const UPLOADERS = ['admin', 'sales'] as const;
const ROWS_PAGE_MAX = 1_000;
/** What planning and applying read and write. */
const IMPORT_OBJECTS = [residentialComplex, building, section, unit, unitChange, importBatch];

const sessions = createPlanSessions();

const staffOf = (principal: Principal) => (principal.kind === 'staff' ? principal : undefined);

const batchUrl = (ctx: RouteContext, batchId: string) => ctx.links.twentyRecord('importBatch', batchId);

function sessionFor(id: string, ctx: RouteContext): PlanSession {
  const session = sessions.get(id);
  if (!session)
    throw new RouteError(
      404,
      'plan_not_found',
      'no such import plan (it expired after an hour, or the server restarted): upload the file again',
    );
  const staff = staffOf(ctx.principal);
  if (!staff || (staff.role !== 'admin' && staff.memberId !== session.ownerId))
    throw new RouteError(403, 'plan_not_yours', 'this plan was uploaded by someone else');
  return session;
}

async function toBuffer(write: (out: PassThrough) => Promise<void>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  await write(out);
  out.end();
  await ended;
  return Buffer.concat(chunks);
}

function attachment(fileName: string, body: Buffer): RouteResponse {
  return {
    status: 200,
    headers: {
      'content-type': XLSX_TYPE,
      'content-disposition': `attachment; filename="${fileName.replace(/["\\\r\n]/g, '_')}"`,
    },
    body,
  };
}

function startApply(session: PlanSession, ctx: RouteContext): void {
  session.state = 'applying';
  session.progress = { done: 0, total: session.progress.total };
  session.abort = new AbortController();
  const stopWithServer = () => session.abort?.abort();
  ctx.signal.addEventListener('abort', stopWithServer, { once: true });
  // The browser polls the status; the apply must outlive the request that started it.
  void applyImport(session.plan, routeImportPort(ctx), {
    signal: session.abort.signal,
    onProgress: (done, total) => {
      session.progress = { done, total };
    },
  })
    .then((result) => {
      session.result = result;
      session.state = 'applied';
      ctx.log.info({ planId: session.id, batchId: result.batchId, status: result.status }, 'import applied');
    })
    .catch((error: unknown) => {
      session.state = 'failed';
      session.error = error instanceof Error ? error.message : String(error);
      ctx.log.error({ planId: session.id, err: session.error }, 'import failed; applying it again resumes');
    })
    .finally(() => ctx.signal.removeEventListener('abort', stopWithServer));
}

const planParams = z.object({ id: z.string().min(1).max(100) });

const page = defineRoute({
  method: 'GET',
  path: importPage.path,
  roles: UPLOADERS,
  description: 'The import page: upload an Excel file, preview, confirm, follow; admins approve held prices',
  objects: [],
  handler: (_request, ctx) => ({
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: renderPage({
      title: importPage.title,
      principal: ctx.principal,
      pages: ctx.pages,
      path: importPage.path,
      content: importPageContent({ principal: ctx.principal }),
      ...importPageAssetsFor(ctx.principal),
    }),
  }),
});

const template = defineRoute({
  method: 'GET',
  path: '/api/import/template.xlsx',
  roles: UPLOADERS,
  description: 'The empty import template (.xlsx) with captions, lists and instructions',
  objects: [],
  handler: async () =>
    attachment('units-import-template.xlsx', await toBuffer((out) => writeImportTemplate(out))),
});

/** The largest workbook the import takes (README, "Importing units from Excel"); every other route takes 1 MB. */
export const IMPORT_UPLOAD_MAX_BYTES = 25 * 1024 * 1024;

const upload = defineRoute({
  method: 'POST',
  path: '/api/import/plans',
  roles: UPLOADERS,
  description: 'Upload a file (raw .xlsx body): parse, compare with the registry, keep the plan for preview',
  objects: IMPORT_OBJECTS,
  query: z.object({ fileName: z.string().max(200).optional() }),
  body: 'raw',
  bodyLimit: IMPORT_UPLOAD_MAX_BYTES,
  async handler(request, ctx) {
    if (!Buffer.isBuffer(request.body) || request.body.length === 0)
      throw new RouteError(
        400,
        'no_file',
        `send the .xlsx file as the request body (Content-Type: ${XLSX_TYPE} or application/octet-stream)`,
      );
    const staff = staffOf(ctx.principal);
    const fileName = request.query.fileName ?? 'upload.xlsx';
    const actor = staff?.email ?? 'unknown';
    const port = routeImportPort(ctx);
    const parsed = await parseUnitWorkbook(request.body, { fileName });
    const registry = await loadRegistrySnapshot(port);
    const plan = planImport(parsed, {
      registry,
      actor,
      settings: { maxPriceChangePercent: port.settings.priceChangeLimitPercent },
    });
    const session = sessions.add({ parsed, plan, ownerId: staff?.memberId ?? '' });
    ctx.log.info(
      { planId: session.id, fileName, counts: plan.counts, actor },
      'import plan made from an upload',
    );
    return { status: 201, body: planSummary(session) };
  },
});

const plan = defineRoute({
  method: 'GET',
  path: '/api/import/plans/:id',
  roles: UPLOADERS,
  description: 'A plan’s summary: counts, file problems, the file’s columns',
  objects: [],
  params: planParams,
  handler: ({ params }, ctx) => {
    const session = sessionFor(params.id, ctx);
    return { status: 200, body: planSummary(session, { batchUrl: batchUrl(ctx, session.plan.batchId) }) };
  },
});

const rows = defineRoute({
  method: 'GET',
  path: '/api/import/plans/:id/rows',
  roles: UPLOADERS,
  description: 'A page of a plan’s rows with their cells, changes and problems, filtered by kind',
  objects: [],
  params: planParams,
  query: z.object({
    kind: z.enum(['all', 'changed', ...ROW_KINDS]).default('changed'),
    offset: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(ROWS_PAGE_MAX).default(200),
  }),
  handler: ({ params, query }, ctx) => {
    const session = sessionFor(params.id, ctx);
    return {
      status: 200,
      body: planRows(session, { filter: query.kind, offset: query.offset, limit: query.limit }),
    };
  },
});

const apply = defineRoute({
  method: 'POST',
  path: '/api/import/plans/:id/apply',
  roles: UPLOADERS,
  description: 'Apply a plan in the background (resumes a failed run); poll its status',
  objects: IMPORT_OBJECTS,
  params: planParams,
  body: z.object({}).passthrough().nullish(),
  handler: ({ params }, ctx) => {
    const session = sessionFor(params.id, ctx);
    if (!session.plan.usable)
      throw new RouteError(
        400,
        'import_unusable_file',
        'the file cannot be imported: fix the file problems listed in the preview and upload it again',
      );
    // A failed run may be confirmed again: the pipeline resumes from its checkpoint.
    if (session.state === 'applying' || session.state === 'applied')
      throw new RouteError(409, 'plan_already_applied', `this plan is already ${session.state}`);
    startApply(session, ctx);
    return { status: 202, body: progressView(session, { batchUrl: batchUrl(ctx, session.plan.batchId) }) };
  },
});

const stop = defineRoute({
  method: 'POST',
  path: '/api/import/plans/:id/stop',
  roles: UPLOADERS,
  description: 'Stop applying a plan after the chunks on their way (applying it again resumes)',
  objects: [],
  params: planParams,
  body: z.object({}).passthrough().nullish(),
  handler: ({ params }, ctx) => {
    const session = sessionFor(params.id, ctx);
    if (session.state !== 'applying')
      throw new RouteError(
        409,
        'plan_not_applying',
        `this plan is not being applied (it is ${session.state})`,
      );
    session.abort?.abort();
    ctx.log.info({ planId: session.id }, 'import stop requested; the chunks on their way finish');
    return { status: 202, body: progressView(session, { batchUrl: batchUrl(ctx, session.plan.batchId) }) };
  },
});

const status = defineRoute({
  method: 'GET',
  path: '/api/import/plans/:id/status',
  roles: UPLOADERS,
  description: 'A plan’s state and progress, and the result once applied',
  objects: [],
  params: planParams,
  handler: ({ params }, ctx) => {
    const session = sessionFor(params.id, ctx);
    return { status: 200, body: progressView(session, { batchUrl: batchUrl(ctx, session.plan.batchId) }) };
  },
});

const report = defineRoute({
  method: 'GET',
  path: '/api/import/plans/:id/report.xlsx',
  roles: UPLOADERS,
  description: 'The plan as a report file: every row with its outcome, problem cells coloured',
  objects: [],
  params: planParams,
  handler: async ({ params }, ctx) => {
    const session = sessionFor(params.id, ctx);
    const name = `${session.plan.fileName.replace(/\.xlsx$/i, '')}-report.xlsx`;
    return attachment(name, await toBuffer((out) => writeImportReport(session.parsed, session.plan, out)));
  },
});

const pendingApprovals = defineRoute({
  method: 'GET',
  path: '/api/import/approvals',
  roles: ['admin'],
  description: 'Price changes imports held for an admin’s approval',
  objects: [unitChange, unit],
  handler: async (_request, ctx) => ({
    status: 200,
    body: { pending: await listPendingApprovals(routeImportPort(ctx)) },
  }),
});

const decide = defineRoute({
  method: 'POST',
  path: '/api/import/approvals',
  roles: ['admin'],
  description: 'Approve (write the price) or reject held price changes',
  objects: [unitChange, unit],
  body: z.object({
    decision: z.enum(['approve', 'reject']),
    ids: z.array(z.uuid()).min(1).max(500),
  }),
  handler: async ({ body }, ctx) => {
    const approver = staffOf(ctx.principal)?.email ?? 'admin';
    return { status: 200, body: await decideApprovals(routeImportPort(ctx), { ...body, approver }) };
  },
});

export const importRoutes: readonly RouteDeclaration[] = [
  page,
  template,
  upload,
  plan,
  rows,
  apply,
  stop,
  status,
  report,
  pendingApprovals,
  decide,
];
