/**
 * Books the money of what the auction engine decided: for every application whose deposit has a
 * fate (refund due or made, credited to the price, retained) one journal operation saying so, and
 * for every lot with a winner the sale contract — priced at the final price, with the credited
 * deposit and the amount still due — plus a reminder task that falls due before its deadline.
 * Idempotent: ids derive from the application / lot, and only differences are written.
 */
import { eq, type TwentyRecord } from '../../sdk/index';
import {
  type AuctionState,
  addDays,
  all,
  type EngineIo,
  loadAuction,
  micros,
  notifyStaff,
  rubValue,
} from '../auctions/index';
import { uuidV5 } from '../core/plugin/index';

export type OperationKind =
  | 'DEPOSIT_RECEIVED'
  | 'DEPOSIT_REFUNDED'
  | 'DEPOSIT_CREDITED_TO_PRICE'
  | 'DEPOSIT_RETAINED'
  | 'PRICE_RECEIVED';

export const fateOperationId = (applicationId: string) => uuidV5(`payments:fate:${applicationId}`);
export const receivedOperationId = (paymentId: string) => uuidV5(`payments:received:${paymentId}`);
export const contractId = (lotId: string) => uuidV5(`payments:contract:${lotId}`);
export const paymentIdFor = (bankReference: string) =>
  uuidV5(`payments:payment:${bankReference.trim().toUpperCase()}`);

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

export async function settleState(io: EngineIo, state: AuctionState): Promise<SettleResult> {
  const at = io.now.toISOString();
  const ops = await all(io.data.records('financialOperation'), { filter: eq('auctionId', state.id) });
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
    await io.data.records('financialOperation').upsert({ id, ...wanted, at: existing?.at ?? at, by: io.by });
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
      existing = await io.data.records('saleContract').get(id);
    } catch {
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
    await io.data.records('saleContract').upsert({ id, ...wanted });
    contracts++;
    if (status === 'AWAITING_SIGNATURE' && !existing) {
      const remindOn = addDays(
        lot.contractDeadline,
        -io.rules.reminderDaysBefore,
        'CALENDAR',
        io.rules.holidays,
      );
      await notifyStaff(
        io,
        state,
        `Подписать договор ${wanted.number} до ${lot.contractDeadline.split('-').reverse().join('.')}`,
        `Победитель лота ${lot.number} аукциона ${state.number} должен подписать договор до ${lot.contractDeadline.split('-').reverse().join('.')}. Цена ${formatMicros(lot.finalMicros)}, задаток ${formatMicros(credited)} зачтён, к оплате ${formatMicros(lot.finalMicros - credited)}.`,
        { dueAt: `${remindOn}T09:00:00+03:00`, key: `contract-reminder:${lot.id}` },
      );
    }
  }
  return { operations, contracts };
}

export async function settleAuction(io: EngineIo, auctionId: string): Promise<SettleResult> {
  return settleState(io, await loadAuction(io, auctionId));
}

function formatMicros(value: number): string {
  const rub = Math.round(value / 10_000) / 100;
  return `${rub.toLocaleString('ru-RU', { minimumFractionDigits: 0, maximumFractionDigits: 2 })} ₽`;
}
