// What `realty import-units` prints of a plan and a result, whether it ran here or through the app.
import type { CommandContext } from '../core/plugin/index';
import type { ImportCounts, ImportResult } from './import/index';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
const PROBLEMS_SHOWN = 50;

export interface ImportUnitsOptions {
  template?: string;
  dryRun?: boolean;
  report?: string;
  json?: boolean;
  actor?: string;
}

/** A row problem as printed: where (row, column) and why. */
export interface PlanProblem {
  row: number;
  column?: string;
  caption?: string;
  code: string;
  reason: string;
}

export function printResult(ctx: Pick<CommandContext, 'say'>, result: ImportResult): void {
  ctx.say(
    `import №${result.batchNumber} (batch ${result.batchId}): ${result.created} created, ${result.updated} updated, ${result.pendingApproval} held for approval, ${result.rejected} rejected, ${result.unchanged} unchanged` +
      (result.resumedRows > 0 ? ` (${result.resumedRows} rows written by an earlier run)` : '') +
      ` — ${result.requests} requests in ${(result.durationMs / 1000).toFixed(1)} s`,
  );
}

export function printPlan(
  ctx: Pick<CommandContext, 'say'>,
  c: ImportCounts,
  problems: readonly PlanProblem[],
): void {
  ctx.say(
    `${c.rows} rows: ${c.create} to create, ${c.update} to update, ${c.unchanged} unchanged, ${c.rejected} rejected, ${c.pendingApproval} with a price change held for approval`,
  );
  for (const p of problems.slice(0, PROBLEMS_SHOWN))
    ctx.say(`  row ${p.row}${p.column ? `, column ${p.column} (${p.caption})` : ''}: ${p.reason}`);
  if (problems.length > PROBLEMS_SHOWN)
    ctx.say(
      `  … and ${problems.length - PROBLEMS_SHOWN} more (--report OUT.xlsx lists them all at their cells)`,
    );
}
