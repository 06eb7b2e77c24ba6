import { STAGE_PROTOCOL_ACTIVITY_UID, STAGE_TIMELINE_FUNCTION_UID } from 'src/identifiers';
import { type StageResultRecord, stageResultSummary } from 'src/logic-functions/timeline-summaries';
import { writeTimelineEntries } from 'src/logic-functions/timeline-targets';
import { defineLogicFunction } from 'twenty-sdk/define';
import type { DatabaseEventPayload, ObjectRecordCreateEvent } from 'twenty-sdk/logic-function';

type StageResult = StageResultRecord & { auctionId?: string | null };

/** A stage protocol recorded by twenty-realty: «Протокол этапа» on its auction's timeline. */
export const handler = async (event: DatabaseEventPayload<ObjectRecordCreateEvent<StageResult>>) => {
  const record = event.properties.after;
  const summary = stageResultSummary(record);
  const written = await writeTimelineEntries(
    [{ type: STAGE_PROTOCOL_ACTIVITY_UID, target: 'auction', targetRecordId: record.auctionId }],
    summary,
    {
      recordId: event.recordId,
      objectUniversalIdentifier: event.objectMetadata.universalIdentifier,
      happensAt: record.at,
      details: { stage: record.stage ?? null },
    },
  );
  return { written, summary };
};

export default defineLogicFunction({
  universalIdentifier: STAGE_TIMELINE_FUNCTION_UID,
  name: 'realty-timeline-stage-protocol',
  description: 'Протокол этапа торгов — на ленту торгов',
  timeoutSeconds: 10,
  handler,
  databaseEventTriggerSettings: { eventName: 'auctionStageResult.created' },
});
