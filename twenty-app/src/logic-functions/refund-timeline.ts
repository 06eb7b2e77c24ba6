import { DEPOSIT_REFUND_ACTIVITY_UID, REFUND_TIMELINE_FUNCTION_UID } from 'src/identifiers';
import { type FinancialOperationRecord, refundSummary } from 'src/logic-functions/timeline-summaries';
import { readRecord, writeTimelineEntries } from 'src/logic-functions/timeline-targets';
import { defineLogicFunction } from 'twenty-sdk/define';
import type { DatabaseEventPayload, ObjectRecordCreateEvent } from 'twenty-sdk/logic-function';

type Operation = FinancialOperationRecord & {
  auctionId?: string | null;
  paymentId?: string | null;
  applicationId?: string | null;
};

/** Whose deposit it is: the payer of the refunded payment, else the applicant. */
async function payerOf(operation: Operation): Promise<string | undefined> {
  const payer = (await readRecord<{ payerId?: string | null }>('payments', 'payment', operation.paymentId))
    ?.payerId;
  if (payer) return payer;
  return (
    (
      await readRecord<{ applicantId?: string | null }>(
        'auctionApplications',
        'auctionApplication',
        operation.applicationId,
      )
    )?.applicantId ?? undefined
  );
}

/** A deposit refund in the journal: «Возврат задатка» on the auction's timeline and on the payer's. */
export const handler = async (event: DatabaseEventPayload<ObjectRecordCreateEvent<Operation>>) => {
  const record = event.properties.after;
  const summary = refundSummary(record);
  if (!summary) return { written: 0, summary: null };
  const written = await writeTimelineEntries(
    [
      { type: DEPOSIT_REFUND_ACTIVITY_UID, target: 'auction', targetRecordId: record.auctionId },
      { type: DEPOSIT_REFUND_ACTIVITY_UID, target: 'person', targetRecordId: await payerOf(record) },
    ],
    summary,
    {
      recordId: event.recordId,
      objectUniversalIdentifier: event.objectMetadata.universalIdentifier,
      happensAt: record.settledAt ?? record.at,
    },
  );
  return { written, summary };
};

export default defineLogicFunction({
  universalIdentifier: REFUND_TIMELINE_FUNCTION_UID,
  name: 'realty-timeline-deposit-refund',
  description: 'Возврат задатка — на ленту торгов и плательщика',
  timeoutSeconds: 10,
  handler,
  databaseEventTriggerSettings: { eventName: 'financialOperation.created' },
});
