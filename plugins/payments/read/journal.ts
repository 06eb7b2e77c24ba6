/**
 * The financial-operations journal of one auction, from the read model: every operation, the
 * balance per lot (deposits received = refunded + credited + retained once the lot is closed),
 * and the refunds still due with their deadlines (late ones flagged). The auction's lots and
 * applications come from the auctions plugin's view of it; the queries read only payments' objects.
 */

import { type AuctionView, endOfMoscowDay } from '../../auctions/index';
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

export async function loadJournal(reader: ScopedReader, view: AuctionView, now: Date): Promise<Journal> {
  const auction = view.state;
  const ops = await reader.query(
    `select f.id::text as id, f.kind, f.amount_amount_micros::text as amount, f.at, f.due_by, f.settled_at, f.by,
            f.lot_id::text as lot_id, f.application_id::text as application_id, p.bank_reference
       from {financialOperation} f
       left join {payment} p on p.id = f.payment_id
      where f.auction_id = $1::uuid
      order by f.at, f.created_at`,
    [auction.id],
  );
  const lotNumber = new Map(auction.lots.map((l) => [l.id, l.number]));
  const applicant = new Map(auction.applications.map((a) => [a.id, a.applicantId]));
  const operations: JournalOperation[] = ops.map((o) => ({
    id: String(o.id),
    kind: String(o.kind),
    amountMicros: Number(o.amount ?? 0),
    at: iso(o.at),
    dueBy: day(o.due_by),
    settledAt: iso(o.settled_at),
    by: (o.by as string | null) ?? null,
    lotNumber: lotNumber.get(String(o.lot_id)) ?? null,
    applicationId: (o.application_id as string | null) ?? null,
    applicantId: applicant.get(String(o.application_id)) ?? null,
    bankReference: (o.bank_reference as string | null) ?? null,
  }));
  return journalOf(operations, auction.lots, now);
}

/**
 * The journal from its operations (pure): balances per lot — a closed lot balances when the
 * deposits received equal those refunded, credited and retained — refunds still due (late ones
 * flagged against `now`), and the totals.
 */
export function journalOf(
  operations: JournalOperation[],
  lots: readonly { id: string; number: number; status: string }[],
  now: Date,
): Journal {
  const sum = (kind: string, lotNumber?: number) =>
    operations
      .filter((o) => o.kind === kind && (lotNumber === undefined || o.lotNumber === lotNumber))
      .reduce((s, o) => s + o.amountMicros, 0);
  const balances: LotBalance[] = lots.map((l) => {
    const number = l.number;
    const received = sum('DEPOSIT_RECEIVED', number);
    const refunded = sum('DEPOSIT_REFUNDED', number);
    const credited = sum('DEPOSIT_CREDITED_TO_PRICE', number);
    const retained = sum('DEPOSIT_RETAINED', number);
    const closed = l.status !== 'ACTIVE';
    return {
      lotId: l.id,
      lotNumber: number,
      lotStatus: l.status,
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

export async function loadContracts(reader: ScopedReader, view: AuctionView): Promise<ContractRow[]> {
  const lotIds = view.state.lots.map((l) => l.id);
  if (lotIds.length === 0) return [];
  const rows = await reader.query(
    `select c.id::text as id, c.number, c.lot_id::text as lot_id, c.buyer_id::text as buyer_id, c.planned_date, c.signed_at,
            c.price_amount_micros::text as price, c.deposit_credited_amount_micros::text as credited,
            c.amount_due_amount_micros::text as due, c.status,
            coalesce((select sum(p.amount_amount_micros) from {payment} p where p.contract_id = c.id and p.purpose = 'PRICE'), 0)::text as paid
       from {saleContract} c
      where c.lot_id = any($1::uuid[]) order by c.number`,
    [lotIds],
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
