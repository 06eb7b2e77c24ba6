/**
 * Where every source row ends — created, updated, skipped (with why) or failed
 * — counted per table, and the `--errors FILE.csv` rows (object, source id,
 * row, field, reason) for failures and for values that could not be written.
 */
import { createWriteStream, type WriteStream } from 'node:fs';

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

export class ErrorsFile {
  private stream: WriteStream | undefined;
  /** The first problems, kept for the summary (--json, dry run). */
  readonly sample: ProblemRow[] = [];
  total = 0;

  constructor(path: string | undefined, append: boolean) {
    if (path) {
      this.stream = createWriteStream(path, { flags: append ? 'a' : 'w', encoding: 'utf8' });
      if (!append) this.stream.write('\uFEFFobject,source id,row,field,reason,outcome\r\n');
    }
  }

  add(problem: ProblemRow): void {
    this.total++;
    if (this.sample.length < 200) this.sample.push(problem);
    this.stream?.write(
      `${[problem.object, problem.sourceId, problem.row, problem.field, problem.reason, problem.outcome].map(csvCell).join(',')}\r\n`,
    );
  }

  async close(): Promise<void> {
    const stream = this.stream;
    this.stream = undefined;
    if (stream) await new Promise<void>((resolve) => stream.end(resolve));
  }
}
