/**
 * One auction from the read model, through the caller's scoped reader: the rules' AuctionState
 * (so pages compute deadlines with the same code as the engine) plus what people read — each
 * lot's unit and place, the stage protocol, the platform.
 */
import type { ScopedReader } from '../../core/access/index';
import type { AuctionStatus } from '../rules/auction-state';
import type { Admission, AuctionState, DepositStatus, LotStatus } from '../rules/auction-types';

const iso = (v: unknown): string | null =>
  v instanceof Date ? v.toISOString() : typeof v === 'string' && v ? new Date(v).toISOString() : null;
const day = (v: unknown): string | null =>
  v instanceof Date ? v.toISOString().slice(0, 10) : typeof v === 'string' && v ? v.slice(0, 10) : null;
const n = (v: unknown): number | null => (v === null || v === undefined || v === '' ? null : Number(v));
const s = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

export interface LotPlace {
  lotId: string;
  unitNumber: string | null;
  building: string | null;
  complex: string | null;
  address: string | null;
  area: number | null;
  rooms: number | null;
  floor: number | null;
}

export interface StageRow {
  stage: string;
  summary: string | null;
  at: string | null;
  by: string | null;
}

export interface AuctionView {
  state: AuctionState;
  platform: string | null;
  procedureNumber: string | null;
  validationIssue: string | null;
  places: Map<string, LotPlace>;
  stages: StageRow[];
}

export async function loadAuctionView(
  reader: ScopedReader,
  auctionId: string,
): Promise<AuctionView | undefined> {
  const [auctions, lots, apps, bids, stages] = await Promise.all([
    reader.query(`select * from {auction} a where a.id = $1::uuid`, [auctionId]),
    reader.query(
      `select l.*, u.number as unit_number, u.total_area, u.rooms, u.floor,
              coalesce(b.number, b.name) as building_label, c.name as complex_name,
              concat_ws(', ', b.location_address_city, b.location_address_street1) as address
         from {auctionLot} l
         left join {unit} u on u.id = l.unit_id
         left join {building} b on b.id = u.building_id
         left join {residentialComplex} c on c.id = b.complex_id
        where l.auction_id = $1::uuid order by l.number`,
      [auctionId],
    ),
    reader.query(
      `select p.* from {auctionApplication} p join {auctionLot} l on l.id = p.lot_id where l.auction_id = $1::uuid order by p.submitted_at`,
      [auctionId],
    ),
    reader.query(
      `select b.* from {auctionBid} b join {auctionLot} l on l.id = b.lot_id where l.auction_id = $1::uuid order by b.placed_at`,
      [auctionId],
    ),
    reader.query(
      `select stage, summary, at, by from {auctionStageResult} r where r.auction_id = $1::uuid order by at, created_at`,
      [auctionId],
    ),
  ]);
  const a = auctions[0];
  if (!a) return undefined;
  const state: AuctionState = {
    id: String(a.id),
    number: s(a.number) ?? String(a.id).slice(0, 8),
    status: (s(a.status) ?? 'DRAFT') as AuctionStatus,
    announcedAt: iso(a.announced_at),
    applicationStart: iso(a.application_start) ?? '',
    applicationEnd: iso(a.application_end) ?? '',
    admissionDeadline: iso(a.admission_deadline),
    admissionCompletedAt: iso(a.admission_completed_at),
    biddingStart: iso(a.bidding_start) ?? '',
    biddingEnd: iso(a.bidding_end) ?? '',
    resultsAt: iso(a.results_at),
    depositPercent: n(a.deposit_percent),
    stepPercent: n(a.step_percent),
    contractDeadlineDays: n(a.contract_deadline_days),
    terminationReason: s(a.termination_reason),
    failureReason: s(a.failure_reason),
    lots: lots.map((l) => ({
      id: String(l.id),
      number: n(l.number) ?? 0,
      unitId: s(l.unit_id) ?? String(l.unit_id ?? ''),
      startMicros: n(l.start_price_amount_micros) ?? 0,
      depositMicros: n(l.deposit_amount_amount_micros) ?? 0,
      stepMicros: n(l.step_amount_amount_micros) ?? 0,
      status: (s(l.status) ?? 'ACTIVE') as LotStatus,
      winnerId: l.winner_id ? String(l.winner_id) : null,
      finalMicros: n(l.final_price_amount_micros),
      contractDeadline: day(l.contract_deadline),
      winnerRefusedAt: iso(l.winner_refused_at),
      contractSignedAt: iso(l.contract_signed_at),
    })),
    applications: apps.map((p) => ({
      id: String(p.id),
      lotId: String(p.lot_id ?? ''),
      applicantId: p.applicant_id ? String(p.applicant_id) : null,
      submittedAt: iso(p.submitted_at) ?? '',
      depositPaidMicros: n(p.deposit_paid_amount_micros) ?? 0,
      depositPaymentIds: Array.isArray(p.deposit_payment_refs) ? (p.deposit_payment_refs as string[]) : [],
      depositPaidAt: iso(p.deposit_paid_at),
      depositStatus: (s(p.deposit_status) ?? 'AWAITED') as DepositStatus,
      admission: (s(p.admission) ?? 'PENDING') as Admission,
      rejectionReason: s(p.rejection_reason),
      refundDueBy: day(p.refund_due_by),
    })),
    bids: bids.map((b) => ({
      id: String(b.id),
      lotId: String(b.lot_id ?? ''),
      applicationId: String(b.application_id ?? ''),
      amountMicros: n(b.amount_amount_micros) ?? 0,
      placedAt: iso(b.placed_at) ?? '',
      source: s(b.source) === 'IMPORT' ? ('IMPORT' as const) : ('MANUAL' as const),
    })),
  };
  const places = new Map<string, LotPlace>(
    lots.map((l) => [
      String(l.id),
      {
        lotId: String(l.id),
        unitNumber: s(l.unit_number),
        building: s(l.building_label),
        complex: s(l.complex_name),
        address: s(l.address),
        area: n(l.total_area),
        rooms: n(l.rooms),
        floor: n(l.floor),
      },
    ]),
  );
  return {
    state,
    platform: s(a.platform),
    procedureNumber: s(a.procedure_number),
    validationIssue: s(a.validation_issue),
    places,
    stages: stages.map((r) => ({
      stage: String(r.stage),
      summary: s(r.summary),
      at: iso(r.at),
      by: s(r.by),
    })),
  };
}
