import { RealtyFrame } from 'src/front-components/realty-frame';
import { BUILDING_CHESSBOARD_COMPONENT_UID } from 'src/identifiers';
import { defineFrontComponent } from 'twenty-sdk/define';

export const BuildingChessboard = () => <RealtyFrame place="building" title="Шахматка" />;

export default defineFrontComponent({
  universalIdentifier: BUILDING_CHESSBOARD_COMPONENT_UID,
  name: 'realty-building-chessboard',
  description: 'Шахматка корпуса: помещения по этажам и подъездам, фильтры, карточки',
  component: BuildingChessboard,
});
