import { RealtyFrame } from 'src/front-components/realty-frame';
import { AUCTIONS_REGISTRY_COMPONENT_UID } from 'src/identifiers';
import { defineFrontComponent } from 'twenty-sdk/define';

export const AuctionsRegistry = () => <RealtyFrame place="auctions" title="Реестр торгов" />;

export default defineFrontComponent({
  universalIdentifier: AUCTIONS_REGISTRY_COMPONENT_UID,
  name: 'realty-auctions-registry',
  description: 'Реестр торгов: статусы, даты, площадки',
  component: AuctionsRegistry,
});
