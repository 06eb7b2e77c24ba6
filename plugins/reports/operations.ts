/**
 * `reports build`: one section (by number or key) or `all`, as a workbook or JSON — the route
 * POST /api/operations/reports/build and the command `realty reports build`; `realty report`
 * (commands.ts) calls it and writes the file into a directory.
 */
import { z } from 'zod';
import { defineOperation, operationFile, RouteError } from '../core/plugin/index';
import { moscowToday } from '../core/runtime/index';
import { REPORT_STAFF } from './pages/reports-page';
import { parseReportParams } from './report-params';
import { reportXlsx } from './routes';
import { findSection, runAll, runSection } from './run-report';
import { REPORT_OBJECTS } from './sections/index';
import { reportFileName } from './workbook';

export const buildReportOperation = defineOperation({
  name: 'reports build',
  description: 'build a report section (number or key) or all sections as xlsx or JSON',
  roles: REPORT_STAFF,
  input: z.object({
    section: z.string().min(1).describe('Раздел'),
    format: z.enum(['xlsx', 'json']).default('xlsx').describe('Формат'),
    date: z.string().optional().describe('Дата отчёта'),
    from: z.string().optional().describe('Период с'),
    to: z.string().optional().describe('Период по'),
    complexId: z.string().optional().describe('Жилой комплекс'),
    agencyId: z.string().optional().describe('Агентство'),
  }),
  args: ['section'],
  writes: false,
  objects: REPORT_OBJECTS,
  async run(input, ctx) {
    const params = parseReportParams(input, moscowToday(ctx.clock.now()));
    const key = input.section.trim().toLowerCase();
    if (key !== 'all') findSection(key); // an unknown section is refused before anything runs
    if (input.format === 'json') {
      const report =
        key === 'all'
          ? await runAll(ctx.reader, params)
          : await runSection(findSection(key), ctx.reader, params);
      return operationFile(Buffer.from(`${JSON.stringify(report, null, 2)}\n`), {
        contentType: 'application/json; charset=utf-8',
        fileName: reportFileName(key === 'all' ? 'all' : findSection(key).key, params.date, 'json'),
      });
    }
    const file = await reportXlsx(ctx, key, params);
    if (file.bytes.length === 0) throw new RouteError(500, 'reports_empty_file', 'пустой файл отчёта');
    return operationFile(file.bytes, {
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      fileName: file.fileName,
    });
  },
  render: (file) => `отчёт построен: ${file.fileName}`,
});

export const reportsOperations = [buildReportOperation];
