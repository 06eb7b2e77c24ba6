/**
 * Running sections for a caller: which sections the principal may see (its role; an agency only
 * those admitting partners), which run in this deployment (a disabled plugin's are empty,
 * correctly headed and say why), the totals row as values, and «all sections» as the list of
 * tables a workbook gets one sheet each for.
 */
import type { Principal, ScopedReader } from '../core/access/index';
import { RouteError } from '../core/plugin/index';
import type { ReportColumn, ReportParams, ReportRow, ReportSection, ReportTable } from './report-types';
import { REPORT_SECTIONS } from './sections/index';

export interface SectionReport extends ReportTable {
  readonly section: { readonly id: number; readonly key: string; readonly title: string };
  readonly params: ReportParams;
  /** False when a plugin it reads is not enabled: the table is empty and `note` says so. */
  readonly available: boolean;
  readonly note?: string;
  /** Milliseconds the section took. */
  readonly ms: number;
}

export interface AllReport {
  readonly params: ReportParams;
  readonly sections: readonly SectionReport[];
  /** Sections left out and why (a disabled plugin). */
  readonly skipped: readonly { readonly id: number; readonly title: string; readonly reason: string }[];
}

const SECTION_LIST = () => REPORT_SECTIONS.map((s) => `${s.id} (${s.key})`).join(', ');

/** A section by its number or key; unknown → 404 naming the valid ones. */
export function findSection(idOrKey: string): ReportSection {
  const wanted = idOrKey.trim().toLowerCase();
  const found = REPORT_SECTIONS.find((s) => String(s.id) === wanted || s.key === wanted);
  if (!found)
    throw new RouteError(
      404,
      'reports_unknown_section',
      {
        ru: `Раздела отчёта «${idOrKey}» нет; есть разделы ${SECTION_LIST()} и all (все разделы)`,
        en: `no report section "${idOrKey}"; sections: ${SECTION_LIST()}, all`,
      },
      { field: 'section' },
    );
  return found;
}

/** May the principal see the section? Admin sees all; staff by role; an agency the sections admitting partners. */
export function sectionAllowed(section: ReportSection, principal: Principal): boolean {
  switch (principal.kind) {
    case 'staff':
      return principal.role === 'admin' || section.roles.includes(principal.role);
    case 'partner':
      return section.roles.includes('partner');
    case 'system':
      return true;
    case 'anonymous':
      return false;
    default: {
      const never: never = principal;
      throw new Error(`unknown principal ${JSON.stringify(never)}`);
    }
  }
}

export function allowedSections(principal: Principal): ReportSection[] {
  return REPORT_SECTIONS.filter((s) => sectionAllowed(s, principal));
}

/** Why a section cannot run here, or undefined when it can. */
export async function unavailableReason(
  section: ReportSection,
  reader: ScopedReader,
): Promise<string | undefined> {
  const missing = (section.requires ?? []).filter((o) => !reader.has(o));
  const ok = missing.length === 0 && (section.available ? await section.available(reader) : true);
  if (ok) return undefined;
  const plugins = section.plugins.map((p) => `«${p}»`).join(', ');
  return `Раздел ${section.id} «${section.title.ru}» пуст: плагин ${plugins} не включён в этой установке (REALTY_PLUGINS)`;
}

const kopecks = (v: unknown) => Math.round(Number(v ?? 0) * 100);

/** The totals row of the summed columns (values, not formulas), the first text column saying «Итого». */
export function totalsOf(
  columns: readonly ReportColumn[],
  rows: readonly ReportRow[],
  extra?: ReportRow,
): ReportRow | undefined {
  if (rows.length === 0 || !columns.some((c) => c.total)) return undefined;
  const out: Record<string, string | number | null> = {};
  const first = columns.find((c) => c.type === 'text');
  if (first) out[first.key] = 'Итого';
  for (const c of columns) {
    if (!c.total) continue;
    if (c.type === 'money') out[c.key] = rows.reduce((s, r) => s + kopecks(r[c.key]), 0) / 100;
    else if (c.type === 'area')
      out[c.key] = Math.round(rows.reduce((s, r) => s + Number(r[c.key] ?? 0) * 10, 0)) / 10;
    else out[c.key] = rows.reduce((s, r) => s + Number(r[c.key] ?? 0), 0);
  }
  return { ...out, ...(extra ?? {}) };
}

export function forbiddenSection(section: ReportSection): RouteError {
  return new RouteError(403, 'reports_section_forbidden', {
    ru: `Раздел ${section.id} «${section.title.ru}» недоступен вашей роли`,
    en: `section ${section.id} is not available to your role`,
  });
}

/** One section for the caller: refused when its role may not see it; empty with a note when its plugin is off. */
export async function runSection(
  section: ReportSection,
  reader: ScopedReader,
  params: ReportParams,
): Promise<SectionReport> {
  if (!sectionAllowed(section, reader.principal)) throw forbiddenSection(section);
  const started = performance.now();
  const head = {
    section: { id: section.id, key: section.key, title: section.title.ru },
    params,
    columns: section.columns,
  };
  const reason = await unavailableReason(section, reader);
  if (reason) return { ...head, rows: [], available: false, note: reason, ms: performance.now() - started };
  const result = await section.run(reader, params);
  const totals = totalsOf(section.columns, result.rows, result.totals);
  return {
    ...head,
    rows: result.rows,
    ...(totals ? { totals } : {}),
    ...(result.chart && result.rows.length > 0 ? { chart: result.chart } : {}),
    available: true,
    ms: performance.now() - started,
  };
}

/** Every section the caller may see that runs here; the others listed with the reason. */
export async function runAll(reader: ScopedReader, params: ReportParams): Promise<AllReport> {
  const sections: SectionReport[] = [];
  const skipped: { id: number; title: string; reason: string }[] = [];
  for (const section of allowedSections(reader.principal)) {
    const reason = await unavailableReason(section, reader);
    if (reason) skipped.push({ id: section.id, title: section.title.ru, reason });
    else sections.push(await runSection(section, reader, params));
  }
  return { params, sections, skipped };
}
