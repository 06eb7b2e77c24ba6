/**
 * Documents made where the event happens (events between plugins): a sale contract created or
 * changed → the sale contract (the mortgage variant when it has credit funds); an auction whose
 * results are fixed (COMPLETED or FAILED) → the results protocol; a deposit refund booked by
 * payments → the refund statement. Each is kept as a new version only when its substituted values
 * changed (the hash decides), then attached to the Twenty record (the demo's by the attach job
 * within a minute). The project acts for itself here: the published views are read through the
 * documents' system view query.
 */
import { on, type PluginContext } from '../core/plugin/index';
import { attachVersion, systemStorage } from './attach';
import { produceDocument } from './generate';
import { systemViewQuery } from './view-query';
import { REFUND_KIND, RESULTS_FIXED_STATUSES, type TemplateName } from './vocabulary';

type Rec = Record<string, unknown>;

const micros = (v: unknown): number => {
  const n = Number((v as { amountMicros?: unknown } | null | undefined)?.amountMicros ?? 0);
  return Number.isFinite(n) ? n : 0;
};

/** The contract's template: with a loan amount or a bank it is the mortgage variant. */
export function contractTemplate(record: Rec): TemplateName {
  return micros(record.mortgageLoan) > 0 ||
    (typeof record.mortgageBank === 'string' && record.mortgageBank.trim() !== '')
    ? 'mortgage-sale-contract'
    : 'sale-contract';
}

export async function generateFor(
  ctx: PluginContext,
  template: TemplateName,
  recordId: string,
  reason: string,
) {
  const produced = await produceDocument(template, recordId, {
    query: systemViewQuery(ctx),
    storage: systemStorage(ctx),
    by: `documents (${reason})`,
  });
  if (produced.created) {
    ctx.log.info(
      { template, recordId, version: produced.version.version, missing: produced.document.missing.length },
      'documents: kept a new version',
    );
    // The demo's documents (made on a seed's records) are attached by the minute job: the first
    // start does not wait on a dozen uploads at Twenty's 100 requests a minute.
    if (ctx.writtenBy?.kind !== 'seed') await attachVersion(ctx, produced.version.id);
  }
  return produced;
}

const onContract = async (event: { record: Rec }, ctx: PluginContext) => {
  if (typeof event.record.id !== 'string') return;
  await generateFor(ctx, contractTemplate(event.record), event.record.id, 'договор создан или изменён');
};

const onAuction = async (event: { record: Rec }, ctx: PluginContext) => {
  const status = event.record.status;
  if (
    typeof event.record.id !== 'string' ||
    typeof status !== 'string' ||
    !RESULTS_FIXED_STATUSES.includes(status)
  )
    return;
  await generateFor(ctx, 'auction-protocol', event.record.id, 'итоги торгов подведены');
};

const onOperation = async (event: { record: Rec }, ctx: PluginContext) => {
  if (typeof event.record.id !== 'string' || event.record.kind !== REFUND_KIND) return;
  await generateFor(ctx, 'deposit-refund', event.record.id, 'задаток к возврату');
};

export const documentsHandlers = [
  on('saleContract.created', onContract, { name: 'sale-contract-created' }),
  on('saleContract.updated', onContract, { name: 'sale-contract-updated' }),
  on('auction.created', onAuction, { name: 'auction-results-created' }),
  on('auction.updated', onAuction, { name: 'auction-results-fixed' }),
  on('financialOperation.created', onOperation, { name: 'deposit-refund-created' }),
  on('financialOperation.updated', onOperation, { name: 'deposit-refund-updated' }),
];
