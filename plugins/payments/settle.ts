/**
 * Books the money of what the auction engine decided: for every application whose deposit has a
 * fate (refund due or made, credited to the price, retained) one journal operation saying so, and
 * for every lot with a winner the sale contract — priced at the final price, with the credited
 * deposit and the amount still due — plus a reminder task that falls due before its deadline.
 * Idempotent: ids derive from the application / lot, and only differences are written.
 */
import { eq, type TwentyRecord } from '../../sdk/index';
import { type AuctionState, addDays, formatRub, ruDate } from '../auctions/index';
import { uuidV5 } from '../core/plugin/index';
import { allRecords, type MoneyIo, micros, rubValue } from './money-io';
import type { OperationKind } from './vocabulary';

export { paymentIdFor } from './bank-reference';
export type { OperationKind };

export const fateOperationId = (applicationId: string) => uuidV5(`payments:fate:${applicationId}`);
export const receivedOperationId = (paymentId: string) => uuidV5(`payments:received:${paymentId}`);
export const contractId = (lotId: string) => uuidV5(`payments:contract:${lotId}`);

const FATE: Record<string, OperationKind | undefined> = {
  REFUND_DUE: 'DEPOSIT_REFUNDED',
  REFUNDED: 'DEPOSIT_REFUNDED',
  CREDITED: 'DEPOSIT_CREDITED_TO_PRICE',
  RETAINED: 'DEPOSIT_RETAINED',
};

export const contractNumber = (auctionNumber: string, lotNumber: number) =>
  `ДКП-${auctionNumber}-${lotNumber}`;

const sameDay = (a: unknown, b: string | null) => (typeof a === 'string' ? a.slice(0, 10) : null) === b;

export interface PlannedOperation {
  id: string;
  auctionId: string;
  lotId: string;
  applicationId: string;
  kind: OperationKind;
  amount: { amountMicros: number | null; currencyCode: string };
  dueBy: string | null;
  settledAt: string | null;
}

/** The fate operation of each decided deposit of a state (what settleState writes). */
export function plannedFateOperations(state: AuctionState, at: string): PlannedOperation[] {
  return state.applications.flatMap((app) => {
    const kind = FATE[app.depositStatus];
    if (!kind || app.depositPaidMicros <= 0) return [];
    return [
      {
        id: fateOperationId(app.id),
        auctionId: state.id,
        lotId: app.lotId,
        applicationId: app.id,
        kind,
        amount: rubValue(app.depositPaidMicros),
        dueBy: kind === 'DEPOSIT_REFUNDED' ? app.refundDueBy : null,
        settledAt: app.depositStatus === 'REFUNDED' ? at : null,
      },
    ];
  });
}

/** The sale contract of each lot with a winner (what settleState writes). */
export function plannedContracts(state: AuctionState): Record<string, unknown>[] {
  return state.lots.flatMap((lot) => {
    if (!lot.winnerId || lot.finalMicros === null || !lot.contractDeadline) return [];
    const winner = state.applications.find((a) => a.id === lot.winnerId);
    if (!winner) return [];
    const status = lot.contractSignedAt ? 'SIGNED' : lot.winnerRefusedAt ? 'REFUSED' : 'AWAITING_SIGNATURE';
    const credited = status === 'REFUSED' ? 0 : winner.depositPaidMicros;
    return [
      {
        id: contractId(lot.id),
        unitId: lot.unitId,
        buyerId: winner.applicantId,
        lotId: lot.id,
        number: contractNumber(state.number, lot.number),
        plannedDate: lot.contractDeadline,
        signedAt: lot.contractSignedAt,
        price: rubValue(lot.finalMicros),
        depositCredited: rubValue(credited),
        amountDue: rubValue(status === 'REFUSED' ? 0 : lot.finalMicros - credited),
        status,
      },
    ];
  });
}

export interface SettleResult {
  operations: number;
  contracts: number;
}

export async function settleState(io: MoneyIo, state: AuctionState): Promise<SettleResult> {
  const at = io.now.toISOString();
  const ops = await allRecords(io.records('financialOperation'), { filter: eq('auctionId', state.id) });
  const byId = new Map(ops.map((o) => [o.id, o]));
  let operations = 0;
  for (const app of state.applications) {
    const kind = FATE[app.depositStatus];
    if (!kind || app.depositPaidMicros <= 0) continue;
    const id = fateOperationId(app.id);
    const existing = byId.get(id);
    const settledAt =
      app.depositStatus === 'REFUNDED' ? ((existing?.settledAt as string | null) ?? at) : null;
    const wanted = {
      auctionId: state.id,
      lotId: app.lotId,
      applicationId: app.id,
      kind,
      amount: rubValue(app.depositPaidMicros),
      dueBy: kind === 'DEPOSIT_REFUNDED' ? app.refundDueBy : null,
      settledAt,
    };
    if (
      existing &&
      existing.kind === kind &&
      micros(existing.amount) === app.depositPaidMicros &&
      sameDay(existing.dueBy, wanted.dueBy) &&
      Boolean(existing.settledAt) === Boolean(settledAt)
    )
      continue;
    await io.records('financialOperation').upsert({ id, ...wanted, at: existing?.at ?? at, by: io.by });
    operations++;
  }
  let contracts = 0;
  for (const lot of state.lots) {
    if (!lot.winnerId || lot.finalMicros === null || !lot.contractDeadline) continue;
    const winner = state.applications.find((a) => a.id === lot.winnerId);
    if (!winner) continue;
    const id = contractId(lot.id);
    let existing: TwentyRecord | undefined;
    try {
      existing = await io.records('saleContract').get(id);
    } catch (error) {
      if ((error as { status?: number }).status !== 404 && (error as Error).name !== 'TwentyNotFoundError')
        throw error;
      existing = undefined;
    }
    const status = lot.contractSignedAt ? 'SIGNED' : lot.winnerRefusedAt ? 'REFUSED' : 'AWAITING_SIGNATURE';
    const credited = winner.depositPaidMicros;
    const wanted = {
      unitId: lot.unitId,
      buyerId: winner.applicantId,
      lotId: lot.id,
      number: contractNumber(state.number, lot.number),
      plannedDate: lot.contractDeadline,
      signedAt: lot.contractSignedAt,
      price: rubValue(lot.finalMicros),
      depositCredited: rubValue(status === 'REFUSED' ? 0 : credited),
      amountDue: rubValue(status === 'REFUSED' ? 0 : lot.finalMicros - credited),
      status,
    };
    if (
      existing &&
      existing.status === status &&
      micros(existing.price) === lot.finalMicros &&
      sameDay(existing.plannedDate, lot.contractDeadline)
    )
      continue;
    await io.records('saleContract').upsert({ id, ...wanted });
    contracts++;
    if (status === 'AWAITING_SIGNATURE' && !existing) {
      const remindOn = addDays(
        lot.contractDeadline,
        -io.procedure.rules.reminderDaysBefore,
        'CALENDAR',
        io.procedure.rules.holidays,
      );
      await io.procedure.notify(
        state,
        `Подписать договор ${wanted.number} до ${ruDate(lot.contractDeadline)}`,
        `Победитель лота ${lot.number} аукциона ${state.number} должен подписать договор до ${ruDate(lot.contractDeadline)}. Цена ${formatRub(lot.finalMicros)}, задаток ${formatRub(credited)} зачтён, к оплате ${formatRub(lot.finalMicros - credited)}.`,
        { dueAt: `${remindOn}T09:00:00+03:00`, key: `contract-reminder:${lot.id}` },
      );
    }
  }
  return { operations, contracts };
}

export async function settleAuction(io: MoneyIo, auctionId: string): Promise<SettleResult> {
  return settleState(io, await io.procedure.load(auctionId));
}
