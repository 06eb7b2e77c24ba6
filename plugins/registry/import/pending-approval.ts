/**
 * Held price changes: an admin approves (the price is written, the entry
 * becomes APPLIED with approvedBy) or rejects (REJECTED, the unit untouched).
 * Approval re-checks the unit first: if its price is no longer the one the
 * import saw, or it became protected (in auction, booked, sold), the change is
 * not applied and stays PENDING, reported as a conflict for the admin to reject.
 */
import Decimal from 'decimal.js';
import { and, eq, in_, type TwentyRecord } from '../../../sdk/index';
import type { DataAccess } from '../../core/access/index';
import { roublesToMicros } from '../rules/cell-parsing';
import { UNIT_STATUS_RU, type UnitStatus } from '../vocabulary';
import { type ApprovalOutcome, DEFAULT_IMPORT_SETTINGS, type ImportSettings } from './import-types';
import { snapshotUnit } from './registry-snapshot';

export interface ApprovalContext {
  /** Who approves/rejects (a staff member's e-mail or id), written to unitChange.approvedBy. */
  approver: string;
  settings?: Partial<ImportSettings>;
}

async function pendingOf(
  batchId: string,
  changeIds: readonly string[] | 'all',
  ctx: DataAccess,
  outcome: ApprovalOutcome,
): Promise<TwentyRecord[]> {
  const filter = and(
    eq('importBatchId', batchId),
    eq('status', 'PENDING'),
    ...(changeIds === 'all' ? [] : [in_('id', [...changeIds])]),
  );
  const found: TwentyRecord[] = [];
  if (changeIds !== 'all' && changeIds.length === 0) return found;
  for await (const c of ctx.records('unitChange').iterate({ filter })) found.push(c);
  if (changeIds !== 'all') {
    const ids = new Set(found.map((c) => c.id));
    for (const id of changeIds)
      if (!ids.has(id))
        outcome.conflicts.push({ id, reason: `в партии импорта ${batchId} нет ожидающего изменения ${id}` });
  }
  return found;
}

export async function approvePending(
  batchId: string,
  changeIds: readonly string[] | 'all',
  ctx: DataAccess,
  opts: ApprovalContext,
): Promise<ApprovalOutcome> {
  const settings = { ...DEFAULT_IMPORT_SETTINGS, ...opts.settings };
  const outcome: ApprovalOutcome = { approved: [], rejected: [], conflicts: [] };
  const units = ctx.records('unit');
  for (const change of await pendingOf(batchId, changeIds, ctx, outcome)) {
    const unitId = typeof change.unitId === 'string' ? change.unitId : null;
    const oldValue = typeof change.oldValue === 'string' ? change.oldValue : null;
    const newValue = typeof change.newValue === 'string' ? change.newValue : null;
    if (change.fieldName !== 'price' || !unitId || !newValue) {
      outcome.conflicts.push({
        id: change.id,
        reason: `одобряют только задержанные изменения цены, а это изменение поля «${String(change.fieldName)}»`,
      });
      continue;
    }
    const unit = snapshotUnit(await units.get(unitId));
    if (unit.status && settings.protectedStatuses.includes(unit.status)) {
      outcome.conflicts.push({
        id: change.id,
        reason: `помещение сейчас в статусе «${UNIT_STATUS_RU[unit.status as UnitStatus] ?? unit.status}»; его цена не меняется — отклоните изменение`,
      });
      continue;
    }
    const moved =
      unit.price === null || oldValue === null
        ? unit.price !== oldValue
        : !new Decimal(unit.price).eq(oldValue);
    if (moved) {
      outcome.conflicts.push({
        id: change.id,
        reason: `цена изменилась после импорта (была ${oldValue ?? '—'}, сейчас ${unit.price ?? '—'}); отклоните изменение и импортируйте файл снова`,
      });
      continue;
    }
    const money = (roubles: string) => ({ amountMicros: roublesToMicros(roubles), currencyCode: 'RUB' });
    // The replica learns the new price from the write's echo (webhook or sweep).
    await units.update(unitId, {
      price: money(newValue),
      ...(unit.totalArea
        ? {
            pricePerSqm: money(new Decimal(newValue).dividedBy(unit.totalArea).toDecimalPlaces(2).toString()),
          }
        : {}),
    });
    await ctx.records('unitChange').update(change.id, { status: 'APPLIED', approvedBy: opts.approver });
    outcome.approved.push(change.id);
  }
  ctx.log.info({ batchId, approver: opts.approver, ...counts(outcome) }, 'held price changes approved');
  return outcome;
}

export async function rejectPending(
  batchId: string,
  changeIds: readonly string[] | 'all',
  ctx: DataAccess,
  opts: ApprovalContext,
): Promise<ApprovalOutcome> {
  const outcome: ApprovalOutcome = { approved: [], rejected: [], conflicts: [] };
  for (const change of await pendingOf(batchId, changeIds, ctx, outcome)) {
    await ctx.records('unitChange').update(change.id, { status: 'REJECTED', approvedBy: opts.approver });
    outcome.rejected.push(change.id);
  }
  ctx.log.info({ batchId, approver: opts.approver, ...counts(outcome) }, 'held price changes rejected');
  return outcome;
}

const counts = (o: ApprovalOutcome) => ({
  approved: o.approved.length,
  rejected: o.rejected.length,
  conflicts: o.conflicts.length,
});
