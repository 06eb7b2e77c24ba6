/**
 * The configurable parameters of the auction law as the rules use them (domain.md "Auctions"):
 * every default here is a setting (settings.ts), several can be overridden per auction.
 */
export type DayKind = 'WORKING' | 'CALENDAR';

export interface AuctionRules {
  /** Announcement at least this many days before bidding. */
  readonly minAnnouncementDays: number;
  /** Start prices at or above this (roubles) take the higher deposit percent. */
  readonly depositThresholdRub: number;
  readonly depositPercentBelow: number;
  readonly depositPercentAbove: number;
  /** The bid step, percent of the start price. */
  readonly stepPercent: number;
  /** Admission is decided within this many working days after applications close. */
  readonly admissionWorkingDays: number;
  /** Losers and rejected applicants are refunded within this many working days. */
  readonly refundWorkingDays: number;
  /** Fewer admitted participants than this and a lot fails. */
  readonly minParticipants: number;
  /** With exactly one admitted participant the contract may be concluded with them at the start price. */
  readonly soleParticipantContract: boolean;
  readonly contractDeadlineDays: number;
  readonly contractDeadlineDayKind: DayKind;
  /** The reminder task falls due this many days before the contract deadline. */
  readonly reminderDaysBefore: number;
  /** Non-working days (yyyy-mm-dd) besides Saturdays and Sundays; working Saturdays are not modelled. */
  readonly holidays: readonly string[];
}

/** Russian public holidays of 2026–2027 (Labour Code art. 112 and the government's transfers). */
export const RUSSIAN_HOLIDAYS: readonly string[] = [
  '2026-01-01',
  '2026-01-02',
  '2026-01-05',
  '2026-01-06',
  '2026-01-07',
  '2026-01-08',
  '2026-01-09',
  '2026-02-23',
  '2026-03-09',
  '2026-05-01',
  '2026-05-11',
  '2026-06-12',
  '2026-11-04',
  '2026-12-31',
  '2027-01-01',
  '2027-01-04',
  '2027-01-05',
  '2027-01-06',
  '2027-01-07',
  '2027-01-08',
  '2027-02-23',
  '2027-03-08',
  '2027-05-03',
  '2027-05-10',
  '2027-06-14',
  '2027-11-04',
  '2027-12-31',
];

export const DEFAULT_AUCTION_RULES: AuctionRules = Object.freeze({
  minAnnouncementDays: 30,
  depositThresholdRub: 100_000_000,
  depositPercentBelow: 10,
  depositPercentAbove: 20,
  stepPercent: 5,
  admissionWorkingDays: 5,
  refundWorkingDays: 5,
  minParticipants: 2,
  soleParticipantContract: true,
  contractDeadlineDays: 20,
  contractDeadlineDayKind: 'WORKING' as DayKind,
  reminderDaysBefore: 3,
  holidays: RUSSIAN_HOLIDAYS,
});
