import {
  AUCTIONS_DASHBOARD_TAB_UID,
  AUCTIONS_DASHBOARD_UID,
  AUCTIONS_DASHBOARD_WIDGET_UID,
  AUCTIONS_REGISTRY_COMPONENT_UID,
} from 'src/identifiers';
import { definePageLayout, PageLayoutTabLayoutMode } from 'twenty-sdk/define';

// A dashboard of the app's own holding the auctions registry.
export default definePageLayout({
  universalIdentifier: AUCTIONS_DASHBOARD_UID,
  name: 'Торги',
  type: 'DASHBOARD',
  tabs: [
    {
      universalIdentifier: AUCTIONS_DASHBOARD_TAB_UID,
      title: 'Реестр торгов',
      position: 0,
      icon: 'IconGavel',
      layoutMode: PageLayoutTabLayoutMode.VERTICAL_LIST,
      widgets: [
        {
          universalIdentifier: AUCTIONS_DASHBOARD_WIDGET_UID,
          title: 'Реестр торгов',
          type: 'FRONT_COMPONENT',
          heightBehavior: 'TAB_VIEWPORT',
          configuration: {
            configurationType: 'FRONT_COMPONENT',
            frontComponentUniversalIdentifier: AUCTIONS_REGISTRY_COMPONENT_UID,
          },
        },
      ],
    },
  ],
});
