import { AUCTION_CONSOLE_COMPONENT_UID, AUCTION_TAB_UID, AUCTION_WIDGET_UID } from 'src/identifiers';
import { AUCTION_RECORD_PAGE_LAYOUT_UID } from 'src/workspace-targets';
import { definePageLayoutTab, PageLayoutTabLayoutMode } from 'twenty-sdk/define';

// A tab on the auction's record page: its console (the layout belongs to the object; this tab is the app's own).
export default definePageLayoutTab({
  universalIdentifier: AUCTION_TAB_UID,
  pageLayoutUniversalIdentifier: AUCTION_RECORD_PAGE_LAYOUT_UID,
  title: 'Консоль торгов',
  position: 50,
  icon: 'IconGavel',
  layoutMode: PageLayoutTabLayoutMode.VERTICAL_LIST,
  widgets: [
    {
      universalIdentifier: AUCTION_WIDGET_UID,
      title: 'Консоль торгов',
      type: 'FRONT_COMPONENT',
      heightBehavior: 'TAB_VIEWPORT',
      configuration: {
        configurationType: 'FRONT_COMPONENT',
        frontComponentUniversalIdentifier: AUCTION_CONSOLE_COMPONENT_UID,
      },
    },
  ],
});
