/**
 * A migration run: scan the export, plan, create what the workspace lacks,
 * load table by table in dependency order (first pass: values and the
 * relations to parents already loaded; second pass: self- and cyclic
 * references), then check every record and relation against the export.
 * Checkpointed after every batch; Ctrl-C stops after the batch in flight.
 */
import type { TwentyClient, TwentyRecord } from '../../sdk/index';
import type { ExportSource } from '../source/export-source';
import { readTable, type SourceRow } from '../source/rows';
import { AttachmentUploader } from './attachment-upload';
import { Checkpoint } from './checkpoint';
import { type AttachmentFile, type Converted, type Emitted, RowConverter } from './convert';
import type { Dialect } from './dialect';
import { writeMappingFile } from './init-mapping';
import type { MappingFile } from './mapping-file';
import { type Counts, ErrorsFile } from './outcomes';
import { buildPlan, type DefaultObjectLike, type DescribedField } from './plan';
import type { ObjectRule } from './plan-types';
import { scanExport } from './scan';
import { ensureSchema, targetHasRecords } from './schema';
import { sameValue, type ValueContext } from './values';
import { Workspace } from './workspace';
import { RecordWriter, type WriteItem } from './writer';

export interface ProgressEvent {
  phase: 'scan' | 'load' | 'link' | 'check';
  table: string;
  target: string;
  done: number;
  total: number;
}

export interface RunOptions {
  client: TwentyClient;
  /** For the metadata API, which Twenty does not rate-limit (C13); default: `client`. */
  metadataClient?: TwentyClient;
  source: ExportSource;
  dialect: Dialect;
  defaults: Readonly<Record<string, DefaultObjectLike>>;
  remember: Readonly<Record<string, readonly string[]>>;
  /** Remember a table's columns only when one of these tables is in the export. */
  rememberFor?: Readonly<Record<string, readonly string[]>>;
  mapping?: MappingFile;
  describe?: Map<string, Map<string, DescribedField>>;
  values: ValueContext;
  dryRun: boolean;
  resume: boolean;
  checkpointPath: string;
  workspaceUrl: string;
  errorsPath?: string;
  batchSize: number;
  encoding?: string;
  check: boolean;
  /** Write the resolved mapping here and stop (nothing written to Twenty). */
  initMappingPath?: string;
  signal?: AbortSignal;
  onProgress?(event: ProgressEvent): void;
  say?(text: string): void;
}

export interface TableSummary {
  table: string;
  target: string;
  standIn: boolean;
  skipped?: string;
  counts: Counts;
  unmapped: { column: string; reason: string }[];
  derived: Record<string, number>;
  /** Requests this run spent on the table (reads and writes, both passes). */
  requests: number;
}

export interface CheckSummary {
  records: number;
  relations: number;
  missing: number;
  different: number;
  problems: string[];
}

export interface RunSummary {
  status: 'done' | 'interrupted' | 'dry-run' | 'mapping-written';
  resumed: boolean;
  tables: TableSummary[];
  schemaChanges: string[];
  unmatchedUsers: string[];
  problems: string[];
  errors: { total: number; sample: unknown[] };
  check?: CheckSummary;
  requests: number;
  seconds: number;
  /** Seconds spent loading (both passes), and in the check pass. */
  loadSeconds: number;
  checkSeconds: number;
  /** Record requests (reads and writes) of the load passes, without the check pass. */
  loadRequests: number;
  /** Records written to Twenty in this run (rows' own and derived). */
  written: number;
  /** Attachment files uploaded in this run (a resumed or repeated run uploads none twice). */
  filesUploaded: number;
}

export class MigrationStopped extends Error {}

/** Batches of one table on their way at once. */
const IN_FLIGHT = 3;

export async function runMigration(options: RunOptions): Promise<RunSummary> {
  const started = performance.now();
  const say = options.say ?? (() => {});
  const { client, source, dialect } = options;

  // Resume or start over.
  const previous = Checkpoint.read(options.checkpointPath);
  let checkpoint: Checkpoint;
  let resumed = false;
  const init = {
    system: dialect.system,
    source: source.location,
    fingerprint: source.fingerprint,
    workspace: options.workspaceUrl,
  };
  if (options.resume && previous && !previous.finished) {
    if (previous.fingerprint !== source.fingerprint)
      throw new Error(
        `the checkpoint ${options.checkpointPath} belongs to another export (files differ); run without --resume to start over`,
      );
    checkpoint = Checkpoint.resume(options.checkpointPath, previous);
    resumed = true;
    say(`resuming the run started ${previous.startedAt}`);
  } else {
    if (previous && !previous.finished && !options.dryRun)
      say(
        `an earlier run stopped before the end (${options.checkpointPath}); starting over — nothing is duplicated (use --resume to continue instead)`,
      );
    checkpoint = Checkpoint.fresh(options.checkpointPath, init);
  }

  // 1. Scan.
  say(`scanning ${source.location} …`);
  const scan = await scanExport(source, dialect, {
    encoding: options.encoding,
    signal: options.signal,
    remember: options.remember,
    needs: options.rememberFor,
    onProgress: (table, rows) =>
      options.onProgress?.({ phase: 'scan', table, target: '', done: rows, total: rows }),
  });
  if (options.signal?.aborted) throw new MigrationStopped('stopped while scanning; nothing was written');

  // 2. Plan against the workspace.
  const workspace = await Workspace.load(options.metadataClient ?? client, { dryRun: options.dryRun });
  const membersByEmail = new Map<string, string>();
  if (workspace.object('workspaceMember'))
    for await (const m of client.records('workspaceMember').iterate()) {
      const email = String(m.userEmail ?? '').toLowerCase();
      if (email) membersByEmail.set(email, m.id);
    }
  const plan = buildPlan({
    scan,
    dialect,
    defaults: options.defaults,
    mapping: options.mapping,
    workspace,
    describe: options.describe,
    membersByEmail,
    userEmails: new Map(),
  });
  const unmatchedUsers: string[] = [];
  for (const rule of plan.rules.values()) {
    if (rule.special !== 'users') continue;
    for (const [id, table] of scan.tableOf) {
      if (table !== rule.table) continue;
      const email = (scan.facts.get(id)?.Email ?? '').toLowerCase();
      const member = membersByEmail.get(email);
      if (member) plan.members.set(id, member);
      else unmatchedUsers.push(`${id} ${email || '(no e-mail)'}`);
    }
  }

  if (options.initMappingPath) {
    await writeMappingFile(options.initMappingPath, plan);
    return {
      status: 'mapping-written',
      resumed: false,
      tables: [],
      schemaChanges: plan.schemaChanges,
      unmatchedUsers,
      problems: plan.problems,
      errors: { total: 0, sample: [] },
      requests: 0,
      seconds: (performance.now() - started) / 1000,
      loadSeconds: 0,
      checkSeconds: 0,
      loadRequests: 0,
      written: 0,
      filesUploaded: 0,
    };
  }

  // 3. Schema: objects, fields, the source-id field, SELECT options.
  await ensureSchema(plan, scan, workspace, dialect);
  if (!options.dryRun) await workspace.refresh();

  const errors = new ErrorsFile(options.errorsPath, resumed);
  const writer = new RecordWriter(client, { dryRun: options.dryRun, batchSize: options.batchSize });
  const converter = new RowConverter({
    dialect,
    plan,
    scan,
    workspace,
    values: options.values,
    failed: checkpoint.failed,
    hasBinary: (folder, id) => source.binary(folder, id) !== undefined,
  });
  const uploader = new AttachmentUploader(client, source, checkpoint, options.dryRun);
  const derived = new Map<string, Record<string, number>>();
  const written = new Set<string>(); // derived ids written in this run
  const claimed = new Map<string, Promise<void>>(); // derived id → the batch writing it
  const requestsOf = new Map<string, number>();
  let status: RunSummary['status'] = options.dryRun ? 'dry-run' : 'done';

  const stop = () => {
    if (!options.dryRun) checkpoint.save();
    status = 'interrupted';
  };

  const loadStarted = performance.now();
  let loadSeconds = 0;
  let checkSeconds = 0;
  let loadRequests = 0;
  let writtenCount = 0;
  try {
    // 4. Load.
    for (const table of plan.order) {
      const rule = plan.rules.get(table) as ObjectRule;
      const progress = checkpoint.table(table);
      if (progress.loaded) continue;
      const mayExist = options.dryRun
        ? workspace.object(rule.target)?.id.startsWith('dry:') === false
        : resumed && progress.pass1 > 0
          ? true
          : await targetHasRecords(client, rule, scan, dialect, workspace);
      const before = writer.requests;
      const result = await loadTable(rule, progress, 'load', mayExist);
      requestsOf.set(table, (requestsOf.get(table) ?? 0) + writer.requests - before);
      if (result === 'stopped') {
        stop();
        return finish();
      }
      progress.loaded = true;
      if (!options.dryRun) checkpoint.save();
    }
    // 5. Second pass: self- and cyclic references.
    for (const table of plan.order) {
      const rule = plan.rules.get(table) as ObjectRule;
      const progress = checkpoint.table(table);
      if (progress.linked || !rule.fields.some((f) => f.deferred) || rule.skip) {
        progress.linked = true;
        continue;
      }
      const exists = workspace.object(rule.target)?.id.startsWith('dry:') === false;
      const result = await loadTable(rule, progress, 'link', options.dryRun ? exists : true);
      if (result === 'stopped') {
        stop();
        return finish();
      }
      progress.linked = true;
      if (!options.dryRun) checkpoint.save();
    }
    if (!options.dryRun) {
      checkpoint.data.finished = true;
      checkpoint.save();
    }
    loadSeconds = (performance.now() - loadStarted) / 1000;
    loadRequests = writer.requests;
    const checkStarted = performance.now();
    const check = options.check && !options.dryRun ? await checkAll() : undefined;
    checkSeconds = (performance.now() - checkStarted) / 1000;
    return finish(check);
  } finally {
    await errors.close();
  }

  function finish(check?: CheckSummary): RunSummary {
    return {
      status,
      resumed,
      tables: plan.order.concat([...plan.rules.keys()].filter((t) => !plan.order.includes(t))).map((t) => {
        const rule = plan.rules.get(t) as ObjectRule;
        return {
          table: t,
          target: rule.target,
          standIn: rule.standIn === true,
          ...(rule.skip ? { skipped: rule.skip } : {}),
          counts: rule.skip ? skippedCounts(scan.tables.get(t)?.rows ?? 0) : checkpoint.table(t).counts,
          unmapped: rule.unmapped,
          derived: derived.get(t) ?? {},
          requests: requestsOf.get(t) ?? 0,
        };
      }),
      schemaChanges: plan.schemaChanges,
      unmatchedUsers,
      problems: plan.problems,
      errors: { total: errors.total, sample: errors.sample },
      check,
      requests: writer.requests,
      seconds: (performance.now() - started) / 1000,
      loadSeconds: loadSeconds || (performance.now() - loadStarted) / 1000,
      checkSeconds,
      loadRequests: loadRequests || writer.requests,
      written: writtenCount,
      filesUploaded: uploader.uploads,
    };
  }

  async function loadTable(
    rule: ObjectRule,
    progress: ReturnType<Checkpoint['table']>,
    pass: 'load' | 'link',
    mayExist: boolean,
  ): Promise<'done' | 'stopped'> {
    const scanned = scan.tables.get(rule.table);
    if (!scanned) return 'done';
    const startAt = pass === 'load' ? progress.pass1 : progress.pass2;
    const counts = progress.counts;
    const total = scanned.rows;
    const report = (done: number) =>
      options.onProgress?.({ phase: pass, table: rule.table, target: rule.target, done, total });
    let batch: { row: SourceRow; converted: Converted }[] = [];
    let done = startAt;
    report(done);
    // Rows the parser could not read never reach the loop: they fail here.
    if (pass === 'load')
      for (const problem of scanned.rejected.values()) {
        if (problem.row <= startAt || !problem.reason.startsWith('broken')) continue;
        counts.rows++;
        counts.failed++;
        errors.add({
          object: rule.table,
          sourceId: '',
          row: problem.row,
          field: '',
          reason: `${problem.reason} (${problem.where})`,
          outcome: 'failed',
        });
      }
    // Up to IN_FLIGHT batches on their way at once (the limiter still spaces every request); their
    // outcomes are applied, and the checkpoint moved, strictly in row order.
    const inFlight: { end: number; done: Promise<() => void> }[] = [];
    const settleOne = async (): Promise<void> => {
      const first = inFlight.shift();
      if (!first) return;
      const apply = await first.done;
      apply();
      done = first.end;
      if (pass === 'load') progress.pass1 = done;
      else progress.pass2 = done;
      if (!options.dryRun) checkpoint.save();
      report(done);
    };
    const drain = async (): Promise<void> => {
      try {
        while (inFlight.length > 0) await settleOne();
      } catch (error) {
        await Promise.allSettled(inFlight.map((f) => f.done));
        inFlight.length = 0;
        throw error;
      }
    };
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      const sending = batch;
      batch = [];
      const promise = writeBatch(rule, sending, pass, mayExist);
      promise.catch(() => {}); // awaited in order by settleOne
      inFlight.push({ end: sending[sending.length - 1].row.row, done: promise });
      if (inFlight.length >= IN_FLIGHT) {
        try {
          await settleOne();
        } catch (error) {
          await drain().catch(() => {});
          throw error;
        }
      }
    };
    // Rows done before a resume still claim their unique values (e-mails), so later rows see them taken.
    const claimsUnique = rule.fields.some(
      (f) => workspace.object(rule.target)?.fields.get(f.field)?.isUnique,
    );
    for await (const row of readTable(scanned.files, { encoding: options.encoding })) {
      if (row.row <= startAt) {
        if (claimsUnique && pass === 'load') converter.convert(rule, row, pass);
        continue;
      }
      const converted = converter.convert(rule, row, pass);
      if (pass === 'link') {
        if (converted.reject || checkpoint.failed.has(converted.sourceId)) continue;
        const main = converted.records[0];
        if (!main || Object.keys(main.payload).length <= 1) continue;
      }
      batch.push({ row, converted });
      if (batch.length >= options.batchSize) {
        await flush();
        if (options.signal?.aborted) {
          await drain();
          return 'stopped';
        }
      }
    }
    await flush();
    await drain();
    if (options.signal?.aborted) return 'stopped';
    report(total);
    return 'done';
  }

  async function writeBatch(
    rule: ObjectRule,
    batch: { row: SourceRow; converted: Converted }[],
    pass: 'load' | 'link',
    mayExist: boolean,
  ): Promise<() => void> {
    const counts = checkpoint.table(rule.table).counts;
    const effects: (() => void)[] = [];
    // Group by stage and object; derived records once per run.
    const groups = new Map<string, { object: string; stage: number; items: Map<string, WriteItem> }>();
    const ownerOf = new Map<string, number>(); // record id → index in batch (of the row's own record)
    // A derived record (a deal's team, scenario) shared with a batch still on its way is written by
    // that batch: this one waits for it before writing what points at it.
    let derivedWritten!: () => void;
    const mine = new Promise<void>((resolve) => {
      derivedWritten = resolve;
    });
    const waitFor = new Set<Promise<void>>();
    batch.forEach(({ converted }, index) => {
      if (converted.reject) return;
      for (const r of converted.records) {
        if (r.stage === 1) ownerOf.set(r.id, index);
        else if (written.has(r.id)) continue;
        else {
          const claim = claimed.get(r.id);
          if (claim && claim !== mine) {
            waitFor.add(claim);
            continue;
          }
          claimed.set(r.id, mine);
        }
        const key = `${r.stage}:${r.object}`;
        let g = groups.get(key);
        if (!g) {
          g = { object: r.object, stage: r.stage, items: new Map() };
          groups.set(key, g);
        }
        if (!g.items.has(r.id)) g.items.set(r.id, { id: r.id, payload: r.payload });
        else mergeInto(g.items.get(r.id) as WriteItem, r);
      }
    });
    const outcome = new Map<number, 'created' | 'updated' | 'unchanged' | 'failed'>();
    const failures = new Map<number, string>();
    let stageZeroDone = false;
    const releaseDerived = async () => {
      if (stageZeroDone) return;
      stageZeroDone = true;
      derivedWritten();
      await Promise.all(waitFor);
    };
    try {
      for (const g of [...groups.values()].sort((a, b) => a.stage - b.stage)) {
        if (g.stage > 0) await releaseDerived();
        // An attachment's bytes go up first; a file Twenty refuses fails its row alone.
        const files = new Map<string, AttachmentFile>();
        for (const { converted } of batch)
          for (const r of converted.records) if (r.file && g.items.has(r.id)) files.set(r.id, r.file);
        if (files.size > 0) {
          const ids = [...files.keys()];
          const existing = mayExist ? await writer.existing(g.object, ids) : new Map<string, TwentyRecord>();
          for (const [id, reason] of await uploader.prepare([...g.items.values()], files, existing)) {
            g.items.delete(id);
            const index = ownerOf.get(id);
            if (index !== undefined) {
              outcome.set(index, 'failed');
              failures.set(index, reason);
            }
          }
        }
        const items = [...g.items.values()];
        // Derived records follow their table: a fresh table's are new too (a rare one written by an
        // earlier table — a deal's scenario, a shared link — makes the create fail, and the writer
        // then reads back and upserts).
        const result = await writer.write(g.object, items, mayExist);
        if (files.size > 0) uploader.settled([...result.created, ...result.updated, ...result.unchanged]);
        // Only derived records are looked up here (a row's own record is written once anyway).
        if (g.stage !== 1) {
          for (const id of result.created) written.add(id);
          for (const id of result.unchanged) written.add(id);
          for (const id of result.updated) written.add(id);
        }
        effects.push(() => {
          if (!options.dryRun) writtenCount += result.created.size + result.updated.size;
          if (g.stage === 1) return;
          for (const _ of result.created) bump(rule.table, g.object, 'created');
          for (const _ of result.updated) bump(rule.table, g.object, 'updated');
          for (const [id, reason] of result.failed)
            errors.add({
              object: g.object,
              sourceId: id,
              row: 0,
              field: '',
              reason: `derived record failed: ${reason}`,
              outcome: 'warning',
            });
        });
        if (g.stage !== 1) continue;
        for (const [id, index] of ownerOf) {
          if (!g.items.has(id)) continue;
          if (result.failed.has(id)) {
            outcome.set(index, 'failed');
            failures.set(index, result.failed.get(id) as string);
          } else if (result.created.has(id)) outcome.set(index, 'created');
          else if (result.updated.has(id)) {
            outcome.set(index, 'updated');
          } else outcome.set(index, 'unchanged');
        }
      }
      await releaseDerived();
    } finally {
      derivedWritten();
    }
    effects.push(() =>
      batch.forEach(({ row, converted }, index) => {
        if (pass === 'link') {
          if (outcome.get(index) === 'failed')
            errors.add({
              object: rule.table,
              sourceId: converted.sourceId,
              row: row.row,
              field: '',
              reason: `second pass (self/cyclic links) failed: ${failures.get(index)}`,
              outcome: 'warning',
            });
          else if (outcome.get(index) === 'updated' && !options.dryRun) counts.updated += 0;
          for (const p of converted.problems) {
            counts.warnings++;
            errors.add({
              object: rule.table,
              sourceId: converted.sourceId,
              row: row.row,
              field: p.field,
              reason: p.reason,
              outcome: 'warning',
            });
          }
          return;
        }
        counts.rows++;
        if (converted.reject) {
          counts[converted.reject.outcome]++;
          // A duplicate's id belongs to its first row, which may well be fine: only a row's own failure fails its id.
          const ownId = !scan.tables.get(rule.table)?.rejected.has(row.row);
          if (converted.reject.outcome === 'failed' && ownId) checkpoint.failed.add(converted.sourceId);
          if (converted.reject.outcome === 'failed' || converted.reject.field)
            errors.add({
              object: rule.table,
              sourceId: converted.sourceId,
              row: row.row,
              field: converted.reject.field ?? '',
              reason: converted.reject.reason,
              outcome: converted.reject.outcome,
            });
          return;
        }
        const o = outcome.get(index) ?? 'unchanged';
        counts[o]++;
        if (o === 'failed') {
          checkpoint.failed.add(converted.sourceId);
          errors.add({
            object: rule.table,
            sourceId: converted.sourceId,
            row: row.row,
            field: '',
            reason: failures.get(index) ?? 'failed',
            outcome: 'failed',
          });
          return;
        }
        for (const p of converted.problems) {
          counts.warnings++;
          errors.add({
            object: rule.table,
            sourceId: converted.sourceId,
            row: row.row,
            field: p.field,
            reason: p.reason,
            outcome: 'warning',
          });
        }
      }),
    );
    return () => {
      for (const effect of effects) effect();
    };
  }

  function bump(table: string, object: string, what: string): void {
    const d = derived.get(table) ?? {};
    d[`${object} ${what}`] = (d[`${object} ${what}`] ?? 0) + 1;
    derived.set(table, d);
  }

  /** Every record and link of the export, read back from Twenty and compared. */
  async function checkAll(): Promise<CheckSummary> {
    const summary: CheckSummary = { records: 0, relations: 0, missing: 0, different: 0, problems: [] };
    const note = (text: string) => {
      if (summary.problems.length < 200) summary.problems.push(text);
    };
    for (const table of plan.order) {
      const rule = plan.rules.get(table) as ObjectRule;
      const scanned = scan.tables.get(table);
      if (!scanned || rule.skip || rule.special === 'users') continue;
      let pending: Emitted[] = [];
      let done = 0;
      const verify = async () => {
        const byObject = new Map<string, Emitted[]>();
        for (const r of pending) byObject.set(r.object, [...(byObject.get(r.object) ?? []), r]);
        for (const [object, records] of byObject) {
          const found = await writer.existing(object, [...new Set(records.map((r) => r.id))]);
          for (const r of records) {
            const stored = found.get(r.id);
            summary.records++;
            const links = Object.keys(r.payload).filter(
              (k) => k.endsWith('Id') && k !== 'id' && k !== dialect.sourceIdField,
            );
            summary.relations += links.length;
            if (!stored) {
              summary.missing++;
              note(`${object} ${r.id} (${table}) is missing`);
              continue;
            }
            for (const [k, v] of Object.entries(r.payload)) {
              if (k === 'id') continue;
              if (!sameValue(v, stored[k])) {
                summary.different++;
                note(
                  `${object} ${r.id} (${table}): ${k} is ${JSON.stringify(stored[k])}, expected ${JSON.stringify(v)}`,
                );
                break;
              }
            }
          }
        }
        options.onProgress?.({ phase: 'check', table, target: rule.target, done, total: scanned.rows });
        pending = [];
      };
      for await (const row of readTable(scanned.files, { encoding: options.encoding })) {
        done = row.row;
        const converted = converter.convert(rule, row, 'full');
        if (converted.reject || checkpoint.failed.has(converted.sourceId)) continue;
        pending.push(...converted.records);
        if (pending.length >= 200) await verify();
        if (options.signal?.aborted) return summary;
      }
      await verify();
    }
    return summary;
  }
}

/** A skipped table's rows: every one skipped, for the table's reason. */
function skippedCounts(rows: number): Counts {
  return { rows, created: 0, updated: 0, unchanged: 0, skipped: rows, failed: 0, warnings: 0 };
}

function mergeInto(item: WriteItem, r: Emitted): void {
  for (const [k, v] of Object.entries(r.payload)) if (item.payload[k] === undefined) item.payload[k] = v;
}
