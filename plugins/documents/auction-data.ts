/**
 * What the auction documents need, through published views: an auction with its lots (and
 * their units), participants and bids for the results protocol; a deposit refund with its
 * applicant, auction, lot and the deposit's payments for the refund statement.
 */
import { loadPeople, loadUnit, type PersonData, s, type UnitData } from './record-data';
import type { ViewQuery } from './view-query';

export interface LotData {
  id: string;
  number: string | null;
  status: string | null;
  startPriceMicros: string | null;
  finalPriceMicros: string | null;
  winnerApplicationId: string | null;
  unit: UnitData | null;
}

export interface ApplicationData {
  id: string;
  lotId: string | null;
  applicant: PersonData | null;
  admission: string | null;
  depositPaidMicros: string | null;
  submittedAt: string | null;
}

export interface BidData {
  lotId: string | null;
  applicationId: string | null;
  amountMicros: string | null;
  placedAt: string | null;
}

export interface AuctionData {
  id: string;
  number: string | null;
  status: string | null;
  procedureNumber: string | null;
  platform: string | null;
  biddingStart: string | null;
  biddingEnd: string | null;
  resultsAt: string | null;
  failureReason: string | null;
  lots: LotData[];
  applications: ApplicationData[];
  bids: BidData[];
}

export async function loadAuction(q: ViewQuery, auctionId: string): Promise<AuctionData | undefined> {
  const [a] = await q(
    `select a.id::text as id, a.number, a.status, a.procedure_number, a.platform,
            a.bidding_start::text as bidding_start, a.bidding_end::text as bidding_end,
            a.results_at::text as results_at, a.failure_reason
       from {auction} a where a.id = $1::uuid`,
    [auctionId],
  );
  if (!a) return undefined;
  const lots = await q(
    `select l.id::text as id, l.number::text as number, l.status, l.start_price_amount_micros::text as start,
            l.final_price_amount_micros::text as final, l.winner_id::text as winner, l.unit_id::text as unit_id
       from {auctionLot} l where l.auction_id = $1::uuid order by l.number nulls last, l.id`,
    [auctionId],
  );
  const apps = await q(
    `select p.id::text as id, p.lot_id::text as lot_id, p.applicant_id::text as applicant_id, p.admission,
            p.deposit_paid_amount_micros::text as deposit, p.submitted_at::text as submitted_at
       from {auctionApplication} p join {auctionLot} l on l.id = p.lot_id
      where l.auction_id = $1::uuid order by p.submitted_at nulls last, p.id`,
    [auctionId],
  );
  const bids = await q(
    `select b.lot_id::text as lot_id, b.application_id::text as application_id,
            b.amount_amount_micros::text as amount, b.placed_at::text as placed_at
       from {auctionBid} b join {auctionLot} l on l.id = b.lot_id
      where l.auction_id = $1::uuid order by b.placed_at nulls last, b.amount_amount_micros`,
    [auctionId],
  );
  const people = await loadPeople(
    q,
    apps.map((p) => s(p.applicant_id)),
  );
  const units = new Map<string, UnitData>();
  for (const l of lots) {
    const id = s(l.unit_id);
    if (id && !units.has(id)) {
      const u = await loadUnit(q, id);
      if (u) units.set(id, u);
    }
  }
  return {
    id: String(a.id),
    number: s(a.number),
    status: s(a.status),
    procedureNumber: s(a.procedure_number),
    platform: s(a.platform),
    biddingStart: s(a.bidding_start),
    biddingEnd: s(a.bidding_end),
    resultsAt: s(a.results_at),
    failureReason: s(a.failure_reason),
    lots: lots.map((l) => ({
      id: String(l.id),
      number: s(l.number),
      status: s(l.status),
      startPriceMicros: s(l.start),
      finalPriceMicros: s(l.final),
      winnerApplicationId: s(l.winner),
      unit: (s(l.unit_id) && units.get(String(l.unit_id))) || null,
    })),
    applications: apps.map((p) => ({
      id: String(p.id),
      lotId: s(p.lot_id),
      applicant: people.get(String(p.applicant_id)) ?? null,
      admission: s(p.admission),
      depositPaidMicros: s(p.deposit),
      submittedAt: s(p.submitted_at),
    })),
    bids: bids.map((b) => ({
      lotId: s(b.lot_id),
      applicationId: s(b.application_id),
      amountMicros: s(b.amount),
      placedAt: s(b.placed_at),
    })),
  };
}

export interface RefundData {
  id: string;
  kind: string | null;
  amountMicros: string | null;
  dueBy: string | null;
  settledAt: string | null;
  at: string | null;
  bankReference: string | null;
  paidAt: string | null;
  auctionNumber: string | null;
  procedureNumber: string | null;
  lotNumber: string | null;
  applicant: PersonData | null;
  unit: UnitData | null;
}

export async function loadRefund(q: ViewQuery, operationId: string): Promise<RefundData | undefined> {
  const [r] = await q(
    `select o.id::text as id, o.kind, o.amount_amount_micros::text as amount, o.due_by::text as due_by,
            o.settled_at::text as settled_at, o.at::text as at,
            coalesce(pay.bank_reference, deposits.refs) as bank_reference,
            coalesce(pay.paid_at, deposits.paid_at)::text as paid_at,
            a.number as auction_number, a.procedure_number, l.number::text as lot_number, l.unit_id::text as unit_id,
            app.applicant_id::text as applicant_id
       from {financialOperation} o
       left join {payment} pay on pay.id = o.payment_id
       left join {auction} a on a.id = o.auction_id
       left join {auctionLot} l on l.id = o.lot_id
       left join {auctionApplication} app on app.id = o.application_id
       left join lateral (
         select string_agg(d.bank_reference, ', ' order by d.paid_at) as refs, max(d.paid_at) as paid_at
           from {payment} d where d.application_id = o.application_id and d.purpose = 'DEPOSIT'
       ) deposits on true
      where o.id = $1::uuid`,
    [operationId],
  );
  if (!r) return undefined;
  const applicant = (await loadPeople(q, [s(r.applicant_id)])).get(String(r.applicant_id)) ?? null;
  const unit = r.unit_id ? ((await loadUnit(q, String(r.unit_id))) ?? null) : null;
  return {
    id: String(r.id),
    kind: s(r.kind),
    amountMicros: s(r.amount),
    dueBy: s(r.due_by),
    settledAt: s(r.settled_at),
    at: s(r.at),
    bankReference: s(r.bank_reference),
    paidAt: s(r.paid_at),
    auctionNumber: s(r.auction_number),
    procedureNumber: s(r.procedure_number),
    lotNumber: s(r.lot_number),
    applicant,
    unit,
  };
}
