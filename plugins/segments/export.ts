/**
 * A segment's members as people open them: an xlsx workbook (a title line with the segment, its
 * stage and filter, a frozen bold header, an autofilter over the columns, widths fitted to the
 * text, dates as dates) and a CSV (UTF-8 with BOM and `;` separators, so Excel in a Russian locale
 * opens it in columns). Rows came through the caller's reader.
 */
import { formatDate } from '../core/pages/index';
import { MEMBER_STATUS_RU, type MemberStatus, SEGMENT_STAGE_RU, type SegmentStage } from './vocabulary';

export interface ExportMember extends Record<string, unknown> {
  last_name: string | null;
  first_name: string | null;
  email: string | null;
  phone: string | null;
  city: string | null;
  job_title: string | null;
  company: string | null;
  status: string | null;
  added_by: string | null;
  added_at: string | null;
}

export interface ExportSegment {
  name: string | null;
  stage: string | null;
  filter: string | null;
}

const COLUMNS: ReadonlyArray<{ header: string; value: (m: ExportMember) => string | Date | null }> = [
  { header: 'Фамилия', value: (m) => m.last_name },
  { header: 'Имя', value: (m) => m.first_name },
  { header: 'Эл. почта', value: (m) => m.email },
  { header: 'Телефон', value: (m) => m.phone },
  { header: 'Город', value: (m) => m.city },
  { header: 'Должность', value: (m) => m.job_title },
  { header: 'Компания', value: (m) => m.company },
  { header: 'Статус', value: (m) => MEMBER_STATUS_RU[m.status as MemberStatus] ?? m.status },
  { header: 'Кто добавил', value: (m) => m.added_by },
  { header: 'Добавлен', value: (m) => (m.added_at ? new Date(m.added_at) : null) },
];

export const EXPORT_HEADERS = COLUMNS.map((c) => c.header);

export async function segmentWorkbook(
  segment: ExportSegment,
  members: readonly ExportMember[],
): Promise<Buffer> {
  const wb = new (await import('exceljs')).default.Workbook();
  wb.creator = 'twenty-realty';
  const ws = wb.addWorksheet('Сегмент', { views: [{ state: 'frozen', ySplit: 2 }] });
  const stage = SEGMENT_STAGE_RU[segment.stage as SegmentStage] ?? segment.stage ?? '';
  ws.getCell('A1').value =
    `Сегмент «${segment.name ?? ''}» · этап: ${stage} · ${members.length} чел.${segment.filter ? ` · фильтр: ${segment.filter}` : ''}`;
  ws.getCell('A1').font = { bold: true, size: 12 };
  const header = ws.getRow(2);
  COLUMNS.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  for (const m of members) ws.addRow(COLUMNS.map((c) => c.value(m)));
  ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2 + members.length, column: COLUMNS.length } };
  const dateCol = ws.getColumn(COLUMNS.length);
  dateCol.numFmt = 'dd.mm.yyyy';
  COLUMNS.forEach((c, i) => {
    const longest = Math.max(
      c.header.length,
      ...members.slice(0, 2000).map((m) => {
        const v = c.value(m);
        return v instanceof Date ? 10 : String(v ?? '').length;
      }),
    );
    ws.getColumn(i + 1).width = Math.min(60, Math.max(10, longest + 2));
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const csvCell = (v: string | Date | null) => {
  const text = v instanceof Date ? formatDate(v) : (v ?? '');
  // A leading = + - @ would run as a formula in Excel (a phone «+7 …» too): an apostrophe keeps it text.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[";\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function segmentCsv(members: readonly ExportMember[]): string {
  const lines = [
    EXPORT_HEADERS.join(';'),
    ...members.map((m) => COLUMNS.map((c) => csvCell(c.value(m))).join(';')),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
