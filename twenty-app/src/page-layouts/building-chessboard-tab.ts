import { BUILDING_CHESSBOARD_COMPONENT_UID, BUILDING_TAB_UID, BUILDING_WIDGET_UID } from 'src/identifiers';
import { BUILDING_RECORD_PAGE_LAYOUT_UID } from 'src/workspace-targets';
import { definePageLayoutTab, PageLayoutTabLayoutMode } from 'twenty-sdk/define';

// A tab on the building's record page: that building's chessboard (the layout belongs to the object; this tab is the app's own).
export default definePageLayoutTab({
  universalIdentifier: BUILDING_TAB_UID,
  pageLayoutUniversalIdentifier: BUILDING_RECORD_PAGE_LAYOUT_UID,
  title: 'Шахматка',
  position: 50,
  icon: 'IconLayoutGrid',
  layoutMode: PageLayoutTabLayoutMode.VERTICAL_LIST,
  widgets: [
    {
      universalIdentifier: BUILDING_WIDGET_UID,
      title: 'Шахматка',
      type: 'FRONT_COMPONENT',
      heightBehavior: 'TAB_VIEWPORT',
      configuration: {
        configurationType: 'FRONT_COMPONENT',
        frontComponentUniversalIdentifier: BUILDING_CHESSBOARD_COMPONENT_UID,
      },
    },
  ],
});
