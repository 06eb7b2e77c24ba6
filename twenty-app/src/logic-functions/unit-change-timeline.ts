import {
  UNIT_CHANGE_TIMELINE_FUNCTION_UID,
  UNIT_PRICE_ACTIVITY_UID,
  UNIT_STATUS_ACTIVITY_UID,
} from 'src/identifiers';
import { type UnitChangeRecord, unitChangeSummary } from 'src/logic-functions/timeline-summaries';
import { writeTimelineEntries } from 'src/logic-functions/timeline-targets';
import { defineLogicFunction } from 'twenty-sdk/define';
import type { DatabaseEventPayload, ObjectRecordCreateEvent } from 'twenty-sdk/logic-function';

type UnitChange = UnitChangeRecord & { unitId?: string | null };

/** A line of the change protocol: «Смена статуса помещения» or «Цена изменена» on the unit's timeline. */
export const handler = async (event: DatabaseEventPayload<ObjectRecordCreateEvent<UnitChange>>) => {
  const record = event.properties.after;
  const change = unitChangeSummary(record);
  if (!change) return { written: 0, summary: null };
  const written = await writeTimelineEntries(
    [
      {
        type: change.kind === 'status' ? UNIT_STATUS_ACTIVITY_UID : UNIT_PRICE_ACTIVITY_UID,
        target: 'unit',
        targetRecordId: record.unitId,
      },
    ],
    change.summary,
    {
      recordId: event.recordId,
      objectUniversalIdentifier: event.objectMetadata.universalIdentifier,
      happensAt: record.changedAt,
      details: { oldValue: record.oldValue ?? null, newValue: record.newValue ?? null },
    },
  );
  return { written, summary: change.summary };
};

export default defineLogicFunction({
  universalIdentifier: UNIT_CHANGE_TIMELINE_FUNCTION_UID,
  name: 'realty-timeline-unit-change',
  description: 'Смена статуса или цены помещения из протокола изменений — на ленту помещения',
  timeoutSeconds: 10,
  handler,
  databaseEventTriggerSettings: { eventName: 'unitChange.created' },
});
