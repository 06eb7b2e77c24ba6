/**
 * The /chessboard page: its declaration, its assets and its content (the
 * shell — header, navigation, who is signed in, the error banner, the shared
 * helpers — is core's `renderPage`). The server renders the complex →
 * building chooser, the filter form and the legend's colours, and embeds the
 * chosen board as JSON so the first render needs no second request;
 * assets/chessboard.js draws the grid, keeps it live and opens unit cards.
 */
import { fileURLToPath } from 'node:url';
import type { Principal } from '../../core/access/index';
import { escapeHtml, type NavPage, renderPage } from '../../core/pages/index';
import { definePage, type ErrorBody, type PageAssets } from '../../core/plugin/index';
import { UNIT_KIND_TERMS } from '../../registry/index';
import type { ChessboardView } from '../board';
import type { BuildingChoice } from '../building-list';
import { STATUS_LEGEND } from '../rules/board-text';
import { FILTER_PARAMETERS } from '../rules/filters';

export const CHESSBOARD_PAGE_PATH = '/chessboard';
/**
 * Staff who sell or answer about units (admin may open every page), and agency partners — who see
 * only their scope, as the registry's policies say, once the partner gateway signs them in.
 */
export const CHESSBOARD_ROLES = ['admin', 'sales', 'callcenter', 'finance', 'partner'] as const;

export const chessboardPage = definePage({
  path: CHESSBOARD_PAGE_PATH,
  title: { ru: 'Шахматка', en: 'Chessboard' },
  roles: CHESSBOARD_ROLES,
  order: 10,
});

/** The files of pages/assets, served by core at /assets/chessboard/<file>. */
export const chessboardAssets: PageAssets = {
  dir: fileURLToPath(new URL('./assets', import.meta.url)),
  files: ['chessboard.js', 'chessboard.css', 'statuses.css'],
  // The status colours as classes, generated from the vocabulary (the CSP refuses inline styles).
  generated: { 'statuses.css': () => LEGEND_CSS },
};

const asset = (file: string) => `/assets/chessboard/${file}`;

/** JSON inside <script>: `<` escaped so no value can close the element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The status colours as classes (`.st-FREE`), from the one vocabulary. */
export const LEGEND_CSS = STATUS_LEGEND.map(
  (e) => `.st-${e.status}{background:${e.color};color:${e.textColor}}`,
).join('\n');

function checkboxes(name: string, options: readonly { value: string; label: string }[]): string {
  return options
    .map(
      (o) =>
        `<label class="chk"><input type="checkbox" name="${name}" value="${escapeHtml(o.value)}">${escapeHtml(o.label)}</label>`,
    )
    .join('');
}

export interface ChessboardPageInput {
  buildings: readonly BuildingChoice[];
  board?: ChessboardView;
  /** Why the requested board is not shown (the one error body), shown in the shell's banner. */
  problem?: ErrorBody;
  /** The documents plugin is installed and the principal may use it: the building's passport link. */
  documents?: boolean;
  /** The portal plugin is installed and the principal is staff: each floor links its floor plan. */
  floorPlans?: boolean;
}

/** The page's own HTML (no <html>/<head>): chooser, filters, legend, board, card, initial data. */
export function chessboardPageContent(input: ChessboardPageInput): string {
  const kinds = UNIT_KIND_TERMS.map((t) => ({ value: t.value, label: t.ru }));
  const statuses = STATUS_LEGEND.map((e) => ({ value: e.status, label: e.label }));
  return `<div id="chessboard-page">
<form id="filters" autocomplete="off">
  <fieldset class="choose">
    <label>Комплекс <select id="complex" name="complex"></select></label>
    <label>Корпус <select id="building" name="building"></select></label>
    <span id="live" class="live off" title="Обновления в реальном времени">● не подключено</span>
  </fieldset>
  <fieldset>
    <label>Этаж от <input name="floorMin" size="3" inputmode="numeric"></label>
    <label>до <input name="floorMax" size="3" inputmode="numeric"></label>
    <label>Площадь от, м² <input name="areaMin" size="5"></label>
    <label>до <input name="areaMax" size="5"></label>
    <label>Комнат <input name="rooms" size="6" placeholder="1,2"></label>
    <label>Цена от, ₽ <input name="priceMin" size="10"></label>
    <label>до <input name="priceMax" size="10"></label>
    <label>Район <input name="district" size="10"></label>
  </fieldset>
  <fieldset><span class="lbl">Тип</span>${checkboxes('kind', kinds)}</fieldset>
  <fieldset><span class="lbl">Статус</span>${checkboxes('status', statuses)}</fieldset>
  <div class="actions">
    <button type="submit">Применить</button>
    <button type="button" id="reset">Сбросить</button>
    <a id="export" href="#" download>Выгрузить в Excel</a>
    <a id="building-passport" href="#" download hidden>Паспорт корпуса (.docx)</a>
  </div>
</form>
<section id="legend" aria-label="Легенда и количество"></section>
<div id="board" aria-live="polite">${input.board ? '' : `<p class="hint">${input.buildings.length === 0 ? 'В реестре пока нет корпусов, которые вам видны.' : 'Выберите комплекс и корпус.'}</p>`}</div>
<aside id="card" hidden aria-label="Карточка помещения"></aside>
<script id="initial" type="application/json">${scriptJson({
    buildings: input.buildings,
    board: input.board ?? null,
    problem: input.problem ?? null,
    filterParameters: FILTER_PARAMETERS,
    documents: input.documents === true,
    floorPlans: input.floorPlans === true,
  })}</script>
</div>`;
}

/** The whole document: the content inside core's page shell. */
export function renderChessboardPage(
  input: ChessboardPageInput & { principal: Principal; pages?: readonly NavPage[] },
): string {
  return renderPage({
    title: chessboardPage.title,
    principal: input.principal,
    pages: input.pages ?? [chessboardPage],
    path: CHESSBOARD_PAGE_PATH,
    content: chessboardPageContent(input),
    scripts: [asset('chessboard.js')],
    styles: [asset('chessboard.css'), asset('statuses.css')],
  });
}
