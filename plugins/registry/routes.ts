/**
 * The /import page and its JSON API. Upload (the .xlsx as the raw request
 * body) → parse + snapshot + plan, kept in the store under an id (any instance
 * serves it; pages/plan-sessions.ts) → preview in
 * pages → apply in the background with progress (and a stop) → result, report
 * and template downloads, and the admins' approvals of held price changes.
 * Every step calls the import pipeline (import/) through the route's data
 * access (core's `dataAccessOf`) — the staff member's scoped reader and writer
 * and the plugin's storage — as a job or test does through a system context.
 */
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { dataAccessOf, type Principal } from '../core/access/index';
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
  writeImportReport,
  writeImportTemplate,
} from './import/index';
import { decideApprovals, listPendingApprovals } from './pages/approvals';
import { importPage, importPageAssetsFor, importPageContent } from './pages/import-page';
import {
  createPlanBodies,
  createPlanSessions,
  HEARTBEAT_MS,
  type PlanSession,
  type PlanSessions,
} from './pages/plan-sessions';
import { planRows, planSummary, progressView, ROW_KINDS } from './pages/plan-view';
import { building, importBatch, residentialComplex, section, unit, unitChange } from './schema';
import { registrySettingsOf } from './settings';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const UPLOADERS = ['admin', 'sales'] as const;
const ROWS_PAGE_MAX = 1_000;
/** What planning and applying read and write. */
const IMPORT_OBJECTS = [residentialComplex, building, section, unit, unitChange, importBatch];

/** The plans this process served last (the plans themselves are in the store, for every instance). */
const bodies = createPlanBodies();
const plansOf = (ctx: RouteContext): PlanSessions =>
  createPlanSessions({ storage: ctx.storage, now: () => ctx.clock.now(), bodies });
/** Applies running in this process, so a stop asked here acts at once (one asked elsewhere arrives by heartbeat). */
const localRuns = new Map<string, AbortController>();
/** Progress is written to the store at most this often (and at the end). */
const PROGRESS_WRITE_MS = 250;

const staffOf = (principal: Principal) => (principal.kind === 'staff' ? principal : undefined);

const batchUrl = (ctx: RouteContext, batchId: string) => ctx.links.twentyRecord('importBatch', batchId);

async function sessionFor(id: string, ctx: RouteContext): Promise<PlanSession> {
  const session = await plansOf(ctx).get(id);
  if (!session)
    throw new RouteError(
      404,
      'plan_not_found',
      'такого плана импорта нет (план хранится час после последнего обращения): загрузите файл ещё раз',
    );
  const staff = staffOf(ctx.principal);
  if (!staff || (staff.role !== 'admin' && staff.memberId !== session.ownerId))
    throw new RouteError(403, 'plan_not_yours', {
      ru: 'этот план загрузил другой сотрудник',
      en: 'this plan was uploaded by someone else',
    });
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

/**
 * Applies a plan this instance has claimed, in the background: progress and a heartbeat go to the
 * store (any instance answers the status), a stop asked of any instance is read with the heartbeat.
 */
function startApply(session: PlanSession, ctx: RouteContext, plans: PlanSessions): void {
  const { id } = session;
  const abort = new AbortController();
  localRuns.set(id, abort);
  const stopWithServer = () => abort.abort();
  ctx.signal.addEventListener('abort', stopWithServer, { once: true });
  const beat = setInterval(() => {
    plans.heartbeat(id).then(
      ({ stopRequested }) => {
        if (stopRequested && !abort.signal.aborted) {
          ctx.log.info({ planId: id }, 'import stop requested; the chunks on their way finish');
          abort.abort();
        }
      },
      (error: unknown) => ctx.log.warn({ planId: id, err: error }, 'could not write the import’s heartbeat'),
    );
  }, HEARTBEAT_MS);
  beat.unref();
  let writtenAt = 0;
  let writes: Promise<void> = Promise.resolve();
  const settle = async (outcome: Parameters<PlanSessions['finish']>[1]) => {
    await writes;
    await plans.finish(id, outcome);
  };
  // The browser polls the status; the apply must outlive the request that started it.
  void applyImport(session.plan, dataAccessOf(ctx, 'registry'), {
    signal: abort.signal,
    onProgress: (done, total) => {
      const at = Date.now();
      if (at - writtenAt < PROGRESS_WRITE_MS && done < total) return;
      writtenAt = at;
      writes = writes
        .then(() => plans.progress(id, { done, total }))
        .catch((error: unknown) =>
          ctx.log.warn({ planId: id, err: error }, 'could not write the import’s progress'),
        );
    },
  })
    .then(async (result) => {
      await settle({ state: 'applied', result });
      ctx.log.info({ planId: id, batchId: result.batchId, status: result.status }, 'import applied');
    })
    .catch(async (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      ctx.log.error({ planId: id, err: message }, 'import failed; applying it again resumes');
      await settle({ state: 'failed', error: message }).catch((e: unknown) =>
        ctx.log.error({ planId: id, err: e }, 'could not record the import’s failure'),
      );
    })
    .finally(() => {
      clearInterval(beat);
      localRuns.delete(id);
      ctx.signal.removeEventListener('abort', stopWithServer);
    });
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
      throw new RouteError(400, 'no_file', {
        ru: `пришлите файл .xlsx телом запроса (Content-Type: ${XLSX_TYPE} или application/octet-stream)`,
        en: `send the .xlsx file as the request body (Content-Type: ${XLSX_TYPE} or application/octet-stream)`,
      });
    const staff = staffOf(ctx.principal);
    const fileName = request.query.fileName ?? 'upload.xlsx';
    const actor = staff?.email ?? 'unknown';
    const access = dataAccessOf(ctx, 'registry');
    const parsed = await parseUnitWorkbook(request.body, { fileName });
    const registry = await loadRegistrySnapshot(access);
    const plan = planImport(parsed, {
      registry,
      actor,
      settings: { maxPriceChangePercent: registrySettingsOf(access).priceChangeLimitPercent },
    });
    const session = await plansOf(ctx).add({ parsed, plan, ownerId: staff?.memberId ?? '' });
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
  handler: async ({ params }, ctx) => {
    const session = await sessionFor(params.id, ctx);
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
  handler: async ({ params, query }, ctx) => {
    const session = await sessionFor(params.id, ctx);
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
  handler: async ({ params }, ctx) => {
    const session = await sessionFor(params.id, ctx);
    if (!session.plan.usable)
      throw new RouteError(400, 'import_unusable_file', {
        ru: 'файл нельзя импортировать: исправьте ошибки файла, показанные в предпросмотре, и загрузите его снова',
        en: 'the file cannot be imported: fix the file problems listed in the preview and upload it again',
      });
    // A failed run may be confirmed again: the pipeline resumes from its checkpoint. The claim is one
    // statement in the store: two confirms (on two instances) start one run.
    const plans = plansOf(ctx);
    if (!(await plans.claim(session.id))) {
      const now = (await plans.get(session.id))?.state ?? session.state;
      throw new RouteError(
        409,
        'plan_already_applied',
        now === 'applied' ? 'этот план уже применён' : 'этот план уже применяется',
      );
    }
    const claimed: PlanSession = {
      ...session,
      state: 'applying',
      progress: { done: 0, total: session.progress.total },
    };
    delete claimed.result;
    delete claimed.error;
    startApply(claimed, ctx, plans);
    return { status: 202, body: progressView(claimed, { batchUrl: batchUrl(ctx, session.plan.batchId) }) };
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
  handler: async ({ params }, ctx) => {
    const session = await sessionFor(params.id, ctx);
    const asked = session.state === 'applying' && (await plansOf(ctx).requestStop(session.id));
    if (!asked) throw new RouteError(409, 'plan_not_applying', 'этот план сейчас не применяется');
    // Applied here: stop at once; applied by another instance: it reads the request with its heartbeat.
    localRuns.get(session.id)?.abort();
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
  handler: async ({ params }, ctx) => {
    const session = await sessionFor(params.id, ctx);
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
    const session = await sessionFor(params.id, ctx);
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
    body: { pending: await listPendingApprovals(dataAccessOf(ctx, 'registry')) },
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
    return { status: 200, body: await decideApprovals(dataAccessOf(ctx, 'registry'), { ...body, approver }) };
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
