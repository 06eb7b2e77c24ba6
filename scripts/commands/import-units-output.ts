// What `realty import-units` prints of a plan and a result, whether it ran here or through the app.
import type { ImportCounts, ImportResult } from '../../plugins/registry/import/index';
import { say } from '../cli-support';

const PROBLEMS_SHOWN = 50;

export function printResult(result: ImportResult): void {
  say(
    `batch ${result.batchId}: ${result.created} created, ${result.updated} updated, ${result.pendingApproval} held for approval, ${result.rejected} rejected, ${result.unchanged} unchanged` +
      (result.resumedRows > 0 ? ` (${result.resumedRows} rows written by an earlier run)` : '') +
      ` — ${result.requests} requests in ${(result.durationMs / 1000).toFixed(1)} s`,
  );
}

/** A row problem as printed: where (row, column) and why. */
export interface PlanProblem {
  row: number;
  column?: string;
  caption?: string;
  code: string;
  reason: string;
}

export function printPlan(c: ImportCounts, problems: readonly PlanProblem[]): void {
  say(
    `${c.rows} rows: ${c.create} to create, ${c.update} to update, ${c.unchanged} unchanged, ${c.rejected} rejected, ${c.pendingApproval} with a price change held for approval`,
  );
  for (const p of problems.slice(0, PROBLEMS_SHOWN))
    say(`  row ${p.row}${p.column ? `, column ${p.column} (${p.caption})` : ''}: ${p.reason}`);
  if (problems.length > PROBLEMS_SHOWN)
    say(`  … and ${problems.length - PROBLEMS_SHOWN} more (--report OUT.xlsx lists them all at their cells)`);
}
