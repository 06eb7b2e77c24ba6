/**
 * The intake journal: where a webhook delivery becomes durable before Twenty
 * gets its answer, without waiting for a database statement. The intake
 * appends the job it would enqueue as one JSON line to a local file (a
 * synchronous `write`, so the line is in the operating system's hands — it
 * survives the process being killed — before the 202 is sent) and answers at
 * once; the journal then moves what it holds into the queue table in batches
 * and deletes each file once its lines are committed. On start-up, files left
 * by a crash are moved first. Replaying a file twice is harmless: every line
 * carries the queue's dedupe key.
 *
 * Why: with the embedded store, the database answers on the same machine,
 * after the event loop has read every request of a burst; 200 concurrent
 * deliveries then wait tens of milliseconds for their insert. The journal is
 * used only with the embedded store (one process owns `REALTY_HOME` anyway);
 * with `REALTY_DATABASE_URL` several instances may run and the intake enqueues
 * directly, as it does on Cloud Functions, where nothing may run after the
 * answer.
 */
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { EnqueueItem, Queue } from '../queue/queue';
import type { Logger } from '../runtime/logger';

export const JOURNAL_SUFFIX = '.jsonl';
/** Dedupe keys remembered to answer "duplicate" without the database. */
const RECENT_KEYS = 50_000;
const MOVE_CHUNK = 1_000;
const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 30_000;

export type JournalAppend = 'journaled' | 'duplicate';

export interface IntakeJournalStats {
  /** Lines written and not yet in the queue table. */
  waiting: number;
  /** Lines moved into the queue as new jobs. */
  moved: number;
  /** Lines the queue already had (the same change delivered earlier): dropped when moved. */
  duplicatesDropped: number;
  /** Moves that failed (the store was unavailable); their lines stay on disk and are retried. */
  failedMoves: number;
  /** Lines found at start-up, left by a process that stopped before moving them. */
  recovered: number;
}

export interface IntakeJournal {
  readonly dir: string;
  /** Writes the job durably, now; "duplicate" when this dedupe key was journaled recently (nothing written). */
  append(item: EnqueueItem): JournalAppend;
  /** Resolves when everything appended so far is in the queue table (rejects if the store refuses it). */
  flush(): Promise<void>;
  stats(): IntakeJournalStats;
  /** Moves what it can, then closes; lines it could not move stay on disk for the next start. */
  close(): Promise<void>;
}

export interface IntakeJournalOptions {
  dir: string;
  queue: Pick<Queue, 'enqueueMany'>;
  log: Logger;
  /** Called after lines became new queue jobs (e.g. `worker.wake`). */
  onMoved?: (fresh: number) => void;
}

export class JournalLineError extends Error {
  readonly code = 'journal_line_invalid';
  constructor(file: string, line: number, reason: string) {
    super(`${file}, line ${line}: ${reason}`);
    this.name = 'JournalLineError';
  }
}

function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
}

interface Segment {
  path: string;
  fd: number | undefined;
  /** The lines in memory; dropped while the store refuses them (read back from the file on retry). */
  items: EnqueueItem[] | undefined;
  count: number;
}

/** Parses a journal file; a torn last line (the write a crash interrupted) is reported, not fatal. */
export function readJournalFile(path: string): { items: EnqueueItem[]; problems: JournalLineError[] } {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  const items: EnqueueItem[] = [];
  const problems: JournalLineError[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      const item = JSON.parse(line) as Partial<EnqueueItem>;
      if (typeof item.kind !== 'string') throw new Error('no job kind');
      items.push(item as EnqueueItem);
    } catch (error) {
      const last = i === lines.length - 1;
      const reason = `${error instanceof Error ? error.message : String(error)}${last ? ' (an unfinished last line: the write a crash interrupted, never acknowledged)' : ''}`;
      problems.push(new JournalLineError(path, i + 1, reason));
    }
  });
  return { items, problems };
}

export async function openIntakeJournal(options: IntakeJournalOptions): Promise<IntakeJournal> {
  const { dir, queue, log } = options;
  mkdirSync(dir, { recursive: true });
  const stats: IntakeJournalStats = {
    waiting: 0,
    moved: 0,
    duplicatesDropped: 0,
    failedMoves: 0,
    recovered: 0,
  };
  const recent = new Set<string>();
  let sequence = 0;
  let current: Segment | undefined;
  /** Sealed segments waiting to be moved, oldest first. */
  const sealed: Segment[] = [];
  let moving: Promise<void> | undefined;
  let scheduled = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let retryMs = RETRY_FIRST_MS;
  let closed = false;

  const segmentName = (): string =>
    `${String(Date.now()).padStart(15, '0')}-${String(process.pid)}-${String(sequence++).padStart(9, '0')}${JOURNAL_SUFFIX}`;

  const remember = (key: string | undefined): void => {
    if (key === undefined) return;
    recent.add(key);
    if (recent.size > RECENT_KEYS) {
      const oldest = recent.values().next().value;
      if (oldest !== undefined) recent.delete(oldest);
    }
  };

  const moveSegment = async (segment: Segment): Promise<void> => {
    const items = segment.items ?? readJournalFile(segment.path).items;
    let fresh = 0;
    for (let i = 0; i < items.length; i += MOVE_CHUNK) {
      const results = await queue.enqueueMany(items.slice(i, i + MOVE_CHUNK));
      fresh += results.filter(Boolean).length;
    }
    // Committed: the file has done its job. A crash before this line replays it, harmlessly.
    unlinkSync(segment.path);
    stats.waiting -= segment.count;
    stats.moved += fresh;
    stats.duplicatesDropped += items.length - fresh;
    if (fresh > 0) options.onMoved?.(fresh);
  };

  const seal = (): void => {
    if (!current) return;
    if (current.fd !== undefined) closeSync(current.fd);
    current.fd = undefined;
    sealed.push(current);
    current = undefined;
  };

  const moveAll = async (): Promise<void> => {
    seal();
    while (sealed.length > 0) {
      const segment = sealed[0] as Segment;
      await moveSegment(segment);
      sealed.shift();
    }
  };

  const run = (): Promise<void> => {
    if (moving) return moving;
    moving = moveAll()
      .then(
        () => {
          retryMs = RETRY_FIRST_MS;
        },
        (error: unknown) => {
          stats.failedMoves++;
          // A long outage must not pile every delivery up in memory too: the files hold them.
          for (const segment of sealed) segment.items = undefined;
          log.error(
            { err: error, waiting: stats.waiting, dir, retryInMs: retryMs },
            'could not move journaled Twenty events into the queue; they stay on disk and are retried',
          );
          if (!closed && !retryTimer) {
            retryTimer = setTimeout(() => {
              retryTimer = undefined;
              void run().catch(() => undefined);
            }, retryMs);
            retryTimer.unref();
          }
          retryMs = Math.min(RETRY_MAX_MS, retryMs * 2);
          throw error;
        },
      )
      .finally(() => {
        moving = undefined;
        // Lines appended while this move ran form the next one.
        if (current && !closed) schedule();
      });
    return moving;
  };

  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    // After the current turn: every delivery read in this pass of the event loop joins one file.
    setImmediate(() => {
      scheduled = false;
      if (!moving) void run().catch(() => undefined);
    });
  };

  const flush = async (): Promise<void> => {
    while (current || sealed.length > 0 || moving) {
      if (moving) await moving;
      else await run();
    }
  };

  // Files a previous process left: moved before anything new is accepted.
  const leftovers = readdirSync(dir)
    .filter((name) => name.endsWith(JOURNAL_SUFFIX))
    .sort();
  for (const name of leftovers) {
    const path = join(dir, name);
    const { items, problems } = readJournalFile(path);
    for (const problem of problems)
      log.warn({ err: problem }, `skipped an unreadable journal line: ${problem.message}`);
    sealed.push({ path, fd: undefined, items, count: items.length });
    stats.waiting += items.length;
    stats.recovered += items.length;
  }
  if (leftovers.length > 0) {
    log.warn(
      { files: leftovers.length, events: stats.recovered, dir },
      'found Twenty events journaled by a process that stopped before queueing them; queueing them now',
    );
    // A store that refuses them now gets them on the retry schedule; the intake can still take events.
    await run().catch(() => undefined);
  }

  return {
    dir,
    append(item) {
      if (closed) throw new Error('the intake journal is closed');
      if (item.dedupeKey !== undefined && recent.has(item.dedupeKey)) return 'duplicate';
      const line = `${JSON.stringify(item)}\n`;
      if (!current) {
        const path = join(dir, segmentName());
        current = { path, fd: openSync(path, 'a'), items: [], count: 0 };
      }
      try {
        writeAll(current.fd as number, line);
      } catch (error) {
        // A failed write may have left part of a line: that file takes no more (recovery skips the part).
        seal();
        throw error;
      }
      current.items?.push(item);
      current.count++;
      stats.waiting++;
      remember(item.dedupeKey);
      schedule();
      return 'journaled';
    },
    flush,
    stats: () => ({ ...stats }),
    async close() {
      if (closed) return;
      try {
        await flush();
      } catch {
        // Logged by run(); the lines stay on disk for the next start.
      } finally {
        closed = true;
        if (retryTimer) clearTimeout(retryTimer);
        seal();
      }
    },
  };
}
