/**
 * The current chessboard view as an xlsx workbook (exceljs): the filters
 * applied (in words), the legend with counts, every section side by side with
 * one row per floor (a duplex is a merged cell over its floors), then the
 * commercial and parking levels. Cells carry the same text and status colours
 * as the page; units the filters exclude keep their colour, faded. The view
 * came through the principal's reader, so hidden units and fields are absent.
 */
// exceljs is loaded when a workbook is made or read: ~0.3 s of start-up for every process otherwise.
import type ExcelJS from 'exceljs';
import { formatDateTime } from '../core/pages/index';
import type { ChessboardView } from './board';
import { describeFilters, legendOf, unitCellLines, unitCellText, unitFillColor } from './rules/board-text';
import type { ChessboardFilters } from './rules/filters';
import type { GridCell, GridUnit } from './rules/grid';

const FIRST_GRID_ROW = 7;

export function argbOf(hex: string): string {
  return `FF${hex.replace('#', '').toUpperCase()}`;
}

function paint(cell: ExcelJS.Cell, unit: GridUnit): void {
  const entry = legendOf(unit.status);
  const text = unit.display ?? unitCellText(unit);
  cell.value = unitCellLines(text);
  cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argbOf(unitFillColor(unit)) } };
  cell.font = unit.matches
    ? { size: 9, color: { argb: argbOf(entry?.textColor ?? '#000000') } }
    : { size: 9, italic: true, color: { argb: 'FF9E9E9E' } };
  cell.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  cell.border = thinBorder;
  cell.note = `${text.status}${unit.matches ? '' : ' (не подходит под фильтры)'}`;
}

const thinBorder: Partial<ExcelJS.Borders> = {
  top: { style: 'thin', color: { argb: 'FFBDBDBD' } },
  left: { style: 'thin', color: { argb: 'FFBDBDBD' } },
  bottom: { style: 'thin', color: { argb: 'FFBDBDBD' } },
  right: { style: 'thin', color: { argb: 'FFBDBDBD' } },
};

function paintCells(sheet: ExcelJS.Worksheet, row: number, firstColumn: number, cells: readonly GridCell[]) {
  for (const cell of cells) {
    if (!('unit' in cell)) continue;
    const column = firstColumn + cell.position - 1;
    // A duplex sits on its lower floor; the merged cell's value lives in its top-left (upper) cell.
    const top = row - cell.rowSpan + 1;
    paint(sheet.getCell(top, column), cell.unit);
    if (cell.rowSpan > 1) sheet.mergeCells(top, column, row, column);
  }
}

export async function exportChessboardXlsx(
  view: ChessboardView,
  options: { generatedAt: Date; filters: ChessboardFilters },
): Promise<Buffer> {
  const workbook = new (await import('exceljs')).default.Workbook();
  workbook.creator = 'twenty-realty';
  workbook.created = options.generatedAt;
  const sheet = workbook.addWorksheet('Шахматка', {
    views: [{ state: 'frozen', xSplit: 1, ySplit: FIRST_GRID_ROW }],
  });
  const b = view.building;
  const title = b.name ?? (b.number ? `Корпус ${b.number}` : 'корпус');
  sheet.getCell('A1').value =
    `Шахматка: ${title}${b.complexName && !title.includes(b.complexName) ? ` (${b.complexName})` : ''}`;
  sheet.getCell('A1').font = { bold: true, size: 14 };
  sheet.getCell('A2').value = `Фильтры: ${describeFilters(options.filters)}`;
  sheet.getCell('A3').value =
    `Сформировано: ${formatDateTime(options.generatedAt)} (МСК) · подходит ${view.counts.matching.all} из ${view.counts.total.all}`;
  sheet.getCell('A4').value = 'Легенда';
  sheet.getCell('A4').font = { bold: true };
  view.legend.forEach((entry, i) => {
    const cell = sheet.getCell(5, 2 + i);
    cell.value = `${entry.label}: ${view.counts.matching[entry.status] ?? 0} / ${view.counts.total[entry.status] ?? 0}`;
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argbOf(entry.color) } };
    cell.font = { size: 9, color: { argb: argbOf(entry.textColor) } };
    cell.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  });
  sheet.getRow(5).height = 30;

  // Sections side by side, one blank column between them; rows aligned by floor number.
  const floors = [...new Set(view.sections.flatMap((s) => s.floors.map((f) => f.floor)))].sort(
    (a, c) => c - a,
  );
  const rowOfFloor = new Map(floors.map((floor, i) => [floor, FIRST_GRID_ROW + 1 + i]));
  let column = 2;
  const sectionColumns = view.sections.map((section) => {
    const first = column;
    column += Math.max(1, section.columns) + 1;
    return first;
  });
  sheet.getCell(FIRST_GRID_ROW, 1).value = 'Этаж';
  view.sections.forEach((section, i) => {
    const first = sectionColumns[i] ?? 2;
    const header = sheet.getCell(FIRST_GRID_ROW, first);
    header.value = section.name;
    header.font = { bold: true };
    if (section.columns > 1)
      sheet.mergeCells(FIRST_GRID_ROW, first, FIRST_GRID_ROW, first + section.columns - 1);
    for (const floor of section.floors)
      paintCells(sheet, rowOfFloor.get(floor.floor) ?? FIRST_GRID_ROW, first, floor.cells);
  });
  for (const [floor, row] of rowOfFloor) {
    sheet.getCell(row, 1).value = floor;
    sheet.getRow(row).height = 42;
  }

  let row = FIRST_GRID_ROW + floors.length + 2;
  for (const level of view.levels) {
    sheet.getCell(row, 1).value = level.label;
    sheet.getCell(row, 1).font = { bold: true };
    row++;
    let first = 2;
    for (const section of level.sections) {
      sheet.getCell(row, first).value = section.name;
      sheet.getCell(row, first).font = { italic: true };
      paintCells(sheet, row + 1, first, section.cells);
      first += section.cells.length + 1;
    }
    sheet.getRow(row + 1).height = 42;
    row += 3;
  }
  sheet.getColumn(1).width = 8;
  for (let c = 2; c <= Math.max(column, 12); c++) sheet.getColumn(c).width = 15;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
