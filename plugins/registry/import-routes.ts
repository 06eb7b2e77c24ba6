/**
 * The /import page and its JSON API. Upload (the .xlsx as the raw request
 * body) → parse + snapshot + plan, kept server-side under an id → preview in
 * pages → apply in the background with progress (and a stop) → result, report and
 * template downloads, and the admins' approvals of held price changes. Every
 * step calls the import pipeline (plugins/registry/import), exactly as
 * `realty import-units` does.
 */
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import type { PluginContext, RouteDeclaration, RouteRequest, RouteResponse } from '../core/plugin/index';
import {
  applyImport,
  loadRegistrySnapshot,
  parseUnitWorkbook,
  planImport,
  writeImportReport,
  writeImportTemplate,
} from './import/index';
import { ApprovalRequestError, decideApprovals, listPendingApprovals } from './import-page/approvals';
import { renderImportPage } from './import-page/page';
import { createPlanSessions, type PlanSession } from './import-page/plan-sessions';
import { isRowFilter, planRows, planSummary, progressView } from './import-page/plan-view';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const UPLOADERS = ['admin', 'sales'] as const;
const ROWS_PAGE_MAX = 1_000;

const sessions = createPlanSessions();

const problem = (status: number, message: string, code?: string): RouteResponse => ({
  status,
  body: { statusCode: status, ...(code ? { code } : {}), messages: [message] },
});

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Twenty's own record page for the batch (its UI routes records as /object/<singular>/<id>). */
function batchUrl(ctx: PluginContext, batchId: string): string {
  const base = ctx.config.twentyUrl ?? `http://localhost:${ctx.config.devhostPort}`;
  return `${base.replace(/\/+$/, '')}/object/importBatch/${batchId}`;
}

function sessionFor(request: RouteRequest): PlanSession | RouteResponse {
  const session = sessions.get(request.params.id ?? '');
  if (!session)
    return problem(
      404,
      'no such import plan (it expired after an hour, or the server restarted): upload the file again',
      'plan_not_found',
    );
  const staff = request.staff;
  if (staff && staff.role !== 'admin' && staff.memberId !== session.ownerId)
    return problem(403, 'this plan was uploaded by someone else', 'plan_not_yours');
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

async function upload(request: RouteRequest, ctx: PluginContext): Promise<RouteResponse> {
  if (!Buffer.isBuffer(request.body) || request.body.length === 0)
    return problem(
      400,
      `send the .xlsx file as the request body (Content-Type: ${XLSX_TYPE} or application/octet-stream)`,
      'no_file',
    );
  const fileName = (one(request.query.fileName) ?? 'upload.xlsx').slice(0, 200);
  const actor = request.staff?.email ?? 'unknown';
  const parsed = await parseUnitWorkbook(request.body, { fileName });
  const registry = await loadRegistrySnapshot(ctx);
  const plan = planImport(parsed, { registry, actor });
  const session = sessions.add({ parsed, plan, ownerId: request.staff?.memberId ?? '' });
  ctx.log.info(
    { planId: session.id, fileName, counts: plan.counts, actor },
    'import plan made from an upload',
  );
  return { status: 201, body: planSummary(session) };
}

function startApply(session: PlanSession, ctx: PluginContext): void {
  session.state = 'applying';
  session.progress = { done: 0, total: session.progress.total };
  session.abort = new AbortController();
  // The browser polls the status; the apply must outlive the request that started it.
  void applyImport(session.plan, ctx, {
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
    });
}

const applyBody = z.object({}).passthrough().nullish();
const approvalsBody = z.object({
  decision: z.enum(['approve', 'reject']),
  ids: z.array(z.string().uuid()).min(1).max(500),
});

export const importRoutes: readonly RouteDeclaration[] = [
  {
    method: 'GET',
    path: '/import',
    roles: UPLOADERS,
    description: 'Import units from Excel',
    handler: (request) => ({
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: renderImportPage({ staff: request.staff }),
    }),
  },
  {
    method: 'GET',
    path: '/api/import/template.xlsx',
    roles: UPLOADERS,
    handler: async () =>
      attachment('units-import-template.xlsx', await toBuffer((out) => writeImportTemplate(out))),
  },
  { method: 'POST', path: '/api/import/plans', roles: UPLOADERS, handler: upload },
  {
    method: 'GET',
    path: '/api/import/plans/:id',
    roles: UPLOADERS,
    handler: (request, ctx) => {
      const session = sessionFor(request);
      if (!('plan' in session)) return session;
      return { status: 200, body: planSummary(session, { batchUrl: batchUrl(ctx, session.plan.batchId) }) };
    },
  },
  {
    method: 'GET',
    path: '/api/import/plans/:id/rows',
    roles: UPLOADERS,
    handler: (request) => {
      const session = sessionFor(request);
      if (!('plan' in session)) return session;
      const filter = one(request.query.kind) ?? 'changed';
      if (!isRowFilter(filter))
        return problem(
          400,
          `kind "${filter}" is not one of all, changed, create, update, unchanged, rejected, pending-approval`,
        );
      const offset = Math.max(0, Number.parseInt(one(request.query.offset) ?? '0', 10) || 0);
      const limit = Math.min(
        ROWS_PAGE_MAX,
        Math.max(1, Number.parseInt(one(request.query.limit) ?? '200', 10) || 200),
      );
      return { status: 200, body: planRows(session, { filter, offset, limit }) };
    },
  },
  {
    method: 'POST',
    path: '/api/import/plans/:id/apply',
    roles: UPLOADERS,
    handler: (request, ctx) => {
      const session = sessionFor(request);
      if (!('plan' in session)) return session;
      if (!applyBody.safeParse(request.body).success) return problem(400, 'the body must be empty or {}');
      if (!session.plan.usable)
        return problem(
          400,
          'the file cannot be imported: fix the file problems listed in the preview and upload it again',
          'unusable_file',
        );
      // A failed run may be confirmed again: the pipeline resumes from its checkpoint.
      if (session.state === 'applying' || session.state === 'applied')
        return problem(409, `this plan is already ${session.state}`, 'plan_already_applied');
      startApply(session, ctx);
      return { status: 202, body: progressView(session, { batchUrl: batchUrl(ctx, session.plan.batchId) }) };
    },
  },
  {
    method: 'POST',
    path: '/api/import/plans/:id/stop',
    roles: UPLOADERS,
    handler: (request, ctx) => {
      const session = sessionFor(request);
      if (!('plan' in session)) return session;
      if (session.state !== 'applying')
        return problem(409, `this plan is not being applied (it is ${session.state})`, 'plan_not_applying');
      session.abort?.abort();
      ctx.log.info({ planId: session.id }, 'import stop requested; the chunks on their way finish');
      return { status: 202, body: progressView(session, { batchUrl: batchUrl(ctx, session.plan.batchId) }) };
    },
  },
  {
    method: 'GET',
    path: '/api/import/plans/:id/status',
    roles: UPLOADERS,
    handler: (request, ctx) => {
      const session = sessionFor(request);
      if (!('plan' in session)) return session;
      return { status: 200, body: progressView(session, { batchUrl: batchUrl(ctx, session.plan.batchId) }) };
    },
  },
  {
    method: 'GET',
    path: '/api/import/plans/:id/report.xlsx',
    roles: UPLOADERS,
    handler: async (request) => {
      const session = sessionFor(request);
      if (!('plan' in session)) return session;
      const name = `${session.plan.fileName.replace(/\.xlsx$/i, '')}-report.xlsx`;
      return attachment(name, await toBuffer((out) => writeImportReport(session.parsed, session.plan, out)));
    },
  },
  {
    method: 'GET',
    path: '/api/import/approvals',
    roles: ['admin'],
    handler: async (_request, ctx) => ({ status: 200, body: { pending: await listPendingApprovals(ctx) } }),
  },
  {
    method: 'POST',
    path: '/api/import/approvals',
    roles: ['admin'],
    handler: async (request, ctx) => {
      const body = approvalsBody.safeParse(request.body);
      if (!body.success)
        return problem(
          400,
          'expected { "decision": "approve" | "reject", "ids": [unitChange ids] }',
          'bad_request',
        );
      try {
        const outcome = await decideApprovals(ctx, {
          ...body.data,
          approver: request.staff?.email ?? 'admin',
        });
        return { status: 200, body: outcome };
      } catch (error) {
        if (error instanceof ApprovalRequestError) return problem(400, error.message, error.code);
        throw error;
      }
    },
  },
];
