/**
 * Where every source row ends — created, updated, skipped (with why) or failed
 * — counted per table, and the `--errors FILE.csv` rows (object, source id,
 * row, field, reason) for failures and for values that could not be written.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

export type Outcome = 'created' | 'updated' | 'unchanged' | 'skipped' | 'failed';

export interface Counts {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  failed: number;
  /** Values left out of a written record (bad date, missing parent …). */
  warnings: number;
}

export const emptyCounts = (): Counts => ({
  rows: 0,
  created: 0,
  updated: 0,
  unchanged: 0,
  skipped: 0,
  failed: 0,
  warnings: 0,
});

export interface ProblemRow {
  object: string;
  sourceId: string;
  row: number;
  field: string;
  reason: string;
  outcome: Outcome | 'warning';
}

function csvCell(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * The errors CSV, written line by line before the checkpoint can record the rows as done: a run
 * killed right after (SIGKILL, a crash) and resumed loses no problem it had found. Problems are
 * few, so the synchronous writes cost nothing worth a buffer.
 */
export class ErrorsFile {
  private fd: number | undefined;
  /** The first problems, kept for the summary (--json, dry run). */
  readonly sample: ProblemRow[] = [];
  total = 0;

  constructor(path: string | undefined, append: boolean) {
    if (path) {
      this.fd = openSync(path, append ? 'a' : 'w');
      if (!append) writeSync(this.fd, '\uFEFFobject,source id,row,field,reason,outcome\r\n');
    }
  }

  add(problem: ProblemRow): void {
    this.total++;
    if (this.sample.length < 200) this.sample.push(problem);
    if (this.fd !== undefined)
      writeSync(
        this.fd,
        `${[problem.object, problem.sourceId, problem.row, problem.field, problem.reason, problem.outcome].map(csvCell).join(',')}\r\n`,
      );
  }

  async close(): Promise<void> {
    const fd = this.fd;
    this.fd = undefined;
    if (fd !== undefined) closeSync(fd);
  }
}
