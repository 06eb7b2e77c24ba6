import { UNIT_STATUS_ACTIVITY_UID } from 'src/identifiers';
import { defineTimelineActivityType } from 'twenty-sdk/define';

// On the unit: its status changed, from the change protocol (unitChange.created, field status).
export default defineTimelineActivityType({
  universalIdentifier: UNIT_STATUS_ACTIVITY_UID,
  name: 'realtyUnitStatus',
  label: 'Смена статуса помещения',
  icon: 'IconProgress',
});
