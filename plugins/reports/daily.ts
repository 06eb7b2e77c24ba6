/**
 * The daily report: at the configured Moscow time (default 07:00) the workbook of every section
 * for yesterday (the period: the year so far) is built, stored in `reports_daily` (one per day,
 * so a repeated run changes nothing), and attached to a note in Twenty addressed to management
 * through the sdk's files API. Where Twenty's files cannot take it, the note links the stored
 * copy on /reports/history instead, and the history says so.
 */
import type { PluginContext, PluginMigration } from '../core/plugin/index';
import { uuidV5 } from '../core/plugin/index';
import { moscowToday } from '../core/runtime/index';
import { ruDay } from './report-params';
import { type AllReport, runAll } from './run-report';
import { REPORT_OBJECTS } from './sections/index';
import { reportsSettings } from './settings';
import { systemReader } from './system-reader';
import { allWorkbook, XLSX_TYPE } from './workbook';

export const dailyTableMigration: PluginMigration = {
  id: '001-reports-daily',
  description: 'the stored daily reports (workbook bytes, when built, its note and attachment in Twenty)',
  run: (ctx) =>
    ctx.store.sql.exec(`
      create table if not exists reports_daily (
        report_date date primary key,
        built_at timestamptz not null,
        file_name text not null,
        bytes bytea not null,
        size integer not null,
        seconds double precision not null,
        sections integer not null,
        skipped text,
        note_id text,
        attachment_id text,
        attach_error text
      );`),
};

/** Yesterday in Moscow: the day the morning's report is about. */
export function dailyReportDate(now: Date): string {
  const today = moscowToday(now);
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

export const dailyFileName = (date: string) => `daily-report-${date}.xlsx`;

export interface DailyOutcome {
  readonly date: string;
  /** False when the day's report was already stored (nothing done). */
  readonly built: boolean;
  readonly seconds?: number;
  readonly sections?: number;
  readonly noteId?: string;
  readonly attachmentId?: string;
  readonly attachError?: string;
}

/** What the files API looks like (sdk/files.ts); absent on a client built before it. */
interface FilesLike {
  attach(input: {
    object: string;
    recordId: string;
    fileName: string;
    contentType: string;
    body: Buffer;
    attachmentId?: string;
  }): Promise<{ attachmentId: string; fileId: string }>;
}

/** Builds the daily workbook (no storing): the bench and the job share it. */
export async function buildDailyWorkbook(
  ctx: Pick<PluginContext, 'store' | 'config'>,
  date: string,
  built: Date,
): Promise<{ bytes: Buffer; all: AllReport }> {
  const reader = await systemReader(ctx, REPORT_OBJECTS);
  const all = await runAll(reader, { from: `${date.slice(0, 4)}-01-01`, to: date, date });
  const bytes = await allWorkbook(all, { title: `Ежедневный отчёт за ${ruDay(date)}`, built });
  return { bytes, all };
}

/** The day's report, once: built, stored, put into a note for management in Twenty. */
export async function runDailyReport(
  ctx: PluginContext,
  options: { date?: string; force?: boolean } = {},
): Promise<DailyOutcome> {
  const date = options.date ?? dailyReportDate(ctx.clock.now());
  const sql = ctx.store.sql;
  const done = await sql.query('select 1 from reports_daily where report_date = $1', [date]);
  if (done.rows.length > 0 && !options.force) return { date, built: false };
  const started = performance.now();
  const built = ctx.clock.now();
  const { bytes, all } = await buildDailyWorkbook(ctx, date, built);
  const seconds = (performance.now() - started) / 1000;
  const fileName = dailyFileName(date);
  const skipped = all.skipped.map((s) => s.reason).join('\n') || null;
  await sql.query(
    `insert into reports_daily (report_date, built_at, file_name, bytes, size, seconds, sections, skipped)
     values ($1, $2, $3, $4, $5, $6, $7, $8)
     on conflict (report_date) do update set built_at = excluded.built_at, bytes = excluded.bytes,
       size = excluded.size, seconds = excluded.seconds, sections = excluded.sections, skipped = excluded.skipped`,
    [date, built.toISOString(), fileName, bytes, bytes.length, seconds, all.sections.length, skipped],
  );
  const shared = await shareInTwenty(ctx, date, fileName, bytes, all);
  await sql.query(
    'update reports_daily set note_id = $2, attachment_id = $3, attach_error = $4 where report_date = $1',
    [date, shared.noteId ?? null, shared.attachmentId ?? null, shared.attachError ?? null],
  );
  ctx.log.info({ date, seconds, sections: all.sections.length, ...shared }, 'reports: daily report built');
  return { date, built: true, seconds, sections: all.sections.length, ...shared };
}

async function shareInTwenty(
  ctx: PluginContext,
  date: string,
  fileName: string,
  bytes: Buffer,
  all: AllReport,
): Promise<{ noteId?: string; attachmentId?: string; attachError?: string }> {
  const { dailyRecipients } = reportsSettings.of(ctx);
  const link = `${ctx.config.publicUrl.replace(/\/+$/, '')}/reports/history/${date}/xlsx`;
  const summary = all.sections.find((s) => s.section.id === 4);
  const lines = (summary?.rows ?? []).map(
    (r) =>
      `- ${r.indicator}: ${r.count ?? 0}${r.amount !== null && r.amount !== undefined ? `, ${Number(r.amount).toLocaleString('ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ₽` : ''}`,
  );
  const noteId = uuidV5(`reports:daily-note:${date}`);
  const markdown = [
    `Для руководства${dailyRecipients.length > 0 ? `: ${dailyRecipients.join(', ')}` : ''}.`,
    '',
    `Ежедневный отчёт за ${ruDay(date)}: ${all.sections.length} разделов, файл ${fileName}.`,
    '',
    ...lines,
    '',
    `Файл в истории отчётов: ${link}`,
  ].join('\n');
  try {
    await ctx.twenty
      .records('note')
      .create(
        { id: noteId, title: `Ежедневный отчёт за ${ruDay(date)}`, bodyV2: { markdown, blocknote: null } },
        { upsert: true },
      );
  } catch (error) {
    ctx.log.warn({ err: error, date }, 'reports: the daily note could not be written to Twenty');
    return {
      attachError: `заметка в Twenty не создана: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  const files = (ctx.twenty as unknown as { files?: FilesLike }).files;
  if (!files)
    return {
      noteId,
      attachError: 'файлы Twenty недоступны в этой версии клиента: заметка ссылается на копию в истории',
    };
  try {
    const attached = await files.attach({
      object: 'note',
      recordId: noteId,
      fileName,
      contentType: XLSX_TYPE,
      body: bytes,
      attachmentId: uuidV5(`reports:daily-attachment:${date}`),
    });
    return { noteId, attachmentId: attached.attachmentId };
  } catch (error) {
    ctx.log.warn({ err: error, date }, 'reports: the daily workbook could not be attached in Twenty');
    return {
      noteId,
      attachError: `файл не прикреплён в Twenty (${error instanceof Error ? error.message : String(error)}): заметка ссылается на копию в истории`,
    };
  }
}

/** Is it time (Moscow HH:MM reached) and the day's report not yet stored? The job asks every minute. */
export function dueNow(now: Date, dailyTime: string): boolean {
  const hm = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Moscow',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(now);
  return hm >= dailyTime;
}
