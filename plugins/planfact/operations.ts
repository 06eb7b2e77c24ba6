/**
 * The plan's admin actions, each a route and a `realty` command: `planfact import` (a workbook →
 * the next plan version; every bad row reported with its row, column and reason, and then nothing
 * written), `planfact save-version` (the calculator's changed values → the next version) and
 * `planfact template` (the workbook to fill in). Complexes and the plan in force are read from
 * Twenty, so the commands are right without the app running.
 */
import { z } from 'zod';
import type { ScopedRecords } from '../core/access/index';
import { defineOperation, type OperationContext, operationFile, RouteError } from '../core/plugin/index';
import { residentialComplex } from '../registry/index';
import { PLANFACT_ROLES, PLANFACT_WRITERS } from './access';
import { addMonths, isMonth, moscowMonth, parseMonth } from './rules/months';
import { type Cell, planInForce } from './rules/plan-fact';
import { salesPlan } from './schema';
import { loadStoredPlans, savePlanVersion, type VersionSummary } from './versions';
import { isMetric } from './vocabulary';
import { parsePlanWorkbook, planTemplate, type WorkbookProblem, XLSX_TYPE } from './workbook/plan-workbook';

const OBJECTS = [salesPlan, residentialComplex];

export async function complexNames(records: ScopedRecords): Promise<Map<string, string>> {
  const out: [string, string][] = [];
  for await (const r of records.iterate({}))
    out.push([r.id, typeof r.name === 'string' && r.name ? r.name : 'ЖК без названия']);
  return new Map(out.sort((a, b) => a[1].localeCompare(b[1], 'ru')));
}

const where = (p: WorkbookProblem) =>
  p.row === 0 ? '' : p.column ? `строка ${p.row}, столбец ${p.column} «${p.field}»: ` : `строка ${p.row}: `;

/** All the problems in one refusal: the first names the row and column, the message lists them all. */
export function rowsRefusal(problems: readonly WorkbookProblem[]): RouteError {
  const shown = problems.slice(0, 20).map((p) => `${where(p)}${p.message}`);
  const more = problems.length > shown.length ? `; и ещё ${problems.length - shown.length}` : '';
  const first = problems[0] as WorkbookProblem;
  return new RouteError(
    400,
    'planfact_bad_rows',
    {
      ru: `План не загружен, ничего не записано. Исправьте ${problems.length === 1 ? 'строку' : `строки (${problems.length})`}: ${shown.join('; ')}${more}`,
      en: `the plan was not imported, nothing written: ${problems.length} problem(s)`,
    },
    { field: first.field, ...(first.row > 0 ? { row: first.row } : {}) },
  );
}

export interface ImportSummary extends VersionSummary {
  file: string;
  rows: number;
  /** Plan cells read from the file. */
  imported: number;
}

async function importPlan(
  input: { file: string; fileName?: string | undefined },
  ctx: OperationContext,
): Promise<ImportSummary> {
  const complexes = await complexNames(ctx.writer.records(residentialComplex));
  const parsed = await parsePlanWorkbook(Buffer.from(input.file, 'base64'), complexes);
  if (parsed.problems.length > 0) throw rowsRefusal(parsed.problems);
  const summary = await savePlanVersion(ctx.writer.records(salesPlan), parsed.cells, {
    dryRun: ctx.dryRun,
    complexNames: complexes,
    progress: (done, total, label) => ctx.progress(done, total, label),
  });
  if (!ctx.dryRun)
    ctx.log.info(
      { version: summary.version, cells: summary.cells, file: input.fileName },
      'sales plan imported',
    );
  return {
    ...summary,
    file: input.fileName ?? 'plan.xlsx',
    rows: parsed.rows,
    imported: parsed.cells.length,
  };
}

const versionText = (r: VersionSummary) =>
  r.dryRun
    ? `пробный прогон: версия ${r.version}, ячеек плана ${r.cells}, изменено ${r.changed}; ничего не записано`
    : r.changed === 0
      ? `план не изменился: действует версия ${r.previousVersion ?? '—'}`
      : `записана версия плана ${r.version}: ячеек ${r.written}, изменено ${r.changed}, предыдущих записей снято ${r.deactivated}`;

/** «2026-03;<complex id or empty>;REVENUE;150000000» → a plan cell, or a refusal naming the line. */
export function parsePlanLine(line: string, index: number, complexes: ReadonlyMap<string, string>): Cell {
  const bad = (ru: string) =>
    new RouteError(
      400,
      'planfact_bad_plan_line',
      `«Значения плана», строка ${index + 1} («${line}»): ${ru}`,
      {
        field: 'plans',
        row: index + 1,
      },
    );
  const parts = line.split(';').map((s) => s.trim());
  if (parts.length !== 4)
    throw bad('нужно «МЕСЯЦ;ЖК;ПОКАЗАТЕЛЬ;ЗНАЧЕНИЕ», например «2026-03;;REVENUE;150000000»');
  const [monthText, complexText, metricText, valueText] = parts as [string, string, string, string];
  const month = parseMonth(monthText);
  if (!month || !isMonth(month)) throw bad(`«${monthText}» — не месяц (ГГГГ-ММ)`);
  const complexId = complexText === '' ? null : complexText;
  if (complexId !== null && !complexes.has(complexId)) throw bad('такого ЖК нет в реестре');
  if (!isMetric(metricText)) throw bad(`«${metricText}» — нужен UNITS, AREA_M2, REVENUE или RECEIPTS`);
  const value = Number(valueText.replace(',', '.'));
  if (valueText === '' || !Number.isFinite(value)) throw bad(`«${valueText}» — не число`);
  if (value < 0) throw bad('план не может быть отрицательным');
  return { month, complexId, metric: metricText, value };
}

export const importOperation = defineOperation({
  name: 'planfact import',
  description: 'import the sales plan from an Excel workbook as a new plan version (all rows checked first)',
  roles: PLANFACT_WRITERS,
  input: z.object({
    file: z.string().min(1).describe('the .xlsx file (columns Месяц, ЖК, Показатель, План)'),
    fileName: z.string().optional().describe('the file’s name as people see it'),
  }),
  args: ['file'],
  files: { file: 'base64' },
  bodyLimit: 16 * 1024 * 1024,
  writes: true,
  objects: OBJECTS,
  run: importPlan,
  render: (r) => `${r.file}: строк ${r.rows}, значений плана ${r.imported}. ${versionText(r)}`,
});

export const saveVersionOperation = defineOperation({
  name: 'planfact save-version',
  description: 'save the plan in force with the given values changed as a new plan version',
  roles: PLANFACT_WRITERS,
  input: z.object({
    plans: z
      .array(z.string())
      .min(1, 'нужно хотя бы одно значение плана')
      .describe('«YYYY-MM;COMPLEX_ID;METRIC;VALUE» (an empty complex: all complexes)'),
  }),
  writes: true,
  objects: OBJECTS,
  async run(input, ctx) {
    const complexes = await complexNames(ctx.writer.records(residentialComplex));
    const cells = input.plans.map((line, i) => parsePlanLine(line, i, complexes));
    return savePlanVersion(ctx.writer.records(salesPlan), cells, {
      dryRun: ctx.dryRun,
      complexNames: complexes,
      progress: (done, total, label) => ctx.progress(done, total, label),
    });
  },
  render: versionText,
});

/** The template's bytes: the plan in force of the months, every complex and metric. */
export async function templateBytes(
  ctx: Pick<OperationContext, 'writer'>,
  months: { from: string; to: string },
): Promise<Buffer> {
  const complexes = await complexNames(ctx.writer.records(residentialComplex));
  const plan = planInForce(await loadStoredPlans(ctx.writer.records(salesPlan)));
  return planTemplate(complexes, months, plan);
}

export function templatePeriod(now: Date, from?: string, to?: string): { from: string; to: string } {
  const first = from && isMonth(from) ? from : moscowMonth(now);
  const last = to && isMonth(to) && to >= first ? to : addMonths(first, 11);
  return { from: first, to: last };
}

export const templateOperation = defineOperation({
  name: 'planfact template',
  description: 'the plan workbook to fill in (the plan in force for the months, every complex and metric)',
  roles: [...PLANFACT_ROLES],
  input: z.object({
    from: z.string().optional().describe('first month, YYYY-MM (default this month)'),
    to: z.string().optional().describe('last month, YYYY-MM (default eleven months on)'),
  }),
  writes: false,
  objects: OBJECTS,
  async run(input, ctx) {
    const period = templatePeriod(ctx.clock.now(), input.from, input.to);
    return operationFile(await templateBytes(ctx, period), {
      contentType: XLSX_TYPE,
      fileName: `plan-template-${period.from}.xlsx`,
    });
  },
  render: () => 'шаблон плана записан',
});

export const planfactOperations = [importOperation, saveVersionOperation, templateOperation];
