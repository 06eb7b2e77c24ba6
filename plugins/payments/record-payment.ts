/**
 * The payment wizard's write: a deposit from a participant (counted into their application by
 * the auction rules, journalled as DEPOSIT_RECEIVED), a payment of the price under the winner's
 * contract (PRICE_RECEIVED), or another payment from a person. Every check runs before anything
 * is written: an unknown participant, a bank reference already recorded, a deposit the auction
 * no longer takes or that exceeds what is due are refused with the field named.
 */
import { z } from 'zod';
import { eq } from '../../sdk/index';
import {
  AuctionRuleError,
  applyCommand,
  asRouteError,
  formatRub,
  loadAuction,
  micros,
  parseRubText,
  routeIo,
  rubValue,
  runCommand,
} from '../auctions/index';
import { type RouteContext, RouteError } from '../core/plugin/index';
import { paymentIdFor, receivedOperationId, settleState } from './settle';

const uuid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'is not a record id (uuid)');

export const paymentBody = z.object({
  purpose: z.enum(['DEPOSIT', 'PRICE', 'OTHER']),
  applicationId: uuid.optional(),
  contractId: uuid.optional(),
  payerId: uuid.optional(),
  amount: z.union([z.number(), z.string()]).transform((v, c) => {
    const m = parseRubText(String(v));
    if (m === undefined || m <= 0) {
      c.addIssue({ code: 'custom', message: `expected a positive amount in roubles, got «${String(v)}»` });
      return z.NEVER;
    }
    return m;
  }),
  paidAt: z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'expected a date and time'),
  bankReference: z
    .string()
    .trim()
    .min(3, 'the bank reference (номер платёжного поручения) is required')
    .max(100),
  comment: z.string().max(500).optional(),
});
export type PaymentBody = z.infer<typeof paymentBody>;

function fail(status: number, code: string, message: string, field: string): never {
  throw new RouteError(status, code, message, { field });
}

export async function recordPayment(
  ctx: RouteContext,
  auctionId: string,
  body: PaymentBody,
): Promise<{ id: string }> {
  const io = routeIo(ctx);
  const reference = body.bankReference.trim();
  const paidAt = new Date(body.paidAt).toISOString();
  if (Date.parse(paidAt) > io.now.getTime() + 60_000)
    fail(400, 'payments_paid_in_future', `paid at ${paidAt} is in the future`, 'paidAt');
  const payments = ctx.writer.records('payment');
  const dup = await payments.list({ filter: eq('bankReference', reference), limit: 1 });
  const existing = dup.records[0];
  if (existing)
    fail(
      409,
      'payments_duplicate_reference',
      `bank reference «${reference}» is already recorded (${formatRub(micros(existing.amount) ?? 0)}, ${String(
        existing.paidAt ?? '',
      )
        .slice(0, 10)
        .split('-')
        .reverse()
        .join('.')}): a payment is recorded once`,
      'bankReference',
    );
  const state = await loadAuction(io, auctionId).catch((e: unknown) => {
    throw asRouteError(e);
  });
  const id = paymentIdFor(reference);
  const base = {
    id,
    amount: rubValue(body.amount),
    purpose: body.purpose,
    paidAt,
    bankReference: reference,
    comment: body.comment ?? null,
  };

  if (body.purpose === 'DEPOSIT') {
    if (!body.applicationId)
      fail(
        400,
        'payments_participant_required',
        'a deposit names the participant (applicationId)',
        'applicationId',
      );
    const app = state.applications.find((a) => a.id === body.applicationId);
    if (!app)
      fail(
        400,
        'payments_participant_unknown',
        `no participant ${body.applicationId} in auction ${state.number}`,
        'applicationId',
      );
    const command = {
      type: 'recordDeposit' as const,
      applicationId: app.id,
      paymentId: id,
      amountMicros: body.amount,
      paidAt,
    };
    const check = applyCommand(state, command, { now: io.now, rules: io.rules, units: new Map(), by: io.by });
    if (!check.ok) throw asRouteError(new AuctionRuleError(check.code, check.message, check.field));
    await payments.create({ ...base, payerId: app.applicantId, lotId: app.lotId, applicationId: app.id });
    const outcome = await runCommand(io, auctionId, command).catch((e: unknown) => {
      throw asRouteError(e);
    });
    await ctx.writer.records('financialOperation').upsert({
      id: receivedOperationId(id),
      auctionId,
      lotId: app.lotId,
      applicationId: app.id,
      paymentId: id,
      kind: 'DEPOSIT_RECEIVED',
      amount: rubValue(body.amount),
      at: paidAt,
      by: io.by,
    });
    await settleState(io, outcome.state);
    return { id };
  }

  if (body.purpose === 'PRICE') {
    if (!body.contractId)
      fail(
        400,
        'payments_contract_required',
        'a payment of the price names the contract (contractId)',
        'contractId',
      );
    const contract = await ctx.writer
      .records('saleContract')
      .get(body.contractId)
      .catch(() => undefined);
    const lot = contract ? state.lots.find((l) => l.id === contract.lotId) : undefined;
    if (!contract || !lot)
      fail(
        400,
        'payments_contract_unknown',
        `no contract ${body.contractId} in auction ${state.number}`,
        'contractId',
      );
    if (contract.status === 'REFUSED' || contract.status === 'CANCELLED')
      fail(
        409,
        'payments_contract_closed',
        `contract ${String(contract.number)} is ${String(contract.status)}: it takes no payments`,
        'contractId',
      );
    const paid = (
      await ctx.writer.records('payment').list({ filter: eq('contractId', contract.id), limit: 200 })
    ).records.reduce((s, p) => s + (p.purpose === 'PRICE' ? (micros(p.amount) ?? 0) : 0), 0);
    const due = (micros(contract.amountDue) ?? 0) - paid;
    if (body.amount > due)
      fail(
        400,
        'payments_exceeds_due',
        `contract ${String(contract.number)}: ${formatRub(Math.max(0, due))} remains due, not ${formatRub(body.amount)}`,
        'amount',
      );
    await payments.create({
      ...base,
      payerId: (contract.buyerId as string | null) ?? null,
      lotId: lot.id,
      contractId: contract.id,
    });
    await ctx.writer.records('financialOperation').upsert({
      id: receivedOperationId(id),
      auctionId,
      lotId: lot.id,
      paymentId: id,
      kind: 'PRICE_RECEIVED',
      amount: rubValue(body.amount),
      at: paidAt,
      by: io.by,
    });
    return { id };
  }

  if (!body.payerId) fail(400, 'payments_payer_required', 'name the payer (payerId)', 'payerId');
  const payer = await ctx.writer
    .records('person')
    .get(body.payerId)
    .catch(() => undefined);
  if (!payer) fail(400, 'payments_participant_unknown', `no person ${body.payerId} in Twenty`, 'payerId');
  await payments.create({ ...base, payerId: payer.id });
  return { id };
}
