/**
 * The approvals section of /import: price changes an import held as PENDING
 * (beyond the allowed percentage), listed from the change protocol in Twenty
 * with their unit, and decided by an admin through the pipeline's
 * approvePending / rejectPending — the same calls any other caller makes.
 */
import Decimal from 'decimal.js';
import { eq } from '../../../sdk/index';
import type { DataAccess } from '../../core/access/index';
import { type ApprovalOutcome, approvePending, rejectPending } from '../import/index';
import { unitChange } from '../schema';

export const APPROVALS_PAGE_LIMIT = 200;

export interface PendingApprovalView {
  id: string;
  unitId: string | null;
  unit: string;
  field: string | null;
  oldValue: string | null;
  newValue: string | null;
  /** Signed change in percent of the old value; null when either side is not a number. */
  percent: number | null;
  changedBy: string | null;
  changedAt: string | null;
  batchId: string | null;
}

function percentOf(oldValue: string | null, newValue: string | null): number | null {
  try {
    if (!oldValue || !newValue) return null;
    const before = new Decimal(oldValue);
    if (before.isZero()) return null;
    return new Decimal(newValue).minus(before).dividedBy(before).times(100).toDecimalPlaces(1).toNumber();
  } catch {
    return null;
  }
}

function unitLabel(embedded: unknown, unitId: string | null): string {
  if (embedded && typeof embedded === 'object') {
    const u = embedded as { number?: unknown; externalCode?: unknown };
    const parts = [
      u.number ? `№ ${String(u.number)}` : '',
      u.externalCode ? `(${String(u.externalCode)})` : '',
    ];
    const label = parts.filter(Boolean).join(' ');
    if (label) return label;
  }
  return unitId ?? '—';
}

export async function listPendingApprovals(ctx: DataAccess): Promise<PendingApprovalView[]> {
  const page = await ctx.records(unitChange).list({
    filter: eq('status', 'PENDING'),
    orderBy: 'createdAt',
    limit: APPROVALS_PAGE_LIMIT,
    depth: 1,
  });
  return page.records.map((r) => {
    const rec = r as Record<string, unknown>;
    const unitId = typeof rec.unitId === 'string' ? rec.unitId : null;
    const str = (v: unknown) => (typeof v === 'string' ? v : null);
    return {
      id: r.id,
      unitId,
      unit: unitLabel(rec.unit, unitId),
      field: str(rec.fieldName),
      oldValue: str(rec.oldValue),
      newValue: str(rec.newValue),
      percent: percentOf(str(rec.oldValue), str(rec.newValue)),
      changedBy: str(rec.changedBy),
      changedAt: str(rec.changedAt) ?? str(rec.createdAt),
      batchId: str(rec.importBatchId),
    };
  });
}

/** Groups the chosen changes by their import batch (the pipeline decides per batch) and decides each group. */
export async function decideApprovals(
  ctx: DataAccess,
  input: { decision: 'approve' | 'reject'; ids: readonly string[]; approver: string },
): Promise<ApprovalOutcome> {
  const pending = await listPendingApprovals(ctx);
  const byId = new Map(pending.map((p) => [p.id, p]));
  const byBatch = new Map<string, string[]>();
  const outcome: ApprovalOutcome = { approved: [], rejected: [], conflicts: [] };
  for (const id of input.ids) {
    const change = byId.get(id);
    if (!change) {
      outcome.conflicts.push({ id, reason: 'not a pending change (already decided, or unknown)' });
      continue;
    }
    if (!change.batchId) {
      outcome.conflicts.push({ id, reason: 'the change belongs to no import batch' });
      continue;
    }
    byBatch.set(change.batchId, [...(byBatch.get(change.batchId) ?? []), id]);
  }
  const decide = input.decision === 'approve' ? approvePending : rejectPending;
  for (const [batchId, ids] of byBatch) {
    const r = await decide(batchId, ids, ctx, { approver: input.approver });
    outcome.approved.push(...r.approved);
    outcome.rejected.push(...r.rejected);
    outcome.conflicts.push(...r.conflicts);
  }
  return outcome;
}
