/**
 * The reports' doors: GET /api/reports (the sections the caller may see), /api/reports/:section
 * (JSON; `all` = every section) and /api/reports/:section/xlsx (the workbook), the /reports page,
 * the daily history (/reports/history and its files), and an agency's own section 10 in the
 * partner portal (/partner/reports, through the gateway). Everything reads through the caller's
 * scoped reader: its role picks the sections, its rules the rows.
 */
import { z } from 'zod';
import type { BannerProblem } from '../core/pages/index';
import { defineRoute, type RouteContext, RouteError } from '../core/plugin/index';
import { moscowToday } from '../core/runtime/index';
import {
  type HistoryRow,
  historyPage,
  htmlPage,
  partnerReportPage,
  queryKeysOf,
  queryOf,
  REPORT_STAFF,
  renderAllList,
  renderForm,
  renderHistory,
  renderSection,
  reportsPage,
} from './pages/reports-page';
import { parseReportParams, type RawParams } from './report-params';
import type { ReportParams } from './report-types';
import { allowedSections, findSection, runAll, runSection, unavailableReason } from './run-report';
import { agencyPerformance } from './sections/10-agency-performance';
import { REPORT_OBJECTS } from './sections/index';
import { allWorkbook, reportFileName, sectionWorkbook, XLSX_TYPE } from './workbook';

const paramsQuery = z.object({
  from: z.string().max(20).optional().describe('Период с'),
  to: z.string().max(20).optional().describe('Период по'),
  date: z.string().max(20).optional().describe('Дата отчёта'),
  complexId: z.string().max(64).optional().describe('Жилой комплекс'),
  agencyId: z.string().max(64).optional().describe('Агентство'),
});
const pageQuery = paramsQuery.extend({ section: z.string().max(64).optional().describe('Раздел') });
const sectionParam = z.object({ section: z.string().max(64) });

const today = (ctx: RouteContext) => moscowToday(ctx.clock.now());
const paramsOf = (ctx: RouteContext, raw: RawParams) => parseReportParams(raw, today(ctx));

const attachment = (body: Buffer, fileName: string) => ({
  headers: {
    'content-type': XLSX_TYPE,
    'content-disposition': `attachment; filename="${fileName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
  },
  body,
});

/** The JSON of one section or of all. */
async function reportJson(ctx: RouteContext, key: string, params: ReportParams) {
  if (key === 'all') return runAll(ctx.reader, params);
  return runSection(findSection(key), ctx.reader, params);
}

/** The workbook of one section or of all. */
export async function reportXlsx(
  ctx: Pick<RouteContext, 'reader' | 'clock'>,
  key: string,
  params: ReportParams,
) {
  if (key === 'all') {
    const all = await runAll(ctx.reader, params);
    if (all.sections.length === 0)
      throw new RouteError(403, 'reports_nothing_allowed', {
        ru: 'Ни один раздел отчёта не доступен вашей роли',
        en: 'no report section is available to your role',
      });
    return {
      bytes: await allWorkbook(all, { title: 'Отчёт по всем разделам', built: ctx.clock.now() }),
      fileName: reportFileName('all', params.date, 'xlsx'),
    };
  }
  const section = findSection(key);
  const report = await runSection(section, ctx.reader, params);
  return {
    bytes: await sectionWorkbook(report),
    fileName: reportFileName(`${String(section.id).padStart(2, '0')}-${section.key}`, params.date, 'xlsx'),
  };
}

const listRoute = defineRoute({
  method: 'GET',
  path: '/api/reports',
  roles: REPORT_STAFF,
  description: 'The report sections the caller may see, and whether each runs in this deployment',
  objects: REPORT_OBJECTS,
  async handler(_r, ctx) {
    const sections = [];
    for (const s of allowedSections(ctx.principal)) {
      const reason = await unavailableReason(s, ctx.reader);
      sections.push({
        id: s.id,
        key: s.key,
        title: s.title.ru,
        params: s.params,
        available: reason === undefined,
        ...(reason ? { note: reason } : {}),
      });
    }
    return { body: { sections } };
  },
});

const jsonRoute = defineRoute({
  method: 'GET',
  path: '/api/reports/:section',
  roles: REPORT_STAFF,
  description: 'One report section (or all) as JSON: columns, rows, totals, chart',
  objects: REPORT_OBJECTS,
  params: sectionParam,
  query: paramsQuery,
  handler: async ({ params, query }, ctx) => ({
    body: await reportJson(ctx, params.section, paramsOf(ctx, query)),
  }),
});

const xlsxRoute = defineRoute({
  method: 'GET',
  path: '/api/reports/:section/xlsx',
  roles: REPORT_STAFF,
  description: 'One report section (or all: a sheet per section) as an Excel workbook',
  objects: REPORT_OBJECTS,
  params: sectionParam,
  query: paramsQuery,
  async handler({ params, query }, ctx) {
    const file = await reportXlsx(ctx, params.section, paramsOf(ctx, query));
    return attachment(file.bytes, file.fileName);
  },
});

const problemOf = (error: RouteError): BannerProblem => ({
  status: error.status,
  code: error.code,
  message: error.message,
});

async function choices(ctx: RouteContext) {
  const complexes = await ctx.reader.query<{ id: string; name: string }>(
    "select c.id::text as id, coalesce(c.name, '—') as name from {residentialComplex} c order by c.name",
  );
  const agencies = ctx.reader.has('agency')
    ? await ctx.reader.query<{ id: string; name: string }>(
        "select a.id::text as id, coalesce(a.name, '—') as name from {agency} a order by a.name",
      )
    : undefined;
  return { complexes, ...(agencies ? { agencies } : {}) };
}

const pageRoute = defineRoute({
  method: 'GET',
  path: '/reports',
  roles: REPORT_STAFF,
  description: 'The reports page: a section and its parameters, the table, a chart, the xlsx download',
  objects: REPORT_OBJECTS,
  query: pageQuery,
  async handler({ query }, ctx) {
    const sections = allowedSections(ctx.principal);
    const chosen = query.section?.trim() || sections[0]?.key || 'all';
    const raw = { ...query };
    const lists = await choices(ctx);
    const form = (params?: ReportParams) =>
      renderForm({ sections, chosen, raw, ...(params ? { params } : {}), ...lists });
    try {
      const params = paramsOf(ctx, query);
      if (chosen === 'all') {
        const listed = [];
        for (const section of sections) {
          const reason = await unavailableReason(section, ctx.reader);
          listed.push({ section, ...(reason ? { reason } : {}) });
        }
        const download = `/api/reports/all/xlsx${queryOf(raw, ['from', 'to', 'date', 'complexId', 'agencyId'])}`;
        return htmlPage(ctx, reportsPage, form(params) + renderAllList(listed, download));
      }
      const section = findSection(chosen);
      const report = await runSection(section, ctx.reader, params);
      const download = `/api/reports/${section.key}/xlsx${queryOf(raw, queryKeysOf(section))}`;
      return htmlPage(ctx, reportsPage, form(params) + renderSection(report, download));
    } catch (error) {
      if (!(error instanceof RouteError)) throw error;
      return htmlPage(ctx, reportsPage, form(), problemOf(error));
    }
  },
});

const historyRoute = defineRoute({
  method: 'GET',
  path: '/reports/history',
  roles: ['finance', 'sales'],
  description: 'The stored daily reports: when built, how big, whether attached in Twenty, the files',
  objects: [],
  async handler(_r, ctx) {
    const rows = await ctx.storage.query<{
      date: string;
      built_at: string | Date;
      size: number;
      seconds: number;
      sections: number;
      note_id: string | null;
      attachment_id: string | null;
      attach_error: string | null;
    }>(
      `select to_char(report_date, 'YYYY-MM-DD') as date, built_at, size, seconds, sections, note_id, attachment_id, attach_error
         from reports_daily order by report_date desc limit 400`,
    );
    const list: HistoryRow[] = rows.map((r) => ({
      date: r.date,
      builtAt: r.built_at instanceof Date ? r.built_at.toISOString() : String(r.built_at),
      size: Number(r.size),
      seconds: Number(r.seconds),
      sections: Number(r.sections),
      noteId: r.note_id,
      attachmentId: r.attachment_id,
      attachError: r.attach_error,
    }));
    return htmlPage(
      ctx,
      historyPage,
      renderHistory(list, (id) => ctx.links.twentyRecord('note', id)),
    );
  },
});

const historyFileRoute = defineRoute({
  method: 'GET',
  path: '/reports/history/:date/xlsx',
  roles: ['finance', 'sales'],
  description: 'One stored daily report (the workbook as it was built that morning)',
  objects: [],
  params: z.object({ date: z.string().max(20).describe('Дата отчёта') }),
  async handler({ params }, ctx) {
    const date = parseReportParams({ date: params.date }, today(ctx)).date;
    const [row] = await ctx.storage.query<{ bytes: Uint8Array; file_name: string }>(
      'select bytes, file_name from reports_daily where report_date = $1',
      [date],
    );
    if (!row)
      throw new RouteError(404, 'reports_daily_not_found', {
        ru: `Ежедневного отчёта за ${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)} нет`,
        en: `no daily report for ${date}`,
      });
    return attachment(Buffer.from(row.bytes), row.file_name);
  },
});

/** The agency's own line of section 10 (its reader sees only its agency and its applications and sales). */
const partnerPageRoute = defineRoute({
  method: 'GET',
  path: '/partner/reports',
  roles: ['partner'],
  description: 'The agency’s own performance (report section 10) in the partner portal',
  objects: agencyPerformance.objects,
  query: paramsQuery.pick({ from: true, to: true }),
  async handler({ query }, ctx) {
    const raw = { ...query };
    const form = `<form id="report-form" class="report-form" method="get" action="/partner/reports">
  <label>Период с <input type="date" name="from" value="${raw.from ?? ''}"></label>
  <label>по <input type="date" name="to" value="${raw.to ?? ''}"></label>
  <button type="submit">Показать</button></form>`;
    try {
      const params = paramsOf(ctx, query);
      const report = await runSection(agencyPerformance, ctx.reader, params);
      return htmlPage(
        ctx,
        partnerReportPage,
        form + renderSection(report, `/partner/reports/xlsx${queryOf(raw, ['from', 'to'])}`),
      );
    } catch (error) {
      if (!(error instanceof RouteError)) throw error;
      return htmlPage(ctx, partnerReportPage, form, problemOf(error));
    }
  },
});

const partnerXlsxRoute = defineRoute({
  method: 'GET',
  path: '/partner/reports/xlsx',
  roles: ['partner'],
  description: 'The agency’s own performance (report section 10) as an Excel workbook',
  objects: agencyPerformance.objects,
  query: paramsQuery.pick({ from: true, to: true }),
  async handler({ query }, ctx) {
    const params = paramsOf(ctx, query);
    const report = await runSection(agencyPerformance, ctx.reader, params);
    return attachment(
      await sectionWorkbook(report),
      reportFileName('agency-performance', params.date, 'xlsx'),
    );
  },
});

export const reportsRoutes = [
  listRoute,
  jsonRoute,
  xlsxRoute,
  pageRoute,
  historyRoute,
  historyFileRoute,
  partnerPageRoute,
  partnerXlsxRoute,
];
