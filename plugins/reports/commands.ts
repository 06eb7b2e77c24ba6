/**
 * `realty report SECTION|all [--out DIR] [--format xlsx|json] [--date D] [--from D] [--to D]`:
 * builds through the `reports build` operation (through the running app when `realty start` holds
 * the store, else here as the operator) and writes the file into DIR (default: here).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { defineCommand, RouteError } from '../core/plugin/index';
import { buildReportOperation } from './operations';

interface FileLike {
  bytes: Buffer;
  fileName: string;
}
const isFile = (v: unknown): v is FileLike =>
  typeof v === 'object' &&
  v !== null &&
  Buffer.isBuffer((v as FileLike).bytes) &&
  typeof (v as FileLike).fileName === 'string';

export const reportCommand = defineCommand({
  name: 'report',
  description: 'build a report section (1–19 or its key) or all sections into an xlsx (or JSON) file',
  configure: (cmd) =>
    cmd
      .argument('<section>', 'section number (1–19), its key (e.g. auction-registry) or all')
      .option('--out <dir>', 'directory to write the file into', '.')
      .option('--format <format>', 'xlsx or json', 'xlsx')
      .option('--date <date>', 'the report date (YYYY-MM-DD or dd.mm.yyyy; default today, Moscow)')
      .option('--from <date>', 'period start (default 1 January of the report date’s year)')
      .option('--to <date>', 'period end (default the report date)')
      .option('--complex-id <id>', 'one residential complex')
      .option('--agency-id <id>', 'one agency')
      .option('--json', 'print the summary as JSON'),
  async run({ args, options }, ctx) {
    const format = String(options.format ?? 'xlsx');
    if (format !== 'xlsx' && format !== 'json') {
      ctx.say(`--format: «${format}» — нужен xlsx или json`);
      return 2;
    }
    if (!ctx.operation) throw new Error('this command runs under `realty` (its context runs operations)');
    const input: Record<string, unknown> = { section: String(args[0] ?? ''), format };
    for (const [option, key] of [
      ['date', 'date'],
      ['from', 'from'],
      ['to', 'to'],
      ['complexId', 'complexId'],
      ['agencyId', 'agencyId'],
    ] as const)
      if (typeof options[option] === 'string') input[key] = options[option];
    let result: unknown;
    try {
      result = await ctx.operation(buildReportOperation.name, input);
    } catch (error) {
      if (!(error instanceof RouteError)) throw error;
      if (ctx.jsonOutput) ctx.json({ error: error.toBody() });
      ctx.say(error.message);
      return error.status === 400 || error.status === 404 ? 2 : 1;
    }
    if (!isFile(result)) throw new Error('reports build answered no file');
    const dir = resolve(String(options.out ?? '.'));
    await mkdir(dir, { recursive: true });
    const path = join(dir, result.fileName);
    await writeFile(path, result.bytes);
    if (ctx.jsonOutput) ctx.json({ file: path, bytes: result.bytes.length });
    else ctx.say(`отчёт записан: ${path}`);
    return 0;
  },
});

export const reportsCommands = [reportCommand];
