/**
 * The /auctions page: the registry of auctions with its filters (status, complex, bidding dates,
 * number) and counts per status, each auction linking to its console; and, for sales, the form
 * that creates an auction from FREE units (the script posts to POST /api/auctions).
 */
import { fileURLToPath } from 'node:url';
import type { Principal } from '../../core/access/index';
import { formatDate, formatDateTime, formatRubMicros, escapeHtml as h } from '../../core/pages/index';
import { definePage, type PageAssets } from '../../core/plugin/index';
import type { RegistryFilters, RegistryView } from '../read/auction-registry';
import { AUCTION_STATUSES } from '../rules/auction-state';
import { AUCTION_STATUS_RU } from '../vocabulary';

export const auctionsPage = definePage({
  path: '/auctions',
  title: { ru: 'Аукционы', en: 'Auctions' },
  roles: ['sales', 'finance', 'legal'],
  order: 30,
});

export const auctionsAssets: PageAssets = {
  dir: fileURLToPath(new URL('./assets', import.meta.url)),
  files: ['auctions.css', 'auctions-registry.js', 'auction-console.js'],
};

export const asset = (file: string) => `/assets/auctions/${file}`;

export interface FreeUnit {
  id: string;
  number: string;
  price: string | null;
  building: string | null;
  complex: string | null;
  floor: number | null;
  rooms: number | null;
  total_area: number | null;
}

const canCreate = (p: Principal) => p.kind === 'staff' && (p.role === 'sales' || p.role === 'admin');

function query(f: RegistryFilters, patch: Partial<Record<string, string>>): string {
  const params = new URLSearchParams();
  if (f.status?.length) params.set('status', f.status.join(','));
  if (f.complexId) params.set('complex', f.complexId);
  if (f.from) params.set('from', f.from);
  if (f.to) params.set('to', f.to);
  if (f.q) params.set('q', f.q);
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined || v === '') params.delete(k);
    else params.set(k, v);
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

export function registryContent(input: {
  principal: Principal;
  view: RegistryView;
  filters: RegistryFilters;
  complexes: { id: string; name: string }[];
  freeUnits: FreeUnit[];
}): string {
  const { view, filters } = input;
  const total = Object.values(view.counts).reduce((s, n) => s + n, 0);
  const chips = [
    `<a class="chip${!filters.status?.length ? ' on' : ''}" href="/auctions${query(filters, { status: '', page: '' })}">Все <b>${total}</b></a>`,
    ...AUCTION_STATUSES.filter((s) => view.counts[s]).map(
      (s) =>
        `<a class="chip status-${s.toLowerCase()}${filters.status?.includes(s) ? ' on' : ''}" href="/auctions${query(filters, { status: s, page: '' })}">${h(AUCTION_STATUS_RU[s])} <b>${view.counts[s]}</b></a>`,
    ),
  ].join('');
  const rows = view.rows
    .map(
      (r) => `<tr>
  <td><a href="/auctions/${h(r.id)}">${h(r.number)}</a>${r.validationIssue ? ` <span class="warn" title="${h(r.validationIssue)}">⚠</span>` : ''}</td>
  <td><span class="badge status-${h(r.status.toLowerCase())}">${h(AUCTION_STATUS_RU[r.status] ?? r.status)}</span></td>
  <td>${h(r.complexes ?? '—')}</td>
  <td class="units">${h(r.units ?? '—')}</td>
  <td class="num">${r.lots}${r.sold ? ` <small>(продано ${r.sold})</small>` : ''}</td>
  <td class="num">${formatRubMicros(r.startTotalMicros)}</td>
  <td class="num">${r.finalTotalMicros ? formatRubMicros(r.finalTotalMicros) : '—'}</td>
  <td>${r.applicationStart ? `${formatDate(r.applicationStart)} – ${formatDate(r.applicationEnd)}` : '—'}</td>
  <td>${r.biddingStart ? formatDateTime(r.biddingStart) : '—'}</td>
  <td>${h(r.platform ?? '—')}${r.procedureNumber ? `<br><small>${h(r.procedureNumber)}</small>` : ''}</td>
</tr>`,
    )
    .join('\n');
  const pages = Math.max(1, Math.ceil(view.total / view.pageSize));
  const pager =
    pages > 1
      ? `<p class="pager">${view.page > 1 ? `<a href="/auctions${query(filters, { page: String(view.page - 1) })}">← назад</a>` : ''} страница ${view.page} из ${pages} ${view.page < pages ? `<a href="/auctions${query(filters, { page: String(view.page + 1) })}">вперёд →</a>` : ''}</p>`
      : '';
  const complexOptions = input.complexes
    .map(
      (c) =>
        `<option value="${h(c.id)}"${filters.complexId === c.id ? ' selected' : ''}>${h(c.name)}</option>`,
    )
    .join('');
  const unitRows = input.freeUnits
    .map(
      (
        u,
      ) => `<tr><td><input type="checkbox" name="unit" value="${h(u.id)}" aria-label="Помещение ${h(u.number)}"></td>
  <td>${h(u.complex ?? '—')}</td><td>${h(u.building ?? '—')}</td><td>${h(u.number)}</td><td class="num">${u.floor ?? '—'}</td>
  <td class="num">${u.rooms ?? '—'}</td><td class="num">${u.total_area ?? '—'}</td><td class="num">${formatRubMicros(u.price)}</td></tr>`,
    )
    .join('');
  const create = canCreate(input.principal)
    ? `<details id="create-auction"${view.total === 0 ? ' open' : ''}>
  <summary>Новый аукцион из свободных помещений</summary>
  <form id="create-form">
    <div class="grid">
      <label>Номер <input name="number" required placeholder="А-2027-015"></label>
      <label>Площадка <input name="platform" placeholder="РТС-тендер"></label>
      <label>Номер процедуры <input name="procedureNumber"></label>
      <label>Приём заявок с <input type="datetime-local" name="applicationStart" required></label>
      <label>по <input type="datetime-local" name="applicationEnd" required></label>
      <label>Торги с <input type="datetime-local" name="biddingStart" required></label>
      <label>до <input type="datetime-local" name="biddingEnd" required></label>
      <label>Шаг, % <input name="stepPercent" inputmode="decimal" placeholder="5"></label>
      <label><input type="checkbox" name="announce" checked> сразу объявить</label>
    </div>
    <p class="hint">Задаток — 10 % начальной цены (20 % от 100 млн ₽), шаг — 5 %; начальная цена — цена помещения. Помещения станут «В аукционе» при объявлении.</p>
    <div class="table-wrap"><table id="free-units"><thead><tr><th></th><th>ЖК</th><th>Корпус</th><th>№</th><th>Этаж</th><th>Комн.</th><th>м²</th><th>Цена</th></tr></thead>
    <tbody>${unitRows || '<tr><td colspan="8">Свободных помещений нет.</td></tr>'}</tbody></table></div>
    <p><button type="submit">Создать аукцион</button> <span id="create-message" role="status"></span></p>
  </form>
</details>`
    : '';
  return `<div id="auctions-page">
<form class="filters" method="get" action="/auctions">
  <label>Статус <select name="status"><option value="">все</option>${AUCTION_STATUSES.map((s) => `<option value="${s}"${filters.status?.length === 1 && filters.status[0] === s ? ' selected' : ''}>${h(AUCTION_STATUS_RU[s])}</option>`).join('')}</select></label>
  <label>ЖК <select name="complex"><option value="">все</option>${complexOptions}</select></label>
  <label>Торги с <input type="date" name="from" value="${h(filters.from ?? '')}"></label>
  <label>по <input type="date" name="to" value="${h(filters.to ?? '')}"></label>
  <label>Номер <input name="q" value="${h(filters.q ?? '')}" placeholder="А-2027"></label>
  <button type="submit">Показать</button>
</form>
<p class="chips">${chips}</p>
<p class="found">Найдено: <b>${view.total}</b></p>
<div class="table-wrap"><table id="auctions"><thead><tr><th>Номер</th><th>Статус</th><th>ЖК</th><th>Помещения</th><th>Лотов</th><th>Начальная цена</th><th>Итог</th><th>Приём заявок</th><th>Торги</th><th>Площадка</th></tr></thead>
<tbody>${rows || '<tr><td colspan="10">Аукционов не найдено.</td></tr>'}</tbody></table></div>
${pager}
${create}
</div>`;
}
