import { AUCTIONS_DASHBOARD_UID, AUCTIONS_MENU_ITEM_UID } from 'src/identifiers';
import { defineNavigationMenuItem, NavigationMenuItemType } from 'twenty-sdk/define';

// The dashboard in Twenty's navigation.
export default defineNavigationMenuItem({
  universalIdentifier: AUCTIONS_MENU_ITEM_UID,
  type: NavigationMenuItemType.PAGE_LAYOUT,
  name: 'Торги',
  icon: 'IconGavel',
  position: 100,
  pageLayoutUniversalIdentifier: AUCTIONS_DASHBOARD_UID,
});
