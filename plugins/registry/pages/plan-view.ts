/**
 * What the /import page is shown of a plan: the summary (counts, file
 * problems, the file's columns) and pages of rows with their cells, changes
 * and problems, so each problem can be drawn at its cell. A 19,000-row file
 * is never sent whole: rows come in pages, filtered by kind.
 */
import type { CellValue, PlannedRowKind } from '../import/index';
import type { PlanSession } from './plan-sessions';

export const ROW_KINDS: readonly PlannedRowKind[] = [
  'create',
  'update',
  'unchanged',
  'rejected',
  'pending-approval',
];

/** `changed` = everything but unchanged rows: what a person has to look at. */
export type RowFilter = PlannedRowKind | 'all' | 'changed';

export function planSummary(session: PlanSession, links: { batchUrl?: string } = {}) {
  const { plan, parsed } = session;
  return {
    planId: session.id,
    fileName: plan.fileName,
    checksum: plan.checksum,
    batchId: plan.batchId,
    state: session.state,
    counts: plan.counts,
    usable: plan.usable,
    alreadyImported: plan.alreadyImported ?? false,
    resumes: plan.resumes ?? false,
    fileProblems: plan.fileProblems,
    columns: parsed.columns.map((c) => ({ key: c.key, letter: c.letter, header: c.header })),
    settings: plan.settings,
    ...(links.batchUrl ? { batchUrl: links.batchUrl } : {}),
  };
}

export function planRows(session: PlanSession, query: { filter: RowFilter; offset: number; limit: number }) {
  const { plan, parsed } = session;
  const letterOf = new Map(parsed.columns.map((c) => [c.key, c.letter]));
  const parsedByRow = new Map(parsed.rows.map((r) => [r.row, r]));
  const selected = plan.rows.filter((r) =>
    query.filter === 'all'
      ? true
      : query.filter === 'changed'
        ? r.kind !== 'unchanged'
        : r.kind === query.filter,
  );
  const rows = selected.slice(query.offset, query.offset + query.limit).map((r) => {
    const cells: Record<string, CellValue> = {};
    for (const [key, value] of Object.entries(parsedByRow.get(r.row)?.cells ?? {})) {
      const letter = letterOf.get(key as never);
      if (letter !== undefined && value !== undefined) cells[letter] = value;
    }
    return {
      row: r.row,
      kind: r.kind,
      label: r.label ?? null,
      unitId: r.unitId ?? null,
      cells,
      changes: r.changes,
      problems: r.problems.map((p) => ({
        column: p.column ?? (p.field ? letterOf.get(p.field) : undefined) ?? null,
        caption: p.caption ?? null,
        field: p.field ?? null,
        code: p.code,
        reason: p.reason,
      })),
    };
  });
  return { total: selected.length, offset: query.offset, limit: query.limit, rows };
}

export function progressView(session: PlanSession, links: { batchUrl?: string } = {}) {
  return {
    planId: session.id,
    state: session.state,
    progress: session.progress,
    ...(session.result ? { result: session.result } : {}),
    ...(session.error ? { error: session.error } : {}),
    ...(links.batchUrl ? { batchUrl: links.batchUrl } : {}),
  };
}
