/**
 * The import report: the file's rows as read (the recognised columns, at the
 * same row numbers), an outcome column and a problems column; every cell with
 * a problem is filled red and carries the reason as a note, held prices are
 * yellow. A second sheet lists the file's own problems. Streamed, so a
 * 19,000-row report stays small in memory.
 */
import type { Writable } from 'node:stream';
// exceljs is loaded when a workbook is made or read: ~0.3 s of start-up for every process otherwise.
import type ExcelJS from 'exceljs';
import { columnCaption } from './import-columns';
import type { FileProblem, ImportPlan, ParsedWorkbook, PlannedRowKind } from './import-types';

const SEVERITY_RU: Readonly<Record<FileProblem['severity'], string>> = {
  error: 'ошибка',
  warning: 'предупреждение',
  info: 'сведения',
};

const OUTCOME: Record<PlannedRowKind, string> = {
  create: 'создан / created',
  update: 'изменён / updated',
  unchanged: 'без изменений / unchanged',
  rejected: 'отклонён / rejected',
  'pending-approval': 'ждёт одобрения цены / price held for approval',
};
const fill = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });
const RED = fill('FFF8CBAD');
const YELLOW = fill('FFFFF2CC');
const GREEN = fill('FFE2EFDA');

export async function writeImportReport(
  parsed: ParsedWorkbook,
  plan: ImportPlan,
  out: string | Writable,
): Promise<void> {
  const wb = new (await import('exceljs')).default.stream.xlsx.WorkbookWriter({
    ...(typeof out === 'string' ? { filename: out } : { stream: out }),
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = wb.addWorksheet('Отчёт', { views: [{ state: 'frozen', ySplit: 1 }] });
  const cols = parsed.columns;
  sheet.columns = [
    ...cols.map((c) => ({ header: c.header || columnCaption(c.key), key: c.key, width: 16 })),
    { header: 'Итог / Outcome', key: '__outcome', width: 28 },
    { header: 'Проблемы / Problems', key: '__problems', width: 80 },
  ];
  sheet.getRow(1).font = { bold: true };
  const planned = new Map(plan.rows.map((r) => [r.row, r]));
  let last = 1;
  for (const row of parsed.rows) {
    const p = planned.get(row.row);
    // Rows keep their number, so «row 12» in a problem is row 12 here too.
    while (last + 1 < row.row) {
      sheet.addRow([]).commit();
      last++;
    }
    const values: Record<string, unknown> = {};
    for (const c of cols) values[c.key] = row.cells[c.key] ?? null;
    values.__outcome = p ? OUTCOME[p.kind] : '';
    values.__problems =
      p?.problems.map((x) => `${x.column ?? ''}${x.column ? ': ' : ''}${x.reason}`).join('\n') ?? '';
    const xl = sheet.addRow(values);
    last = row.row;
    if (p) {
      for (const problem of p.problems) {
        const index = cols.findIndex((c) => c.key === problem.field);
        if (index < 0) continue;
        const cell = xl.getCell(index + 1);
        cell.fill = RED;
        cell.note = problem.reason;
      }
      for (const change of p.changes.filter((c) => c.held)) {
        const index = cols.findIndex((c) => c.key === change.field);
        if (index >= 0) xl.getCell(index + 1).fill = YELLOW;
      }
      const outcome = xl.getCell(cols.length + 1);
      outcome.fill = p.kind === 'rejected' ? RED : p.kind === 'pending-approval' ? YELLOW : GREEN;
      xl.getCell(cols.length + 2).alignment = { wrapText: true, vertical: 'top' };
    }
    xl.commit();
  }
  sheet.commit();
  const fileSheet = wb.addWorksheet('Проблемы файла');
  fileSheet.columns = [
    { header: 'Важность', key: 'severity', width: 12 },
    { header: 'Код', key: 'code', width: 18 },
    { header: 'Проблема', key: 'message', width: 100 },
  ];
  for (const p of plan.fileProblems)
    fileSheet.addRow({ severity: SEVERITY_RU[p.severity], code: p.code, message: p.message }).commit();
  const summary = plan.counts;
  fileSheet
    .addRow({
      severity: 'итог',
      code: '',
      message: `строк ${summary.rows}: создать ${summary.create}, обновить ${summary.update}, без изменений ${summary.unchanged}, отклонено ${summary.rejected}, цена ждёт одобрения ${summary.pendingApproval}`,
    })
    .commit();
  fileSheet.commit();
  await wb.commit();
}
