/**
 * The /reports page: pick a section (or «all sections») and its parameters, see the table
 * formatted for people with a chart where one says it faster (Apache ECharts, served by the app),
 * download the xlsx. And /reports/history: the stored daily reports. Both in core's page shell.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import {
  type BannerProblem,
  escapeHtml,
  formatDateTime,
  formatNumber,
  renderPage,
} from '../../core/pages/index';
import { definePage, type PageAssets, type RouteContext } from '../../core/plugin/index';
import type { ParamName, ReportParams, ReportSection } from '../report-types';
import type { SectionReport } from '../run-report';
import { renderTable, scriptJson } from './render-table';

export const REPORT_STAFF = ['sales', 'finance', 'callcenter', 'marketing', 'legal'] as const;

export const reportsPage = definePage({
  path: '/reports',
  title: { ru: 'Отчёты', en: 'Reports' },
  roles: REPORT_STAFF,
  order: 60,
});
export const historyPage = definePage({
  path: '/reports/history',
  title: { ru: 'История ежедневных отчётов', en: 'Daily report history' },
  roles: ['finance', 'sales'],
  order: 61,
});
export const partnerReportPage = definePage({
  path: '/partner/reports',
  title: { ru: 'Отчёт агентства', en: 'Agency report' },
  roles: ['partner'],
  order: 40,
});

export const reportsAssets: PageAssets = {
  dir: fileURLToPath(new URL('./assets', import.meta.url)),
  files: ['reports.js', 'reports.css', 'echarts.min.js'],
  // The app serves ECharts itself (no CDN): the installed package's file.
  resolved: { 'echarts.min.js': createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js') },
};

const SCRIPTS = ['/assets/reports/echarts.min.js', '/assets/reports/reports.js'];
const STYLES = ['/assets/reports/reports.css'];
const HTML = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };

export function htmlPage(
  ctx: RouteContext,
  page: { title: { ru: string; en: string }; path: string },
  content: string,
  problem?: BannerProblem,
) {
  return {
    status: problem?.status ?? 200,
    headers: HTML,
    body: renderPage({
      title: page.title,
      principal: ctx.principal,
      pages: ctx.pages,
      path: page.path,
      content,
      scripts: SCRIPTS,
      styles: STYLES,
      ...(problem ? { problem } : {}),
    }),
  };
}

export interface Choice {
  readonly id: string;
  readonly name: string;
}

export interface FormState {
  readonly sections: readonly ReportSection[];
  /** The chosen section's key or `all`. */
  readonly chosen: string;
  readonly raw: Readonly<Record<string, string | undefined>>;
  readonly params?: ReportParams;
  readonly complexes: readonly Choice[];
  readonly agencies?: readonly Choice[];
}

const option = (value: string, label: string, selected: boolean) =>
  `<option value="${escapeHtml(value)}"${selected ? ' selected' : ''}>${escapeHtml(label)}</option>`;

/** The query string of the chosen parameters (for the download link). */
export function queryOf(raw: Readonly<Record<string, string | undefined>>, names: readonly string[]): string {
  const q = new URLSearchParams();
  for (const n of names) {
    const v = raw[n];
    if (v !== undefined && v !== '') q.set(n, v);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

const PARAM_KEYS: Readonly<Record<ParamName, readonly string[]>> = {
  period: ['from', 'to'],
  date: ['date'],
  complex: ['complexId'],
  agency: ['agencyId'],
};
export const queryKeysOf = (section: ReportSection | undefined) =>
  section ? section.params.flatMap((p) => PARAM_KEYS[p]) : ['from', 'to', 'date'];

export function renderForm(state: FormState): string {
  const p = state.params;
  const value = (k: 'from' | 'to' | 'date') => escapeHtml(state.raw[k] ?? p?.[k] ?? '');
  const sectionOptions = [
    ...state.sections.map((s) => option(s.key, `${s.id}. ${s.title.ru}`, s.key === state.chosen)),
    option('all', 'Все разделы (одна книга xlsx)', state.chosen === 'all'),
  ].join('');
  const complexOptions = [
    option('', 'Все ЖК', !state.raw.complexId),
    ...state.complexes.map((c) => option(c.id, c.name, c.id === state.raw.complexId)),
  ].join('');
  const agencyField = state.agencies
    ? `<label>Агентство <select name="agencyId">${[option('', 'Все агентства', !state.raw.agencyId), ...state.agencies.map((a) => option(a.id, a.name, a.id === state.raw.agencyId))].join('')}</select></label>`
    : '';
  return `<form id="report-form" class="report-form" method="get" action="/reports">
  <label class="wide">Раздел <select name="section" id="report-section">${sectionOptions}</select></label>
  <label>Период с <input type="date" name="from" value="${value('from')}"></label>
  <label>по <input type="date" name="to" value="${value('to')}"></label>
  <label>Дата отчёта <input type="date" name="date" value="${value('date')}"></label>
  <label>ЖК <select name="complexId">${complexOptions}</select></label>
  ${agencyField}
  <button type="submit">Показать</button>
</form>`;
}

export function renderSection(report: SectionReport, download: string): string {
  const chart = report.chart
    ? `<div id="report-chart" class="report-chart" role="img" aria-label="${escapeHtml(`График: ${report.section.title}`)}"></div><script id="report-chart-data" type="application/json">${scriptJson(report.chart)}</script>`
    : '';
  const note = report.note ? `<p class="note">${escapeHtml(report.note)}</p>` : '';
  return `<section class="report" id="report-section-${report.section.id}">
  <header class="report-head"><h2>${report.section.id}. ${escapeHtml(report.section.title)}</h2>
  <a class="download" id="report-download" href="${escapeHtml(download)}" download>Скачать xlsx</a></header>
  ${note}${chart}
  <p class="count">Строк: ${formatNumber(report.rows.length, 0)}</p>
  ${renderTable(report)}
</section>`;
}

export function renderAllList(
  sections: readonly { section: ReportSection; reason?: string }[],
  download: string,
): string {
  const items = sections
    .map(
      ({ section, reason }) =>
        `<li${reason ? ' class="off"' : ''}><a href="/reports?section=${escapeHtml(section.key)}">${section.id}. ${escapeHtml(section.title.ru)}</a>${reason ? ` — <span class="why">${escapeHtml(reason)}</span>` : ''}</li>`,
    )
    .join('');
  return `<section class="report all">
  <header class="report-head"><h2>Все разделы</h2>
  <a class="download" id="report-download" href="${escapeHtml(download)}" download>Скачать xlsx (все разделы)</a></header>
  <p>Книга с листом на каждый раздел и листом «Содержание»; разделы выключенных плагинов в неё не входят.</p>
  <ol class="sections">${items}</ol>
</section>`;
}

export interface HistoryRow {
  readonly date: string;
  readonly builtAt: string;
  readonly size: number;
  readonly seconds: number;
  readonly sections: number;
  readonly noteId: string | null;
  readonly attachmentId: string | null;
  readonly attachError: string | null;
}

export function renderHistory(rows: readonly HistoryRow[], noteLink: (id: string) => string): string {
  const body = rows
    .map((r) => {
      const day = `${r.date.slice(8, 10)}.${r.date.slice(5, 7)}.${r.date.slice(0, 4)}`;
      const twenty = r.attachmentId
        ? `прикреплён к <a href="${escapeHtml(noteLink(r.noteId ?? ''))}">заметке</a>`
        : r.noteId
          ? `<a href="${escapeHtml(noteLink(r.noteId))}">заметка</a> со ссылкой сюда`
          : 'не передан';
      return `<tr><td>${day}</td><td>${escapeHtml(formatDateTime(r.builtAt))}</td><td class="num">${r.sections}</td><td class="num">${formatNumber(r.size / 1024, 0)}&nbsp;КБ</td><td class="num">${formatNumber(r.seconds, 1)}&nbsp;с</td><td>${twenty}${r.attachError ? `<div class="why">${escapeHtml(r.attachError)}</div>` : ''}</td><td><a href="/reports/history/${r.date}/xlsx" download>xlsx</a></td></tr>`;
    })
    .join('');
  return `<section class="report history">
  <p>Ежедневный отчёт строится каждое утро (время — настройка REPORTS_DAILY_TIME, по умолчанию 07:00 МСК) за вчерашний день и прикрепляется к заметке в Twenty для руководства.</p>
  <div class="table-wrap"><table class="report-table" id="history-table"><thead><tr><th>За день</th><th>Построен</th><th class="num">Разделов</th><th class="num">Размер</th><th class="num">Время</th><th>В Twenty</th><th>Файл</th></tr></thead>
  <tbody>${body || '<tr class="empty"><td colspan="7">Ежедневных отчётов ещё не было</td></tr>'}</tbody></table></div>
</section>`;
}
