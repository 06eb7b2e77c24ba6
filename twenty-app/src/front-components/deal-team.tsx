import { RealtyFrame } from 'src/front-components/realty-frame';
import { DEAL_TEAM_COMPONENT_UID } from 'src/identifiers';
import { defineFrontComponent } from 'twenty-sdk/define';

export const DealTeam = () => <RealtyFrame place="opportunity" title="Команда сделки" />;

export default defineFrontComponent({
  universalIdentifier: DEAL_TEAM_COMPONENT_UID,
  name: 'realty-deal-team',
  description: 'Команда сделки и доступы: кто видит сделку и почему',
  component: DealTeam,
});
