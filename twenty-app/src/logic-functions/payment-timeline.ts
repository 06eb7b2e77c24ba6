import { PAYMENT_ACTIVITY_UID, PAYMENT_TIMELINE_FUNCTION_UID } from 'src/identifiers';
import { type PaymentRecord, paymentSummary } from 'src/logic-functions/timeline-summaries';
import { readRecord, writeTimelineEntries } from 'src/logic-functions/timeline-targets';
import { defineLogicFunction } from 'twenty-sdk/define';
import type { DatabaseEventPayload, ObjectRecordCreateEvent } from 'twenty-sdk/logic-function';

type Payment = PaymentRecord & {
  payerId?: string | null;
  lotId?: string | null;
  applicationId?: string | null;
};

/** The auction a payment belongs to: through its lot, or its application's lot. */
async function auctionOf(payment: Payment): Promise<string | undefined> {
  let lotId = payment.lotId;
  if (!lotId && payment.applicationId)
    lotId = (
      await readRecord<{ lotId?: string | null }>(
        'auctionApplications',
        'auctionApplication',
        payment.applicationId,
      )
    )?.lotId;
  return (
    (await readRecord<{ auctionId?: string | null }>('auctionLots', 'auctionLot', lotId))?.auctionId ??
    undefined
  );
}

/** A payment received: «Платёж» on its auction's timeline and on the payer's. */
export const handler = async (event: DatabaseEventPayload<ObjectRecordCreateEvent<Payment>>) => {
  const record = event.properties.after;
  const summary = paymentSummary(record);
  const written = await writeTimelineEntries(
    [
      { type: PAYMENT_ACTIVITY_UID, target: 'auction', targetRecordId: await auctionOf(record) },
      { type: PAYMENT_ACTIVITY_UID, target: 'person', targetRecordId: record.payerId },
    ],
    summary,
    {
      recordId: event.recordId,
      objectUniversalIdentifier: event.objectMetadata.universalIdentifier,
      happensAt: record.paidAt,
      details: { purpose: record.purpose ?? null },
    },
  );
  return { written, summary };
};

export default defineLogicFunction({
  universalIdentifier: PAYMENT_TIMELINE_FUNCTION_UID,
  name: 'realty-timeline-payment',
  description: 'Платёж — на ленту торгов и плательщика',
  timeoutSeconds: 10,
  handler,
  databaseEventTriggerSettings: { eventName: 'payment.created' },
});
