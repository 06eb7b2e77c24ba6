import { STAGE_PROTOCOL_ACTIVITY_UID } from 'src/identifiers';
import { defineTimelineActivityType } from 'twenty-sdk/define';

// On the auction: the protocol of one of its stages (auctionStageResult.created).
export default defineTimelineActivityType({
  universalIdentifier: STAGE_PROTOCOL_ACTIVITY_UID,
  name: 'realtyStageProtocol',
  label: 'Протокол этапа',
  icon: 'IconClipboardList',
});
