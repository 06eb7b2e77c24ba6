/**
 * The /chessboard page shell, rendered on the server: the complex → building
 * chooser, the filter form and the legend, with the chosen board embedded as
 * JSON so the first render needs no second request. page/chessboard.js draws
 * the grid from it and keeps it live; there is no bundler and no framework.
 */
import type { BuildingChoice, ChessboardView } from './board';
import { FILTER_PARAMETERS } from './chessboard-filters';
import { KIND_LABELS, STATUS_LEGEND, UNIT_KIND_VALUES, UNIT_STATUS_VALUES } from './legend';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON inside <script>: `<` escaped so no value can close the element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const legendCss = STATUS_LEGEND.map(
  (e) => `.st-${e.status}{background:${e.color};color:${e.textColor}}`,
).join('\n');

function checkboxes(name: string, values: readonly string[], labels: (v: string) => string): string {
  return values
    .map(
      (v) =>
        `<label class="chk"><input type="checkbox" name="${name}" value="${v}">${escapeHtml(labels(v))}</label>`,
    )
    .join('');
}

export function renderChessboardPage(input: {
  buildings: readonly BuildingChoice[];
  board?: ChessboardView;
  problem?: string;
}): string {
  const statusLabel = (v: string) => STATUS_LEGEND.find((e) => e.status === v)?.label ?? v;
  const kindLabel = (v: string) => KIND_LABELS[v as keyof typeof KIND_LABELS] ?? v;
  return `<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.board ? `Шахматка — ${input.board.building.name ?? ''}` : 'Шахматка')}</title>
<link rel="stylesheet" href="/chessboard/assets/chessboard.css">
<style>${legendCss}</style>
</head>
<body>
<header class="top">
  <a href="/">twenty-realty</a> · <strong>Шахматка</strong>
  <span id="live" class="live off" title="Live updates">● offline</span>
</header>
<form id="filters" autocomplete="off">
  <fieldset class="choose">
    <label>Комплекс <select id="complex" name="complex"></select></label>
    <label>Корпус <select id="building" name="building"></select></label>
  </fieldset>
  <fieldset>
    <label>Этаж от <input name="floorMin" size="3" inputmode="numeric"></label>
    <label>до <input name="floorMax" size="3" inputmode="numeric"></label>
    <label>Площадь от <input name="areaMin" size="5"></label>
    <label>до <input name="areaMax" size="5"></label>
    <label>Комнат <input name="rooms" size="6" placeholder="1,2"></label>
    <label>Цена от, ₽ <input name="priceMin" size="10"></label>
    <label>до <input name="priceMax" size="10"></label>
    <label>Район <input name="district" size="10"></label>
  </fieldset>
  <fieldset><span class="lbl">Тип</span>${checkboxes('kind', UNIT_KIND_VALUES, kindLabel)}</fieldset>
  <fieldset><span class="lbl">Статус</span>${checkboxes('status', UNIT_STATUS_VALUES, statusLabel)}</fieldset>
  <div class="actions">
    <button type="submit">Применить</button>
    <button type="button" id="reset">Сбросить</button>
    <a id="export" href="#" download>Export xlsx</a>
    <span id="problem" class="problem" role="alert">${escapeHtml(input.problem ?? '')}</span>
  </div>
</form>
<section id="legend" aria-label="Легенда и количество"></section>
<main id="board" aria-live="polite">${input.board ? '' : '<p class="hint">Выберите комплекс и корпус.</p>'}</main>
<aside id="card" hidden></aside>
<script id="initial" type="application/json">${scriptJson({
    buildings: input.buildings,
    board: input.board ?? null,
    filterParameters: FILTER_PARAMETERS,
  })}</script>
<script src="/chessboard/assets/chessboard.js" defer></script>
</body>
</html>`;
}
