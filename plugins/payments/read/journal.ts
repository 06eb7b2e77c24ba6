/**
 * The financial-operations journal of one auction, from the read model: every operation, the
 * balance per lot (deposits received = refunded + credited + retained once the lot is closed),
 * and the refunds still due with their deadlines (late ones flagged).
 */

import { endOfMoscowDay } from '../../auctions/index';
import type { ScopedReader } from '../../core/access/index';

export interface JournalOperation {
  id: string;
  kind: string;
  amountMicros: number;
  at: string | null;
  dueBy: string | null;
  settledAt: string | null;
  by: string | null;
  lotNumber: number | null;
  applicationId: string | null;
  applicantId: string | null;
  bankReference: string | null;
}

export interface LotBalance {
  lotId: string;
  lotNumber: number;
  lotStatus: string;
  received: number;
  refunded: number;
  credited: number;
  retained: number;
  /** Closed lots only: received = refunded + credited + retained. */
  balanced: boolean | null;
}

export interface RefundDue {
  applicationId: string;
  applicantId: string | null;
  lotNumber: number | null;
  amountMicros: number;
  dueBy: string;
  late: boolean;
}

export interface Journal {
  operations: JournalOperation[];
  lots: LotBalance[];
  refundsDue: RefundDue[];
  totals: { received: number; refunded: number; credited: number; retained: number; price: number };
}

const iso = (v: unknown): string | null =>
  v instanceof Date ? v.toISOString() : typeof v === 'string' && v ? v : null;
const day = (v: unknown): string | null =>
  v instanceof Date ? v.toISOString().slice(0, 10) : typeof v === 'string' && v ? v.slice(0, 10) : null;

export async function loadJournal(reader: ScopedReader, auctionId: string, now: Date): Promise<Journal> {
  const [ops, lots] = await Promise.all([
    reader.query(
      `select f.id::text as id, f.kind, f.amount_amount_micros::text as amount, f.at, f.due_by, f.settled_at, f.by,
              l.number as lot_number, f.application_id::text as application_id, ap.applicant_id::text as applicant_id,
              p.bank_reference
         from {financialOperation} f
         left join {auctionLot} l on l.id = f.lot_id
         left join {auctionApplication} ap on ap.id = f.application_id
         left join {payment} p on p.id = f.payment_id
        where f.auction_id = $1::uuid
        order by f.at, f.created_at`,
      [auctionId],
    ),
    reader.query(
      `select l.id::text as id, l.number, l.status from {auctionLot} l where l.auction_id = $1::uuid order by l.number`,
      [auctionId],
    ),
  ]);
  const operations: JournalOperation[] = ops.map((o) => ({
    id: String(o.id),
    kind: String(o.kind),
    amountMicros: Number(o.amount ?? 0),
    at: iso(o.at),
    dueBy: day(o.due_by),
    settledAt: iso(o.settled_at),
    by: (o.by as string | null) ?? null,
    lotNumber: o.lot_number === null || o.lot_number === undefined ? null : Number(o.lot_number),
    applicationId: (o.application_id as string | null) ?? null,
    applicantId: (o.applicant_id as string | null) ?? null,
    bankReference: (o.bank_reference as string | null) ?? null,
  }));
  const sum = (kind: string, lotNumber?: number) =>
    operations
      .filter((o) => o.kind === kind && (lotNumber === undefined || o.lotNumber === lotNumber))
      .reduce((s, o) => s + o.amountMicros, 0);
  const balances: LotBalance[] = lots.map((l) => {
    const number = Number(l.number);
    const received = sum('DEPOSIT_RECEIVED', number);
    const refunded = sum('DEPOSIT_REFUNDED', number);
    const credited = sum('DEPOSIT_CREDITED_TO_PRICE', number);
    const retained = sum('DEPOSIT_RETAINED', number);
    const closed = String(l.status) !== 'ACTIVE';
    return {
      lotId: String(l.id),
      lotNumber: number,
      lotStatus: String(l.status),
      received,
      refunded,
      credited,
      retained,
      balanced: closed ? received === refunded + credited + retained : null,
    };
  });
  const refundsDue: RefundDue[] = operations
    .filter((o) => o.kind === 'DEPOSIT_REFUNDED' && !o.settledAt && o.dueBy && o.applicationId)
    .map((o) => ({
      applicationId: o.applicationId as string,
      applicantId: o.applicantId,
      lotNumber: o.lotNumber,
      amountMicros: o.amountMicros,
      dueBy: o.dueBy as string,
      late: endOfMoscowDay(o.dueBy as string).getTime() < now.getTime(),
    }))
    .sort((a, b) => a.dueBy.localeCompare(b.dueBy));
  return {
    operations,
    lots: balances,
    refundsDue,
    totals: {
      received: sum('DEPOSIT_RECEIVED'),
      refunded: sum('DEPOSIT_REFUNDED'),
      credited: sum('DEPOSIT_CREDITED_TO_PRICE'),
      retained: sum('DEPOSIT_RETAINED'),
      price: sum('PRICE_RECEIVED'),
    },
  };
}

export interface ContractRow {
  id: string;
  number: string | null;
  lotId: string | null;
  buyerId: string | null;
  plannedDate: string | null;
  signedAt: string | null;
  priceMicros: number | null;
  creditedMicros: number | null;
  dueMicros: number | null;
  status: string | null;
  paidMicros: number;
}

export async function loadContracts(reader: ScopedReader, auctionId: string): Promise<ContractRow[]> {
  const rows = await reader.query(
    `select c.id::text as id, c.number, c.lot_id::text as lot_id, c.buyer_id::text as buyer_id, c.planned_date, c.signed_at,
            c.price_amount_micros::text as price, c.deposit_credited_amount_micros::text as credited,
            c.amount_due_amount_micros::text as due, c.status,
            coalesce((select sum(p.amount_amount_micros) from {payment} p where p.contract_id = c.id and p.purpose = 'PRICE'), 0)::text as paid
       from {saleContract} c join {auctionLot} l on l.id = c.lot_id
      where l.auction_id = $1::uuid order by c.number`,
    [auctionId],
  );
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return rows.map((r) => ({
    id: String(r.id),
    number: (r.number as string | null) ?? null,
    lotId: (r.lot_id as string | null) ?? null,
    buyerId: (r.buyer_id as string | null) ?? null,
    plannedDate: day(r.planned_date),
    signedAt: iso(r.signed_at),
    priceMicros: num(r.price),
    creditedMicros: num(r.credited),
    dueMicros: num(r.due),
    status: (r.status as string | null) ?? null,
    paidMicros: Number(r.paid ?? 0),
  }));
}
