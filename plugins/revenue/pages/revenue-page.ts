/**
 * The /revenue pages inside core's page shell, Russian first, values
 * formatted for people (₽ with kopecks rounded half-even, dd.mm.yyyy, month
 * names): the portfolio forecast (a chart drawn by Apache ECharts, served by
 * the app as this plugin's asset, plus the table behind it and the deals),
 * one deal's scenarios side by side with their lines, and allocations per
 * department and person by month. The chart's data rides in a
 * `<script type="application/json">` element; assets/revenue.js draws it
 * (the CSP allows no inline script).
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import {
  escapeHtml,
  formatDate,
  formatDateTime,
  formatNumber,
  formatRub,
  renderPage,
} from '../../core/pages/index';
import { definePage, defineRoute, type PageAssets, type RouteContext } from '../../core/plugin/index';
import { REVENUE_ROLES } from '../access';
import { allocationsMarked, markerForm, markerQuery } from '../allocation-markers';
import { readerQuery } from '../revenue-data';
import {
  type AllocationRowView,
  loadDealList,
  loadDealView,
  loadPortfolioView,
  type PortfolioView,
} from '../revenue-views';
import { department, exchangeRate, revenueAllocation, revenuePlanLine, revenueScenario } from '../schema';

const OBJECTS = [
  revenueScenario,
  revenuePlanLine,
  revenueAllocation,
  department,
  exchangeRate,
  'opportunity',
  'workspaceMember',
];

export const revenuePage = definePage({
  path: '/revenue',
  title: { ru: 'Прогноз выручки', en: 'Revenue forecast' },
  roles: REVENUE_ROLES,
  order: 40,
});
export const allocationsPage = definePage({
  path: '/revenue/allocations',
  title: { ru: 'Распределение выручки', en: 'Revenue allocation' },
  roles: REVENUE_ROLES,
  order: 41,
});

export const revenueAssets: PageAssets = {
  dir: fileURLToPath(new URL('./assets', import.meta.url)),
  files: ['revenue.js', 'revenue.css', 'echarts.min.js'],
  // The app serves ECharts itself (no CDN): the installed package's file, found when the plugin loads.
  resolved: { 'echarts.min.js': createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js') },
};

const SCRIPTS = ['/assets/revenue/echarts.min.js', '/assets/revenue/revenue.js'];
const STYLES = ['/assets/revenue/revenue.css'];

const MONTHS_RU = ['янв', 'фев', 'мар', 'апр', 'май', 'июн', 'июл', 'авг', 'сен', 'окт', 'ноя', 'дек'];
/** «2026-03» → «мар 2026». */
export const monthRu = (m: string) => `${MONTHS_RU[Number(m.slice(5, 7)) - 1] ?? m} ${m.slice(0, 4)}`;

/** JSON inside <script>: `<` escaped so no value can close the element. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

const rub = (v: string | null | undefined) => (v === null || v === undefined ? '—' : formatRub(v));
const money = (amount: string | null, code: string | null) =>
  amount === null
    ? '—'
    : code === 'RUB' || code === null
      ? formatRub(amount)
      : `${formatNumber(amount, 2)}\u00a0${escapeHtml(code)}`;

function page(ctx: RouteContext, title: typeof revenuePage.title | string, path: string, content: string) {
  return {
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: renderPage({
      title,
      principal: ctx.principal,
      pages: ctx.pages,
      path,
      content,
      scripts: SCRIPTS,
      styles: STYLES,
    }),
  };
}

function portfolioContent(view: PortfolioView, deals: Awaited<ReturnType<typeof loadDealList>>): string {
  const chartData = {
    months: view.months.map(monthRu),
    received: view.received,
    planned: view.plannedByKind.map((k) => ({ label: `План: ${k.label.toLowerCase()}`, values: k.values })),
    weighted: view.weighted,
  };
  const head = view.months.map((m) => `<th>${escapeHtml(monthRu(m))}</th>`).join('');
  const row = (label: string, values: readonly string[], cls = '') =>
    `<tr${cls ? ` class="${cls}"` : ''}><th scope="row">${escapeHtml(label)}</th>${values.map((v) => `<td class="num">${rub(v)}</td>`).join('')}</tr>`;
  const dealRows = deals
    .map(
      (d) =>
        `<tr><td><a href="/revenue/deals/${escapeHtml(d.id)}">${escapeHtml(d.name)}</a></td><td class="num">${d.scenarios}</td><td>${escapeHtml(d.primary ?? '— нет основного —')}</td><td>${d.issues > 0 ? `<span class="issue">замечаний: ${d.issues}</span>` : ''}</td></tr>`,
    )
    .join('');
  return `<div id="revenue-page">
<section class="summary" aria-label="Итоги">
  <div><span class="lbl">Сделок</span> <b>${view.deals}</b></div>
  <div><span class="lbl">Сценариев</span> <b>${view.scenarios}</b></div>
  <div><span class="lbl">План (основные сценарии)</span> <b id="total-planned">${rub(view.total.planned)}</b></div>
  <div><span class="lbl">Получено</span> <b id="total-received">${rub(view.total.received)}</b></div>
  <div><span class="lbl">Взвешенный прогноз</span> <b id="total-weighted">${rub(view.total.weighted)}</b></div>
</section>
${view.asOf ? `<p class="hint">Прогноз пересчитан ${escapeHtml(formatDateTime(view.asOf))} (пересчёт каждую минуту).</p>` : '<p class="hint">Прогноз ещё не рассчитан: он пересчитывается каждую минуту.</p>'}
${view.unconvertible > 0 ? `<p class="issue">Строк без курса или даты: ${view.unconvertible} — они не вошли в суммы (загрузите курсы: <code>realty rates --from …</code>).</p>` : ''}
<h2>Прогноз по месяцам, ₽</h2>
<div id="revenue-chart" class="chart" role="img" aria-label="Столбцы — получено, линии — план по сценариям и взвешенный прогноз"></div>
<script id="chart-data" type="application/json">${scriptJson(chartData)}</script>
<div class="scroll"><table class="grid" id="portfolio-table"><thead><tr><th></th>${head}</tr></thead><tbody>
${row('Получено', view.received, 'received')}
${view.plannedByKind.map((k) => row(`План: ${k.label.toLowerCase()}`, k.values)).join('\n')}
${row('Взвешенный прогноз', view.weighted, 'weighted')}
</tbody></table></div>
<p class="hint">Получено — факты основных сценариев (по дате поступления, по курсу ЦБ РФ на эту дату). План — по сроку строки, по курсу ЦБ РФ на срок (для будущих дат — последний опубликованный). Взвешенный прогноз = получено + остаток каждого сценария × его вероятность.</p>
<h2>Сделки</h2>
<table class="grid" id="deals"><thead><tr><th>Сделка</th><th>Сценариев</th><th>Основной сценарий</th><th></th></tr></thead><tbody>${dealRows || '<tr><td colspan="4">Сценариев пока нет.</td></tr>'}</tbody></table>
</div>`;
}

type DealView = Awaited<ReturnType<typeof loadDealView>>;

function rateNote(
  r: { currencyCode: string; rateDate: string; rate: string; nominal: number } | null,
): string {
  if (!r) return '';
  return `<span class="rate" title="Курс ЦБ РФ">${escapeHtml(r.currencyCode)} ${r.nominal > 1 ? `за ${r.nominal} ` : ''}${formatNumber(r.rate, 4)} от ${formatDate(r.rateDate)}</span>`;
}

function dealContent(view: DealView): string {
  const columns = view.scenarios
    .map((s) => {
      const lines = s.lines
        .map(
          (l) =>
            `<tr${l.problem ? ' class="bad"' : ''}><td>${formatDate(l.dueDate)}</td><td class="num">${money(l.amount, l.currencyCode)}</td><td>${escapeHtml(l.statusLabel)}</td>` +
            `<td class="num">${rub(l.plannedRub)}${rateNote(l.plannedRate)}</td>` +
            `<td class="num">${l.receivedAmount ? `${money(l.receivedAmount, l.receivedCurrencyCode)}<br>${formatDate(l.receivedDate)}` : '—'}</td>` +
            `<td class="num">${rub(l.receivedRub)}${rateNote(l.receivedRate)}</td>` +
            `<td class="num">${rub(l.remainingRub)}</td></tr>` +
            (l.problem ? `<tr class="bad"><td colspan="7">${escapeHtml(l.problem)}</td></tr>` : ''),
        )
        .join('');
      const months = s.months
        .filter((m) => [m.planned, m.received, m.forecast].some((v) => v !== '0.00'))
        .map(
          (m) =>
            `<tr><td>${escapeHtml(monthRu(m.month))}</td><td class="num">${rub(m.planned)}</td><td class="num">${rub(m.received)}</td><td class="num">${rub(m.forecast)}</td></tr>`,
        )
        .join('');
      return `<section class="scenario${s.isPrimary ? ' primary' : ''}" data-scenario-id="${escapeHtml(s.id)}">
<h3>${escapeHtml(s.name)} ${s.isPrimary ? '<span class="badge">основной</span>' : ''}</h3>
<p class="meta">${escapeHtml(s.kindLabel)} · вероятность ${formatNumber(s.probability, 2)}\u00a0%</p>
${s.validationIssue ? `<p class="issue">${escapeHtml(s.validationIssue)}</p>` : ''}
<dl class="totals"><dt>План</dt><dd>${rub(s.total.planned)}</dd><dt>Получено</dt><dd>${rub(s.total.received)}</dd><dt>Остаток</dt><dd>${rub(s.total.remaining)}</dd><dt>Прогноз</dt><dd>${rub(s.total.forecast)}</dd></dl>
<table class="grid months"><thead><tr><th>Месяц</th><th>План, ₽</th><th>Получено, ₽</th><th>Прогноз, ₽</th></tr></thead><tbody>${months}</tbody></table>
<table class="grid lines"><thead><tr><th>Срок</th><th>Сумма</th><th>Статус</th><th>План, ₽</th><th>Поступило</th><th>Получено, ₽</th><th>Остаток, ₽</th></tr></thead><tbody>${lines || '<tr><td colspan="7">Строк нет.</td></tr>'}</tbody></table>
</section>`;
    })
    .join('\n');
  const allocations = view.allocations
    .map(
      (a) =>
        `<tr><td>${escapeHtml(a.department ?? '—')}</td><td>${escapeHtml(a.member ?? '—')}</td><td>${escapeHtml(a.role ?? '')}</td><td>${a.splitType === 'REVENUE' ? 'выручка' : 'сверх (overlay)'}</td>` +
        `<td class="num">${a.sharePercent !== null ? `${formatNumber(a.sharePercent, 2)}\u00a0%` : money(a.fixedAmount, a.currencyCode)}</td><td>${a.validationIssue ? `<span class="issue">${escapeHtml(a.validationIssue)}</span>` : ''}</td></tr>`,
    )
    .join('');
  return `<div id="revenue-deal">
<p><a href="/revenue">← Прогноз выручки</a></p>
<h2>${escapeHtml(view.deal.name)}</h2>
<div class="scenarios">${columns || '<p>У сделки нет сценариев.</p>'}</div>
<h2>Распределение</h2>
<table class="grid" id="deal-allocations"><thead><tr><th>Отдел</th><th>Сотрудник</th><th>Роль</th><th>Тип</th><th>Доля / сумма</th><th></th></tr></thead><tbody>${allocations || '<tr><td colspan="6">Не распределено.</td></tr>'}</tbody></table>
</div>`;
}

function allocationsContent(view: { months: string[]; rows: AllocationRowView[] }): string {
  const head = view.months.map((m) => `<th>${escapeHtml(monthRu(m))}</th>`).join('');
  const group = (kind: 'department' | 'member', title: string) => {
    const rows = view.rows.filter((r) => r.kind === kind);
    return `<h2>${title}</h2><div class="scroll"><table class="grid" id="alloc-${kind}"><thead><tr><th></th>${head}<th>Итого</th></tr></thead><tbody>${
      rows
        .map(
          (r) =>
            `<tr><th scope="row">${escapeHtml(r.name)}</th>${view.months.map((m) => `<td class="num">${rub(r.months[m])}</td>`).join('')}<td class="num"><b>${rub(r.total)}</b></td></tr>`,
        )
        .join('') || `<tr><td colspan="${view.months.length + 2}">Нет распределений.</td></tr>`
    }</tbody></table></div>`;
  };
  return `<div id="revenue-allocations">
<p class="hint">Прогноз (получено + остаток) сценария сделки — указанного в распределении или основного — умноженный на долю, ₽ по курсу ЦБ РФ.</p>
${group('department', 'По отделам')}
${group('member', 'По сотрудникам')}
</div>`;
}

const uuid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'is not a record id (uuid)');

export const revenuePages = {
  pages: [revenuePage, allocationsPage],
  routes: [
    defineRoute({
      method: 'GET',
      path: '/revenue',
      roles: REVENUE_ROLES,
      description: 'The portfolio forecast page: chart by month and scenario, table, deals',
      objects: OBJECTS,
      async handler(_r, ctx) {
        const query = readerQuery(ctx.reader);
        const [view, deals] = [await loadPortfolioView(ctx.reader, ctx.storage), await loadDealList(query)];
        return page(ctx, revenuePage.title, '/revenue', portfolioContent(view, deals));
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/revenue/deals/:opportunityId',
      roles: REVENUE_ROLES,
      description: 'One deal’s scenarios side by side with their lines, and its allocations',
      objects: OBJECTS,
      params: z.object({ opportunityId: uuid }),
      async handler(r, ctx) {
        const view = await loadDealView(readerQuery(ctx.reader), r.params.opportunityId);
        return page(ctx, `Сделка: ${view.deal.name}`, '/revenue', dealContent(view));
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/revenue/allocations',
      roles: REVENUE_ROLES,
      description:
        'Allocations per department and person by month in RUB (narrowed by team or department markers)',
      objects: OBJECTS,
      query: markerQuery,
      async handler(r, ctx) {
        const view = await allocationsMarked(ctx, r.query);
        const form = ctx.settings.has('teams') ? markerForm(r.query) : '';
        return page(ctx, allocationsPage.title, '/revenue/allocations', form + allocationsContent(view));
      },
    }),
  ],
};
