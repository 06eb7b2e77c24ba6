/**
 * The payment wizard's write: a deposit from a participant (counted into their application by
 * the auction rules, journalled as DEPOSIT_RECEIVED), a payment of the price under the winner's
 * contract (PRICE_RECEIVED), or another payment from a person.
 *
 * Recording is idempotent by the bank reference (create-or-resume): the payment record is written
 * first under an id derived from the normalised reference, then the deposit is counted and the
 * journal written — each step safe to repeat. A retry of the same payment after a failure at any
 * step finishes what is missing; the same reference with different content, or a payment already
 * recorded in full, is refused (409) naming the first payment. The reconcile job finishes payments
 * left without their journal operation by the same `completePayment`.
 */
import { z } from 'zod';
import { eq, type TwentyRecord } from '../../sdk/index';
import { type AuctionState, asRouteError, formatRub, parseRubText, ruDate } from '../auctions/index';
import { type RouteContext, RouteError } from '../core/plugin/index';
import { normalizeBankReference, paymentIdFor } from './bank-reference';
import { type MoneyIo, micros, routeMoneyIo, rubValue } from './money-io';
import { receivedOperationId, settleState } from './settle';
import { PAYMENT_PURPOSE_RU, type PaymentPurpose } from './vocabulary';

const uuid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'это не идентификатор записи');

export const paymentBody = z.object({
  purpose: z.enum(['DEPOSIT', 'PRICE', 'OTHER']),
  applicationId: uuid.optional(),
  contractId: uuid.optional(),
  payerId: uuid.optional(),
  amount: z.union([z.number(), z.string()]).transform((v, c) => {
    const m = parseRubText(String(v));
    if (m === undefined || m <= 0) {
      c.addIssue({ code: 'custom', message: `нужна положительная сумма в рублях, а не «${String(v)}»` });
      return z.NEVER;
    }
    return m;
  }),
  paidAt: z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'нужны дата и время оплаты'),
  bankReference: z
    .string()
    .trim()
    .min(3, 'укажите номер платёжного поручения')
    .max(100, 'номер платёжного поручения длиннее 100 знаков'),
  comment: z.string().max(500).optional(),
});
export type PaymentBody = z.infer<typeof paymentBody>;

function fail(status: number, code: string, message: string, field: string): never {
  throw new RouteError(status, code, message, { field });
}

/** A payment as recorded (the facts `completePayment` needs). */
export interface PaymentFacts {
  id: string;
  purpose: PaymentPurpose;
  amountMicros: number;
  paidAt: string;
  bankReference: string;
  payerId: string | null;
  lotId: string | null;
  applicationId: string | null;
  contractId: string | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

export function paymentFacts(r: TwentyRecord): PaymentFacts {
  const purpose = str(r.purpose);
  return {
    id: r.id,
    purpose: purpose === 'PRICE' || purpose === 'OTHER' ? purpose : 'DEPOSIT',
    amountMicros: micros(r.amount) ?? 0,
    paidAt: str(r.paidAt) ? new Date(String(r.paidAt)).toISOString() : '',
    bankReference: str(r.bankReference) ?? '',
    payerId: str(r.payerId),
    lotId: str(r.lotId),
    applicationId: str(r.applicationId),
    contractId: str(r.contractId),
  };
}

/** The payment recorded under `reference` (by its id, or by the stored reference in any case), if any. */
export async function findPayment(io: MoneyIo, reference: string): Promise<TwentyRecord | undefined> {
  const payments = io.records('payment');
  const byId = await payments.get(paymentIdFor(reference)).catch((error: unknown) => {
    if ((error as { status?: number }).status === 404 || (error as Error).name === 'TwentyNotFoundError')
      return undefined;
    throw error;
  });
  if (byId) return byId;
  const normalized = normalizeBankReference(reference);
  const listed = await payments.list({ filter: eq('bankReference', normalized), limit: 1 });
  if (listed.records[0]) return listed.records[0];
  // Recorded before the one normalisation (demo data, older wizard): the reference as typed.
  const typed = reference.trim();
  if (typed === normalized) return undefined;
  return (await payments.list({ filter: eq('bankReference', typed), limit: 1 })).records[0];
}

/** «ПП-1: 100 000,00 ₽ от 01.12.2026, задаток» — the first payment, as a refusal names it. */
function describe(p: PaymentFacts): string {
  return `«${p.bankReference}»: ${formatRub(p.amountMicros)} от ${p.paidAt ? ruDate(p.paidAt.slice(0, 10)) : '—'}, ${PAYMENT_PURPOSE_RU[p.purpose]?.toLowerCase() ?? p.purpose}`;
}

const samePayment = (a: PaymentFacts, b: PaymentFacts): boolean =>
  a.purpose === b.purpose &&
  a.amountMicros === b.amountMicros &&
  Date.parse(a.paidAt) === Date.parse(b.paidAt) &&
  a.applicationId === b.applicationId &&
  a.contractId === b.contractId &&
  a.payerId === b.payerId;

/** Whether every step of recording `p` is done (its journal operation exists; a deposit is counted). */
export async function isComplete(io: MoneyIo, p: PaymentFacts, state?: AuctionState): Promise<boolean> {
  if (p.purpose === 'OTHER') return true;
  const op = await io
    .records('financialOperation')
    .get(receivedOperationId(p.id))
    .catch(() => undefined);
  if (!op) return false;
  if (p.purpose !== 'DEPOSIT' || !state) return true;
  const app = state.applications.find((a) => a.id === p.applicationId);
  return Boolean(app?.depositPaymentIds.includes(p.id));
}

/**
 * The steps after the payment record, each safe to repeat: a deposit counted into its application
 * (the rules skip a payment already counted), the journal's operation, the auction's money settled.
 */
export async function completePayment(io: MoneyIo, auctionId: string, p: PaymentFacts): Promise<void> {
  if (p.purpose === 'OTHER') return;
  if (p.purpose === 'DEPOSIT') {
    if (!p.applicationId || !p.lotId) throw new Error(`payment ${p.id}: a deposit without its application`);
    const outcome = await io.procedure.run(auctionId, {
      type: 'recordDeposit',
      applicationId: p.applicationId,
      paymentId: p.id,
      amountMicros: p.amountMicros,
      paidAt: p.paidAt,
    });
    await io.records('financialOperation').upsert({
      id: receivedOperationId(p.id),
      auctionId,
      lotId: p.lotId,
      applicationId: p.applicationId,
      paymentId: p.id,
      kind: 'DEPOSIT_RECEIVED',
      amount: rubValue(p.amountMicros),
      at: p.paidAt,
      by: io.by,
    });
    await settleState(io, outcome.state);
    return;
  }
  await io.records('financialOperation').upsert({
    id: receivedOperationId(p.id),
    auctionId,
    lotId: p.lotId,
    paymentId: p.id,
    kind: 'PRICE_RECEIVED',
    amount: rubValue(p.amountMicros),
    at: p.paidAt,
    by: io.by,
  });
}

export interface RecordedPayment {
  id: string;
  /** True when an earlier attempt had recorded the payment and this one finished it. */
  resumed: boolean;
}

export async function recordPayment(
  ctx: RouteContext,
  auctionId: string,
  body: PaymentBody,
): Promise<RecordedPayment> {
  const io = routeMoneyIo(ctx);
  const reference = normalizeBankReference(body.bankReference);
  const paidAt = new Date(body.paidAt).toISOString();
  if (Date.parse(paidAt) > io.now.getTime() + 60_000)
    fail(
      400,
      'payments_paid_in_future',
      `дата оплаты ${ruDate(paidAt.slice(0, 10))} ещё не наступила`,
      'paidAt',
    );
  const state = await io.procedure.load(auctionId).catch((e: unknown) => {
    throw asRouteError(e);
  });
  const wanted = await describeRequest(ctx, io, state, body, reference, paidAt);
  const existing = await findPayment(io, reference);
  if (existing) {
    const first = paymentFacts(existing);
    const complete = await isComplete(io, first, state);
    if (!samePayment(first, { ...wanted, id: first.id }) || complete)
      fail(
        409,
        'payments_duplicate_reference',
        `платёжное поручение ${describe(first)} уже записано${complete && samePayment(first, { ...wanted, id: first.id }) ? '' : ' с другими данными'}: платёж записывается один раз`,
        'bankReference',
      );
    await completePayment(io, auctionId, first).catch((e: unknown) => {
      throw asRouteError(e);
    });
    return { id: first.id, resumed: true };
  }
  const refusal = await checkRequest(io, state, wanted);
  if (refusal) throw refusal;
  await io.records('payment').create({
    id: wanted.id,
    amount: rubValue(wanted.amountMicros),
    purpose: wanted.purpose,
    paidAt,
    bankReference: reference,
    comment: body.comment ?? null,
    payerId: wanted.payerId,
    lotId: wanted.lotId,
    applicationId: wanted.applicationId,
    contractId: wanted.contractId,
  });
  await completePayment(io, auctionId, wanted).catch((e: unknown) => {
    throw asRouteError(e);
  });
  return { id: wanted.id, resumed: false };
}

/** The payment the request describes (its targets checked to exist), not yet judged by the rules. */
async function describeRequest(
  ctx: RouteContext,
  io: MoneyIo,
  state: AuctionState,
  body: PaymentBody,
  reference: string,
  paidAt: string,
): Promise<PaymentFacts> {
  const base = {
    id: paymentIdFor(reference),
    purpose: body.purpose,
    amountMicros: body.amount,
    paidAt,
    bankReference: reference,
  };
  if (body.purpose === 'DEPOSIT') {
    if (!body.applicationId)
      fail(
        400,
        'payments_participant_required',
        'задаток вносит участник: выберите его заявку',
        'applicationId',
      );
    const app = state.applications.find((a) => a.id === body.applicationId);
    if (!app)
      fail(
        400,
        'payments_participant_unknown',
        `в аукционе ${state.number} нет такого участника`,
        'applicationId',
      );
    return {
      ...base,
      payerId: app.applicantId,
      lotId: app.lotId,
      applicationId: app.id,
      contractId: null,
    };
  }
  if (body.purpose === 'PRICE') {
    if (!body.contractId)
      fail(400, 'payments_contract_required', 'оплата цены идёт по договору: выберите договор', 'contractId');
    const contract = await io
      .records('saleContract')
      .get(body.contractId)
      .catch(() => undefined);
    const lot = contract ? state.lots.find((l) => l.id === contract.lotId) : undefined;
    if (!contract || !lot)
      fail(400, 'payments_contract_unknown', `в аукционе ${state.number} нет такого договора`, 'contractId');
    return {
      ...base,
      payerId: str(contract.buyerId),
      lotId: lot.id,
      applicationId: null,
      contractId: contract.id,
    };
  }
  if (!body.payerId) fail(400, 'payments_payer_required', 'укажите плательщика', 'payerId');
  const payer = await ctx.writer
    .records('person')
    .get(body.payerId)
    .catch(() => undefined);
  if (!payer) fail(400, 'payments_participant_unknown', 'такого плательщика нет в Twenty', 'payerId');
  return { ...base, payerId: payer.id, lotId: null, applicationId: null, contractId: null };
}

/** Why the rules refuse a new payment (nothing is written then), or undefined. */
async function checkRequest(
  io: MoneyIo,
  state: AuctionState,
  p: PaymentFacts,
): Promise<RouteError | undefined> {
  if (p.purpose === 'DEPOSIT' && p.applicationId) {
    const refusal = io.procedure.refusal(state, {
      type: 'recordDeposit',
      applicationId: p.applicationId,
      paymentId: p.id,
      amountMicros: p.amountMicros,
      paidAt: p.paidAt,
    });
    return refusal ? (asRouteError(refusal) as RouteError) : undefined;
  }
  if (p.purpose === 'PRICE' && p.contractId) {
    const contract = await io.records('saleContract').get(p.contractId);
    const number = String(contract.number ?? '');
    if (contract.status === 'REFUSED' || contract.status === 'CANCELLED')
      return new RouteError(
        409,
        'payments_contract_closed',
        `договор ${number} ${contract.status === 'REFUSED' ? 'расторгнут: покупатель отказался' : 'отменён'}; платежи по нему не принимаются`,
        { field: 'contractId' },
      );
    const paid = (
      await io.records('payment').list({ filter: eq('contractId', p.contractId), limit: 200 })
    ).records.reduce((s, x) => s + (x.purpose === 'PRICE' && x.id !== p.id ? (micros(x.amount) ?? 0) : 0), 0);
    const due = (micros(contract.amountDue) ?? 0) - paid;
    if (p.amountMicros > due)
      return new RouteError(
        400,
        'payments_exceeds_due',
        `по договору ${number} осталось оплатить ${formatRub(Math.max(0, due))}, а не ${formatRub(p.amountMicros)}`,
        { field: 'amount' },
      );
  }
  return undefined;
}
