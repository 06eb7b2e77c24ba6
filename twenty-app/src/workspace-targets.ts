// Placeholder: `realty twenty-app --out DIR` writes this file for the workspace it reads (the record
// page layouts of the objects `realty setup` provisioned, and where the project's pages live).
export const REALTY_URL = 'http://localhost:4000';
export const BUILDING_RECORD_PAGE_LAYOUT_UID = '00000000-0000-4000-8000-000000000001';
export const AUCTION_RECORD_PAGE_LAYOUT_UID = '00000000-0000-4000-8000-000000000002';
