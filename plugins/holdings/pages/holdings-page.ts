/**
 * The /holdings/:companyId page: the holding's tree, each company with its own figures and the
 * totals of its branch (open deals and pipeline, won, the revenue plugin's planned and received
 * amounts when installed, open tasks, notes, contacts). Drawn on the server; no script needed.
 * Not in the navigation: it is reached from the company in Twenty (its «Holding» link).
 */
import { fileURLToPath } from 'node:url';
import type { Principal } from '../../core/access/index';
import { escapeHtml, formatRubMicros, type NavPage, renderPage } from '../../core/pages/index';
import type { ErrorBody, PageAssets, RouteAccess } from '../../core/plugin/index';
import type { FiguresJson, HoldingCompany, HoldingView } from '../holding-view';

export const HOLDINGS_PAGE_PATH = '/holdings/:companyId';
export const HOLDINGS_ROLES: RouteAccess[] = ['sales', 'finance', 'callcenter', 'marketing', 'legal'];
export const HOLDINGS_TITLE = { ru: 'Холдинг', en: 'Holding' };

export const holdingsPageAssets: PageAssets = {
  dir: fileURLToPath(new URL('./assets', import.meta.url)),
  files: ['holdings-page.css'],
};

const rub = (v: string | null) => (v === null ? '—' : formatRubMicros({ amountMicros: v }));

function figures(f: FiguresJson, revenue: boolean): string {
  return `<td class="num">${f.openDeals}</td><td class="num">${escapeHtml(rub(f.openAmountMicros))}</td><td class="num">${escapeHtml(rub(f.wonAmountMicros))}</td>${
    revenue
      ? `<td class="num">${escapeHtml(rub(f.plannedMicros))}</td><td class="num">${escapeHtml(rub(f.receivedMicros))}</td>`
      : ''
  }<td class="num">${f.openTasks} / ${f.tasks}</td><td class="num">${f.notes}</td><td class="num">${f.contacts}</td>`;
}

/** Deeper companies indent as this level (holdings-page.css has a class per level; the CSP refuses inline styles). */
const MAX_INDENT = 12;

function row(c: HoldingCompany, revenue: boolean, isRoot: boolean): string {
  return `<tr class="${isRoot ? 'root' : `depth-${Math.min(c.depth, 6)}`}" data-company="${escapeHtml(c.id)}">
  <td class="name indent-${Math.min(c.depth, MAX_INDENT)}">${c.depth > 0 ? '└ ' : ''}<a href="/holdings/${escapeHtml(c.id)}">${escapeHtml(c.name)}</a> <a class="twenty" href="${escapeHtml(c.url)}" target="_blank" rel="noopener" title="Открыть в Twenty">↗</a></td>
  ${figures(c.total, revenue)}
  <td class="own">${c.own.openDeals} / ${escapeHtml(rub(c.own.openAmountMicros))}</td>
</tr>`;
}

export function holdingsPageContent(view: HoldingView): string {
  const head = `<tr><th>Компания</th><th>Открытые сделки</th><th>Воронка</th><th>Выиграно</th>${
    view.revenue ? '<th>Выручка по плану</th><th>Получено</th>' : ''
  }<th>Задачи (откр. / все)</th><th>Заметки</th><th>Контакты</th><th>Сама компания: сделки / воронка</th></tr>`;
  const rows = view.companies.map((c, i) => row(c, view.revenue, i === 0)).join('\n');
  const t = view.total;
  return `<div id="holdings-page" data-company="${escapeHtml(view.root.id)}">
<h1>Холдинг «${escapeHtml(view.root.name)}»</h1>
${view.root.parentId ? `<p>Входит в холдинг <a href="/holdings/${escapeHtml(view.root.parentId)}">«${escapeHtml(view.root.parentName ?? '—')}»</a>.</p>` : ''}
<dl class="totals">
  <dt>Компаний</dt><dd>${view.companies.length}</dd>
  <dt>Открытых сделок</dt><dd>${t.openDeals}</dd>
  <dt>Воронка</dt><dd>${escapeHtml(rub(t.openAmountMicros))}</dd>
  <dt>Выиграно</dt><dd>${escapeHtml(rub(t.wonAmountMicros))}</dd>
  ${view.revenue ? `<dt>Получено (выручка)</dt><dd>${escapeHtml(rub(t.receivedMicros))}</dd>` : ''}
  <dt>Контактов</dt><dd>${t.contacts}</dd>
</dl>
<table class="holding-tree"><thead>${head}</thead><tbody>${rows}</tbody></table>
<p class="hint">Цифры строки — по компании и всем её дочерним на любой глубине; последняя колонка — только сама компания. Суммы в рублях.</p>
</div>`;
}

export function renderHoldingsPage(input: {
  principal: Principal;
  pages: readonly NavPage[];
  path: string;
  view?: HoldingView;
  problem?: ErrorBody;
}): string {
  const content = input.view
    ? holdingsPageContent(input.view)
    : `<div id="holdings-page"><p class="problem">${escapeHtml(input.problem?.message ?? 'Компания недоступна')}</p></div>`;
  return renderPage({
    title: HOLDINGS_TITLE,
    principal: input.principal,
    pages: input.pages,
    path: input.path,
    content,
    styles: ['/assets/holdings/holdings-page.css'],
  });
}
