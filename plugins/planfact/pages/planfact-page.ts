/**
 * The /planfact page inside core's page shell, Russian first, values formatted for people (₽, м²,
 * шт., %): filters (period, complex, metric), totals per metric, a chart of plan against fact drawn
 * by Apache ECharts (served by the app as this plugin's asset), the table by month and complex
 * whose plan cells are the calculator's inputs, the what-if on the remaining FREE stock, saving as
 * a new plan version and the workbook import. Data for the script rides in
 * `<script type="application/json">` (the CSP allows no inline script).
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Principal } from '../../core/access/index';
import {
  escapeHtml,
  formatArea,
  formatNumber,
  formatRub,
  type NavPage,
  renderPage,
} from '../../core/pages/index';
import type { ErrorBody, PageAssets } from '../../core/plugin/index';
import type { PlanFactQuery } from '../published-reads';
import { monthDots, monthRu } from '../rules/months';
import { keyOf, type MetricTotal, type PlanFactRow } from '../rules/plan-fact';
import type { PlanFactView } from '../view';
import { METRIC_RU, METRIC_TERMS, type Metric } from '../vocabulary';

export const planfactAssets: PageAssets = {
  dir: fileURLToPath(new URL('./assets', import.meta.url)),
  files: ['planfact.js', 'planfact.css', 'echarts.min.js'],
  // The app serves ECharts itself (no CDN): the installed package's file, found when the plugin loads.
  resolved: { 'echarts.min.js': createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js') },
};

const SCRIPTS = ['/assets/planfact/echarts.min.js', '/assets/planfact/planfact.js'];
const STYLES = ['/assets/planfact/planfact.css'];

/** JSON inside <script>: `<` escaped so no value can close the element. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

/** A value in its metric's unit: «12 шт.», «640,5 м²», «1 250 000 ₽». */
export function formatValue(metric: Metric, v: number): string {
  if (metric === 'UNITS') return `${formatNumber(v, 2)}\u00a0шт.`;
  if (metric === 'AREA_M2') return formatArea(v);
  return formatRub(v);
}
const pct = (p: number | null) => (p === null ? '—' : `${formatNumber(p, 1)}\u00a0%`);
const signed = (metric: Metric, v: number) => `${v > 0 ? '+' : ''}${formatValue(metric, v)}`;
const cls = (v: number) => (v < 0 ? 'neg' : v > 0 ? 'pos' : '');

function filters(view: PlanFactView | undefined, q: PlanFactQuery): string {
  const complexes = view?.complexes ?? [];
  const option = (value: string, label: string, selected: boolean) =>
    `<option value="${escapeHtml(value)}"${selected ? ' selected' : ''}>${escapeHtml(label)}</option>`;
  return `<form id="pf-filter" class="filters" method="get" action="/planfact">
<label>Период с <input type="month" name="from" value="${escapeHtml(q.from)}" required></label>
<label>по <input type="month" name="to" value="${escapeHtml(q.to)}" required></label>
<label>ЖК <select name="complexId">${option('', 'все ЖК', !q.complexId)}${complexes.map((c) => option(c.id, c.name, c.id === q.complexId)).join('')}</select></label>
<label>Показатель <select name="metric">${option('', 'все показатели', !q.metric)}${METRIC_TERMS.map((t) => option(t.value, t.ru, t.value === q.metric)).join('')}</select></label>
<button type="submit">Показать</button>
</form>`;
}

function totalCards(totals: readonly MetricTotal[]): string {
  return totals
    .map(
      (
        t,
      ) => `<div class="card" data-total="${t.metric}"><div class="lbl">${escapeHtml(METRIC_RU[t.metric])}</div>
<div><span class="lbl">план</span> <b class="t-plan">${formatValue(t.metric, t.plan)}</b></div>
<div><span class="lbl">факт</span> <b class="t-fact">${formatValue(t.metric, t.fact)}</b></div>
<div><span class="lbl">отклонение</span> <b class="t-delta ${cls(t.delta)}">${signed(t.metric, t.delta)}</b> <b class="t-pct">${pct(t.percent)}</b></div></div>`,
    )
    .join('');
}

function row(r: PlanFactRow): string {
  const key = keyOf(r);
  return `<tr data-key="${escapeHtml(key)}" data-month="${r.month}" data-complex="${escapeHtml(r.complexId ?? '')}" data-metric="${r.metric}">
<td>${escapeHtml(monthRu(r.month))}</td><td>${escapeHtml(r.complexName ?? 'все ЖК')}</td><td>${escapeHtml(METRIC_RU[r.metric])}</td>
<td class="num"><input class="pf-plan" type="text" inputmode="decimal" aria-label="План: ${escapeHtml(`${monthDots(r.month)}, ${r.complexName ?? 'все ЖК'}, ${METRIC_RU[r.metric]}`)}" value="${formatNumber(r.plan, 2)}" data-original="${r.plan}"></td>
<td class="num fact">${formatValue(r.metric, r.fact)}</td><td class="num delta ${cls(r.delta)}">${signed(r.metric, r.delta)}</td><td class="num pct">${pct(r.percent)}</td></tr>`;
}

function calculator(view: PlanFactView, canSave: boolean): string {
  const p = view.projection;
  return `<section id="pf-calculator" aria-label="Калькулятор">
<h2>Калькулятор «что если»</h2>
<p class="hint">Меняйте значения плана в таблице или условия ниже — итоги пересчитываются сразу, ничего не сохраняется, пока вы не нажмёте «Сохранить как новую версию плана». Прогноз = факт периода + то, что план в штуках ещё ждёт с этого месяца (план − факт, с учётом темпа), из свободных помещений своего ЖК по их средней цене с изменением и средней площади.</p>
<div class="whatif">
<label>Изменение цены свободных помещений, % <input id="pf-price" type="number" step="0.5" min="-90" max="500" value="${p.pricePercent}"></label>
<label>Темп продаж, % от плана в штуках <input id="pf-tempo" type="number" step="5" min="0" max="300" value="${p.tempoPercent}"></label>
</div>
<dl class="projection">
<dt>Свободно сейчас</dt><dd><span id="pf-stock-units">${formatValue('UNITS', p.stock.units)}</span>, <span id="pf-stock-area">${formatArea(p.stock.area)}</span>, по текущим ценам <span id="pf-stock-value">${formatRub(p.stock.value)}</span></dd>
<dt>Остаток с изменением цены</dt><dd id="pf-stock-adjusted">${formatRub(p.stock.valueAdjusted)}</dd>
<dt>Ещё продать по плану (с этого месяца)</dt><dd><span id="pf-sell-units">${formatValue('UNITS', p.toSell.units)}</span>, <span id="pf-sell-area">${formatArea(p.toSell.area)}</span> на <span id="pf-sell-revenue">${formatRub(p.toSell.revenue)}</span></dd>
<dt>Прогноз выручки за период</dt><dd><b id="pf-proj-revenue">${formatRub(p.projected.revenue)}</b> при плане <span id="pf-plan-revenue">${formatRub(p.plan.revenue)}</span> (<span id="pf-proj-revenue-pct">${pct(p.percent.revenue)}</span>)</dd>
<dt>Прогноз продаж, шт.</dt><dd><b id="pf-proj-units">${formatValue('UNITS', p.projected.units)}</b> при плане <span id="pf-plan-units">${formatValue('UNITS', p.plan.units)}</span></dd>
<dt>Прогноз продаж, м²</dt><dd><b id="pf-proj-area">${formatArea(p.projected.area)}</b> при плане <span id="pf-plan-area">${formatArea(p.plan.area)}</span></dd>
</dl>
<p>Изменено значений плана: <b id="pf-changed">${view.changed}</b>
<button type="button" id="pf-reset">Сбросить</button>
${canSave ? '<button type="button" id="pf-save" disabled>Сохранить как новую версию плана</button>' : '<span class="hint">Сохранять план могут администратор и финансовая служба.</span>'}
<span id="pf-save-result" role="status"></span></p>
</section>`;
}

function importSection(q: PlanFactQuery, canSave: boolean): string {
  const template = `/planfact/template.xlsx?from=${encodeURIComponent(q.from)}&to=${encodeURIComponent(q.to)}`;
  return `<section id="pf-import" aria-label="Загрузка плана">
<h2>План из Excel</h2>
<p><a id="pf-template" href="${escapeHtml(template)}">Скачать шаблон (действующий план за период)</a> — столбцы «Месяц», «ЖК» (пусто — все ЖК), «Показатель», «План».</p>
${
  canSave
    ? `<p><input type="file" id="pf-file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet">
<button type="button" id="pf-check">Проверить</button> <button type="button" id="pf-upload">Загрузить как новую версию</button></p>
<p id="pf-import-result" role="status"></p>`
    : ''
}
</section>`;
}

export interface PlanFactPageInput {
  principal: Principal;
  pages: readonly NavPage[];
  query: PlanFactQuery;
  canSave: boolean;
  view?: PlanFactView;
  problem?: ErrorBody;
}

export function renderPlanFactPage(input: PlanFactPageInput): string {
  const { view, query } = input;
  const content = view
    ? `<div id="planfact-page" data-can-save="${input.canSave ? '1' : ''}">
${filters(view, query)}
<p class="hint" id="pf-version">${view.version === null ? 'Плана на этот период нет — введите значения в таблице и сохраните или загрузите из Excel.' : `Действует версия плана ${view.version}.`} Факт: подписанные договоры (шт., м², выручка по цене договора) и поступления (оплата цены и зачтённые задатки) по месяцам, по московскому времени.</p>
<section class="summary" id="pf-totals" aria-label="Итоги за период">${totalCards(view.totals)}</section>
<h2>План и факт по месяцам: ${escapeHtml(METRIC_RU[view.chartMetric])}</h2>
<div id="pf-chart" class="chart" role="img" aria-label="Столбцы — план и факт по месяцам"></div>
<script id="pf-data" type="application/json">${scriptJson({ filter: view.filter, chartMetric: view.chartMetric, chart: view.chart, chartMonths: view.chart.months.map(monthRu) })}</script>
${calculator(view, input.canSave)}
<h2>По месяцам и ЖК</h2>
<div class="scroll"><table class="grid" id="pf-table"><thead><tr><th>Месяц</th><th>ЖК</th><th>Показатель</th><th>План</th><th>Факт</th><th>Отклонение</th><th>%</th></tr></thead>
<tbody>${view.rows.map(row).join('\n') || '<tr><td colspan="7">В реестре нет жилых комплексов.</td></tr>'}</tbody></table></div>
${importSection(query, input.canSave)}
</div>`
    : `<div id="planfact-page">${filters(undefined, query)}</div>`;
  return renderPage({
    title: { ru: 'План-факт продаж', en: 'Sales plan vs fact' },
    principal: input.principal,
    pages: input.pages,
    path: '/planfact',
    content,
    scripts: view ? SCRIPTS : [],
    styles: STYLES,
    ...(input.problem ? { problem: input.problem } : {}),
  });
}
