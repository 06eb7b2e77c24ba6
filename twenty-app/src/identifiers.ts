// Stable universal identifiers of everything this app declares: Twenty's `apply` diffs by them, so a
// regenerated app updates the installed one instead of adding a second. Never change one.
export const APPLICATION_UID = '443b6bba-558c-47c4-ac91-bb7d03b73bf7';
export const DEFAULT_ROLE_UID = 'aa70787a-d8a8-4f1f-b9f0-2fc22bda748e';
export const SECRET_VARIABLE_UID = 'd45cd1cc-e0c0-4f55-802c-d157b8f3c041';
export const REALTY_URL_VARIABLE_UID = '0deca4f7-ee0e-4010-9364-e34cc483b691';
export const EMBED_URL_FUNCTION_UID = '04cc1405-85fe-4cc4-8a38-123c7a5cfa6f';

export const BUILDING_CHESSBOARD_COMPONENT_UID = '849f5600-3e60-4d39-bdfe-98e606e7cc92';
export const AUCTION_CONSOLE_COMPONENT_UID = 'd7550312-12e8-41d7-8ad2-09c531b01e67';
export const DEAL_TEAM_COMPONENT_UID = 'e16fd3aa-65ba-47ce-96a4-37ef01189917';
export const AUCTIONS_REGISTRY_COMPONENT_UID = 'b466ba16-e1f0-458b-b934-236bf1be5e86';

export const BUILDING_TAB_UID = '77b72a9e-fec0-4f3b-b32d-4283550589c7';
export const AUCTION_TAB_UID = '6414bf28-699a-4a96-acee-9e25511eec57';
export const DEAL_TAB_UID = '371b0a4c-b582-4757-95c6-95c49e79ca95';
export const BUILDING_WIDGET_UID = 'd644be80-4b17-4c51-8c45-e83a85fc6c0b';
export const AUCTION_WIDGET_UID = 'e0cb9416-1dc4-4c2b-be65-e1d9b9a5ab32';
export const DEAL_WIDGET_UID = 'cd957922-034d-4a83-9c7e-e8b2ae35d325';

export const AUCTIONS_DASHBOARD_UID = 'ff4b274f-578c-4869-8836-d36cce8abbb4';
export const AUCTIONS_DASHBOARD_TAB_UID = 'c374302d-4182-4c08-8c45-815c25c3c80d';
export const AUCTIONS_DASHBOARD_WIDGET_UID = 'e80f180f-7c47-4442-a080-3af68085bd6f';
export const AUCTIONS_MENU_ITEM_UID = '854ef1ba-082c-4bcf-9724-5eb0642e6e47';

/** The logic function's route, under Twenty's `/s` prefix. */
export const EMBED_URL_ROUTE = '/realty/embed-url';

/** The project's pages each place shows (the embed path prefix keeps them without the app header). */
export type { EmbedPlace as RealtyPlace } from 'src/logic-functions/embed-token';

// Timeline entries (twenty-sdk ≥ 2.43): the activity types and the functions that write them on
// database events of the objects `realty setup` provisions.
export const STAGE_PROTOCOL_ACTIVITY_UID = 'bd3d3a78-b260-455c-8214-031e117eeed0';
export const PAYMENT_ACTIVITY_UID = 'e3e043c2-ce97-49c5-8c20-5f4a24e70122';
export const DEPOSIT_REFUND_ACTIVITY_UID = '4cee6b65-daed-4fb7-9fbd-05da6be5a13d';
export const UNIT_STATUS_ACTIVITY_UID = 'd130c1ee-1d34-4504-8da7-113772fcacbc';
export const UNIT_PRICE_ACTIVITY_UID = 'b1f30996-6f5c-4ab7-9630-dede89da9f73';
export const STAGE_TIMELINE_FUNCTION_UID = 'aceefbeb-69d8-463c-a575-aaa6e4490164';
export const PAYMENT_TIMELINE_FUNCTION_UID = '007d5f39-486b-42d0-92d0-54022aafb498';
export const REFUND_TIMELINE_FUNCTION_UID = '1aa26ffc-e881-4d9c-9534-c7085c4e5a55';
export const UNIT_CHANGE_TIMELINE_FUNCTION_UID = 'f457c360-6a3e-4a40-b202-80e2d1213af6';
