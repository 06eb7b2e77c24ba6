/**
 * A section's table as HTML for people: values formatted by the shell's formatters (₽, м²,
 * dd.mm.yyyy, percents with a comma), numbers right-aligned, the totals row, and the note of a
 * section whose plugin is off. The chart's data rides in a `<script type="application/json">`.
 */
import { escapeHtml, formatArea, formatDate, formatNumber, formatRub } from '../../core/pages/index';
import type { Cell, ColumnType } from '../report-types';
import type { SectionReport } from '../run-report';

/** JSON inside <script>: `<` escaped so no value can close the element. */
export const scriptJson = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

export function formatCell(type: ColumnType, value: Cell | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  switch (type) {
    case 'money':
      return formatRub(value);
    case 'area':
      return formatArea(value);
    case 'date':
      return formatDate(String(value));
    case 'int':
      return formatNumber(value, 0);
    case 'percent':
      return `${formatNumber(value, 1)}\u00a0%`;
    case 'text':
      return String(value);
    default: {
      const never: never = type;
      throw new Error(`unknown column type ${String(never)}`);
    }
  }
}

const numeric = (type: ColumnType) => type !== 'text' && type !== 'date';

/** At most this many rows on the page (the workbook has them all). */
export const PAGE_ROWS = 1000;

export function renderTable(report: SectionReport): string {
  const head = report.columns
    .map((c) => `<th scope="col"${numeric(c.type) ? ' class="num"' : ''}>${escapeHtml(c.label)}</th>`)
    .join('');
  const cells = (row: Readonly<Record<string, Cell>>, totals = false) =>
    report.columns
      .map((c) => {
        // The totals row leaves the columns it does not sum blank rather than «—».
        const value = row[c.key];
        const text = totals && (value === undefined || value === null) ? '' : formatCell(c.type, value);
        return `<td${numeric(c.type) ? ' class="num"' : ''}>${escapeHtml(text)}</td>`;
      })
      .join('');
  const shown = report.rows.slice(0, PAGE_ROWS);
  const body =
    shown.length > 0
      ? shown.map((r) => `<tr>${cells(r)}</tr>`).join('')
      : `<tr class="empty"><td colspan="${report.columns.length}">${escapeHtml(report.note ?? 'Нет данных за выбранный период')}</td></tr>`;
  const totals = report.totals ? `<tfoot><tr class="totals">${cells(report.totals, true)}</tr></tfoot>` : '';
  const more =
    report.rows.length > PAGE_ROWS
      ? `<p class="more">Показаны первые ${formatNumber(PAGE_ROWS, 0)} строк из ${formatNumber(report.rows.length, 0)}; все строки — в файле xlsx.</p>`
      : '';
  return `<div class="table-wrap"><table class="report-table" data-section="${report.section.id}"><thead><tr>${head}</tr></thead><tbody>${body}</tbody>${totals}</table></div>${more}`;
}
