/**
 * Issue 16 figures: a generated Salesforce export of ~100,000 source rows
 * (every object the default mapping knows, with relations; more Twenty
 * records once task targets, teams and scenarios are derived) migrated into
 * devhost limited to 1,000 requests/minute, by `realty migrate salesforce`'s
 * command in a child process that is killed (SIGKILL) at a random point and
 * resumed. Figures: records written per minute ÷ (limit × 60 records per
 * batch), requests per minute ÷ the limit (records per request reported),
 * duplicates and missing relations after the resume (the run's own check pass
 * reads every record back), peak RSS of the migrating process, and a 200 MB
 * CSV streamed through the scan with its peak RSS.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDevhost } from '../devhost/server';
import { provision } from '../plugins/core/index';
import { allPlugins } from '../plugins/index';
import { createTwentyClient } from '../sdk/index';
import { newInstall, REPO_ROOT } from '../test/scripts/realty-process';
import { exportFiles, salesforceExport, sfId, writeFolder } from '../test/support/crm-exports';
import { defineBench } from './harness';

const REQUESTS_PER_MINUTE = 1000;
/** Records per write request: Twenty's maximum (C11). The ceiling stays limit × 60, as the issue says. */
const BATCH = 200;
const CEILING_BATCH = 60;
const TARGET_ROWS = 100_000;
const CHILD = path.join(REPO_ROOT, 'test', 'plugins', 'migration', 'migrate-child.ts');
const BIG_CSV_BYTES = 200 * 1024 * 1024;

interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
  peakRss?: number;
  wallSeconds: number;
}

function run(
  args: string[],
  env: Record<string, string>,
  killAfterMs?: number,
): { child: ChildProcess; done: Promise<ChildResult> } {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
    cwd: REPO_ROOT,
    env,
    stdio: 'pipe',
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (c: string) => {
    stdout += c;
  });
  child.stderr?.setEncoding('utf8').on('data', (c: string) => {
    stderr += c;
  });
  const timer = killAfterMs ? setTimeout(() => child.kill('SIGKILL'), killAfterMs) : undefined;
  const done = new Promise<ChildResult>((resolve) =>
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      const rss = /peak-rss-bytes (\d+)/.exec(stderr);
      resolve({
        code,
        stdout,
        stderr,
        peakRss: rss ? Number(rss[1]) : undefined,
        wallSeconds: (performance.now() - started) / 1000,
      });
    }),
  );
  return { child, done };
}

interface Summary {
  status: string;
  written: number;
  requests: number;
  loadSeconds: number;
  checkSeconds: number;
  loadRequests: number;
  seconds: number;
  check?: { records: number; relations: number; missing: number; different: number; problems: string[] };
  tables: { table: string; counts: { rows: number; created: number; failed: number } }[];
}

export default defineBench({
  name: 'migration',
  description: `Salesforce export of ~${TARGET_ROWS.toLocaleString('en')} rows into devhost at ${REQUESTS_PER_MINUTE} req/min, killed and resumed`,
  async run({ report, progress }) {
    const install = await newInstall('realty-bench-migration-');
    const work = mkdtempSync(path.join(tmpdir(), 'bench-sf-'));
    const host = await startDevhost({
      port: 0,
      rateLimit: { shortLimit: 100, shortTtlMs: 1000, longLimit: REQUESTS_PER_MINUTE, longTtlMs: 60_000 },
    });
    try {
      const env = {
        ...install.env,
        TWENTY_URL: host.url,
        TWENTY_API_KEY: host.apiKey,
        TWENTY_WEBHOOK_SECRET: 'bench-migration-webhook-secret',
        STAFF_JWT_SECRET: 'bench-migration-staff-secret-0123456789abcdef',
      };
      const client = createTwentyClient({
        url: host.url,
        apiKey: host.apiKey,
        rateLimit: { requestsPerMinute: REQUESTS_PER_MINUTE, requestsPerSecond: 10 },
      });
      progress('provisioning every plugin’s objects');
      await provision({ client, plugins: allPlugins });

      // ~12.6 rows per account with the default shape.
      progress('generating the export');
      const exp = salesforceExport({ accounts: Math.round(TARGET_ROWS / 12.6), seed: 7 });
      const rows = [...exp.tables.values()].reduce((n, t) => n + t.length, 0);
      const dir = writeFolder(path.join(work, 'export'), exportFiles(exp));
      progress(`${rows} rows in ${exp.tables.size} files`);
      const checkpoint = path.join(work, 'checkpoint.json');
      const base = [
        'salesforce',
        dir,
        '--checkpoint',
        checkpoint,
        '--rate-limit',
        String(REQUESTS_PER_MINUTE),
        '--batch-size',
        String(BATCH),
        '--json',
      ];

      // Killed at a random point of the load: once the checkpoint holds 25–75 % of the rows.
      const killFraction = 0.25 + Math.random() * 0.5;
      progress(
        `run 1: killed (SIGKILL) once ${(killFraction * 100).toFixed(0)} % of the rows are checkpointed`,
      );
      const firstRun = run([...base, '--no-check'], env);
      for (;;) {
        if (firstRun.child.exitCode !== null) throw new Error('run 1 finished before the kill');
        try {
          const cp = JSON.parse(readFileSync(checkpoint, 'utf8')) as {
            tables: Record<string, { counts: { rows: number } }>;
          };
          const done = Object.values(cp.tables).reduce((n, t) => n + t.counts.rows, 0);
          if (done >= killFraction * rows) break;
        } catch {
          // not written yet, or being replaced
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      firstRun.child.kill('SIGKILL');
      const first = await firstRun.done;
      const cp = JSON.parse(readFileSync(checkpoint, 'utf8')) as {
        tables: Record<string, { counts: { rows: number } }>;
      };
      const beforeKill = Object.values(cp.tables).reduce((n, t) => n + t.counts.rows, 0);
      progress(
        `run 2: --resume (${beforeKill} of ${rows} rows were checkpointed after ${first.wallSeconds.toFixed(0)} s)`,
      );
      const second = await run([...base, '--resume'], env).done;
      if (second.code !== 0)
        throw new Error(`resume failed (${second.code}):\n${second.stderr.slice(-3000)}`);
      const summary = JSON.parse(second.stdout) as Summary;
      const check = summary.check;
      if (!check) throw new Error('no check pass');

      // Throughput over both runs, wall time of the processes (start-up, scan, schema, the kill, the
      // resume) — everything but the resume's final check pass.
      const minutes = (first.wallSeconds + second.wallSeconds - summary.checkSeconds) / 60;
      const totalRecords = check.records; // every Twenty record the export becomes
      const resumeRequestsPerMinute = summary.loadRequests / (summary.loadSeconds / 60);
      report({
        name: `records written per minute ÷ (rate limit × ${CEILING_BATCH} records/batch), kill + resume included`,
        value: totalRecords / minutes / (REQUESTS_PER_MINUTE * CEILING_BATCH),
        unit: '×',
        target: 0.9,
        comparison: 'atLeast',
        details: {
          sourceRows: rows,
          twentyRecords: totalRecords,
          recordsPerMinute: Math.round(totalRecords / minutes),
          minutes: minutes.toFixed(2),
          batchSize: BATCH,
          recordsPerRequest: (summary.written / Math.max(1, summary.loadRequests)).toFixed(1),
          requestsPerMinuteOverLimit: (resumeRequestsPerMinute / REQUESTS_PER_MINUTE).toFixed(2),
        },
      });
      report({
        name: 'records missing after kill + resume (check pass)',
        value: check.missing,
        unit: 'records',
        target: 0,
        comparison: 'atMost',
        details: { checked: check.records },
      });
      report({
        name: 'relations missing or wrong after kill + resume',
        value: check.different,
        unit: 'records',
        target: 0,
        comparison: 'atMost',
        details: { relations: check.relations },
      });
      // Duplicates: every object holds exactly the records the export becomes.
      let duplicates = 0;
      for (const [object, tables] of [
        ['company', ['Account']],
        ['person', ['Contact']],
        ['opportunity', ['Opportunity']],
        ['task', ['Task', 'Event']],
      ] as const) {
        const expected = tables.reduce((n, t) => n + (exp.tables.get(t)?.length ?? 0), 0);
        const count = (await client.records(object).list({ limit: 1 })).totalCount;
        duplicates += Math.max(0, count - expected);
      }
      report({
        name: 'duplicate records after kill + resume',
        value: duplicates,
        unit: 'records',
        target: 0,
        comparison: 'atMost',
      });
      report({
        name: 'peak RSS of the migrating process (VmHWM)',
        value: (second.peakRss ?? Number.POSITIVE_INFINITY) / 1024 / 1024,
        unit: 'MB',
        target: 500,
        comparison: 'atMost',
      });

      // A 200 MB CSV: streamed through the scan (--init-mapping reads it all, writes nothing).
      progress('writing a 200 MB Account.csv');
      const bigDir = path.join(work, 'big');
      mkdirSync(bigDir, { recursive: true });
      const out = createWriteStream(path.join(bigDir, 'Account.csv'));
      out.write('"Id","Name","Description","BillingCity","AnnualRevenue"\r\n');
      const filler = 'Длинное описание компании, "с кавычками" и\r\nпереводом строки. '.repeat(4);
      let written = 0;
      let n = 0;
      while (written < BIG_CSV_BYTES) {
        const line = `"${sfId('001', 5_000_000 + n)}","Компания ${n}","${filler.replaceAll('"', '""')}","Москва","${n}.5"\r\n`;
        written += Buffer.byteLength(line);
        n++;
        if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
      }
      await new Promise<void>((r) => out.end(r));
      const size = statSync(path.join(bigDir, 'Account.csv')).size;
      progress(`scanning ${(size / 1024 / 1024).toFixed(0)} MB (${n} rows)`);
      const big = await run(
        [
          'salesforce',
          bigDir,
          '--init-mapping',
          path.join(work, 'big-map.json'),
          '--checkpoint',
          path.join(work, 'big.json'),
        ],
        env,
      ).done;
      if (big.code !== 0 || !existsSync(path.join(work, 'big-map.json')))
        throw new Error(`200 MB scan failed:\n${big.stderr.slice(-2000)}`);
      report({
        name: `peak RSS streaming a ${(size / 1024 / 1024).toFixed(0)} MB CSV (${n} rows)`,
        value: (big.peakRss ?? Number.POSITIVE_INFINITY) / 1024 / 1024,
        unit: 'MB',
        target: 500,
        comparison: 'atMost',
        details: {
          seconds: big.wallSeconds.toFixed(1),
          mbPerSecond: (size / 1024 / 1024 / big.wallSeconds).toFixed(1),
        },
      });
    } finally {
      await host.close();
      rmSync(work, { recursive: true, force: true });
      rmSync(install.home, { recursive: true, force: true });
    }
  },
});
