import { DEAL_TAB_UID, DEAL_TEAM_COMPONENT_UID, DEAL_WIDGET_UID } from 'src/identifiers';
import { definePageLayoutTab, PageLayoutTabLayoutMode, STANDARD_PAGE_LAYOUT } from 'twenty-sdk/define';

// A tab on the opportunity's record page: the deal's team and grants (the layout belongs to the object; this tab is the app's own).
export default definePageLayoutTab({
  universalIdentifier: DEAL_TAB_UID,
  pageLayoutUniversalIdentifier: STANDARD_PAGE_LAYOUT.opportunityRecordPage.universalIdentifier,
  title: 'Команда и доступ',
  position: 50,
  icon: 'IconUsersGroup',
  layoutMode: PageLayoutTabLayoutMode.VERTICAL_LIST,
  widgets: [
    {
      universalIdentifier: DEAL_WIDGET_UID,
      title: 'Команда и доступ',
      type: 'FRONT_COMPONENT',
      heightBehavior: 'TAB_VIEWPORT',
      configuration: {
        configurationType: 'FRONT_COMPONENT',
        frontComponentUniversalIdentifier: DEAL_TEAM_COMPONENT_UID,
      },
    },
  ],
});
