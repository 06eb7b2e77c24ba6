import { PAYMENT_ACTIVITY_UID } from 'src/identifiers';
import { defineTimelineActivityType } from 'twenty-sdk/define';

// On the auction (through the lot) and on the payer: a payment received (payment.created).
export default defineTimelineActivityType({
  universalIdentifier: PAYMENT_ACTIVITY_UID,
  name: 'realtyPayment',
  label: 'Платёж',
  icon: 'IconCash',
});
