import { RealtyFrame } from 'src/front-components/realty-frame';
import { AUCTION_CONSOLE_COMPONENT_UID } from 'src/identifiers';
import { defineFrontComponent } from 'twenty-sdk/define';

export const AuctionConsole = () => <RealtyFrame place="auction" title="Консоль торгов" />;

export default defineFrontComponent({
  universalIdentifier: AUCTION_CONSOLE_COMPONENT_UID,
  name: 'realty-auction-console',
  description: 'Консоль торгов: этапы, лоты, заявки, протокол',
  component: AuctionConsole,
});
