/** Who works with auctions: staff roles that see them, and those who run the procedure (admin may do all). */
export const AUCTION_STAFF = ['sales', 'finance', 'legal'] as const;
export const AUCTION_MANAGERS = ['sales'] as const;
