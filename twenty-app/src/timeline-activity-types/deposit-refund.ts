import { DEPOSIT_REFUND_ACTIVITY_UID } from 'src/identifiers';
import { defineTimelineActivityType } from 'twenty-sdk/define';

// On the auction and on the payer: a deposit refund in the journal (financialOperation.created, kind DEPOSIT_REFUNDED).
export default defineTimelineActivityType({
  universalIdentifier: DEPOSIT_REFUND_ACTIVITY_UID,
  name: 'realtyDepositRefund',
  label: 'Возврат задатка',
  icon: 'IconReceiptRefund',
});
