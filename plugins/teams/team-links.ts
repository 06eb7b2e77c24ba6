/** Where a deal's team page lives, and the label of the link on the deal in Twenty. */
export const TEAM_PAGE_LABEL = 'Проектная команда';

export const teamPageUrl = (publicUrl: string, opportunityId: string) =>
  `${publicUrl.replace(/\/+$/, '')}/teams/${opportunityId}`;
