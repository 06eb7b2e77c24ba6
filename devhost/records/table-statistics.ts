/**
 * Keeps the planner's statistics current. PGlite runs no autovacuum, so a
 * table filled through the API would keep "empty table" estimates and
 * Postgres would pick bitmap scans + sorts over the index a page needs
 * (measured: 250 ms instead of 2 ms at 100k rows). Like autovacuum's
 * analyze threshold, a table is re-analysed once the rows written since the
 * last ANALYZE pass a fraction of its size; ANALYZE runs after the response.
 */
import type { Sql } from '../db';

export const MIN_WRITES_BEFORE_ANALYZE = 200;
export const ANALYZE_SCALE_FACTOR = 0.2;

export class TableStatistics {
  private readonly written = new Map<string, number>();
  private readonly size = new Map<string, number>();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly sql: Sql,
    private readonly onError: (error: unknown, table: string) => void = () => undefined,
  ) {}

  /** Records `rows` written rows of `table` and schedules an ANALYZE when due. */
  noteWrites(table: string, rows: number): void {
    const written = (this.written.get(table) ?? 0) + rows;
    const size = this.size.get(table) ?? 0;
    if (written < Math.max(MIN_WRITES_BEFORE_ANALYZE, size * ANALYZE_SCALE_FACTOR)) {
      this.written.set(table, written);
      return;
    }
    this.written.set(table, 0);
    this.size.set(table, size + written);
    this.queue = this.queue.then(() => this.analyze(table));
  }

  private async analyze(table: string): Promise<void> {
    try {
      await this.sql.exec(`ANALYZE ${table}`);
    } catch (error) {
      this.onError(error, table);
    }
  }

  /** Analyses every table once (start-up: data may come from an earlier run). */
  async analyzeAll(): Promise<void> {
    await this.sql.exec('ANALYZE');
  }

  /** Resolves when scheduled ANALYZE runs are done (shutdown). */
  settled(): Promise<void> {
    return this.queue;
  }
}
