import { UNIT_PRICE_ACTIVITY_UID } from 'src/identifiers';
import { defineTimelineActivityType } from 'twenty-sdk/define';

// On the unit: its price changed, from the change protocol (unitChange.created, field price).
export default defineTimelineActivityType({
  universalIdentifier: UNIT_PRICE_ACTIVITY_UID,
  name: 'realtyUnitPrice',
  label: 'Цена изменена',
  icon: 'IconCurrencyRubel',
});
