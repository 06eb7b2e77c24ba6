/**
 * The auctions' settings (environment variables; domain.md "Auctions": every default is
 * configurable). Unset = the default in rules/auction-rules.ts.
 * AUCTIONS_MIN_ANNOUNCEMENT_DAYS, AUCTIONS_DEPOSIT_THRESHOLD_RUB, AUCTIONS_DEPOSIT_PERCENT_BELOW,
 * AUCTIONS_DEPOSIT_PERCENT_ABOVE, AUCTIONS_STEP_PERCENT, AUCTIONS_ADMISSION_WORKING_DAYS,
 * AUCTIONS_REFUND_WORKING_DAYS, AUCTIONS_MIN_PARTICIPANTS, AUCTIONS_SOLE_PARTICIPANT_CONTRACT,
 * AUCTIONS_CONTRACT_DEADLINE_DAYS, AUCTIONS_CONTRACT_DEADLINE_DAY_KIND, AUCTIONS_REMINDER_DAYS_BEFORE,
 * AUCTIONS_HOLIDAYS (extra non-working dates, comma-separated yyyy-mm-dd).
 */
import { z } from 'zod';
import { defineSettings, type HasSettings, settingSchemas } from '../core/settings/index';
import { type AuctionRules, type DayKind, DEFAULT_AUCTION_RULES } from './rules/auction-rules';

const wholeNumber = (fallback: number, min = 0) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined ? fallback : Number(v)))
    .refine((n) => Number.isInteger(n) && n >= min, `expected a whole number ≥ ${min}`);

const bool = (fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined ? fallback : /^(1|true|yes|да)$/i.test(v.trim())))
    .pipe(z.boolean());

const dayKind = z
  .string()
  .optional()
  .transform((v) =>
    v === undefined ? DEFAULT_AUCTION_RULES.contractDeadlineDayKind : v.trim().toUpperCase(),
  )
  .refine((v): v is DayKind => v === 'WORKING' || v === 'CALENDAR', 'expected WORKING or CALENDAR');

const dateList = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .refine(
    (list) => list.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)),
    'expected dates yyyy-mm-dd separated by commas',
  );

const D = DEFAULT_AUCTION_RULES;

export const auctionsSettings = defineSettings('auctions', {
  minAnnouncementDays: {
    schema: wholeNumber(D.minAnnouncementDays, 1),
    description: 'announcement at least this many days before bidding',
    example: '30',
  },
  depositThresholdRub: {
    schema: settingSchemas.positiveNumber(D.depositThresholdRub),
    description: 'start prices at or above this (₽) take the higher deposit percent',
    example: '100000000',
  },
  depositPercentBelow: {
    schema: settingSchemas.positiveNumber(D.depositPercentBelow),
    description: 'deposit, % of the start price below the threshold',
    example: '10',
  },
  depositPercentAbove: {
    schema: settingSchemas.positiveNumber(D.depositPercentAbove),
    description: 'deposit, % of the start price at or above the threshold',
    example: '20',
  },
  stepPercent: {
    schema: settingSchemas.positiveNumber(D.stepPercent),
    description: 'bid step, % of the start price',
    example: '5',
  },
  admissionWorkingDays: {
    schema: wholeNumber(D.admissionWorkingDays, 1),
    description: 'admission decided within this many working days after applications close',
    example: '5',
  },
  refundWorkingDays: {
    schema: wholeNumber(D.refundWorkingDays, 1),
    description: 'deposits refunded within this many working days',
    example: '5',
  },
  minParticipants: {
    schema: wholeNumber(D.minParticipants, 1),
    description: 'fewer admitted participants and a lot fails',
    example: '2',
  },
  soleParticipantContract: {
    schema: bool(D.soleParticipantContract),
    description: 'conclude the contract with a sole admitted participant at the start price',
    example: 'true',
  },
  contractDeadlineDays: {
    schema: wholeNumber(D.contractDeadlineDays, 1),
    description: 'days to sign the contract after the results protocol',
    example: '20',
  },
  contractDeadlineDayKind: {
    schema: dayKind,
    description: 'WORKING or CALENDAR days for the contract deadline',
    example: 'WORKING',
  },
  reminderDaysBefore: {
    schema: wholeNumber(D.reminderDaysBefore, 0),
    description: 'the contract reminder task falls due this many days before the deadline',
    example: '3',
  },
  holidays: {
    schema: dateList,
    description: 'extra non-working days besides the built-in Russian holidays',
    example: '2027-05-04,2027-05-05',
  },
});

/** The rules with the settings applied (defaults when the plugin's settings are not loaded). */
export function auctionRulesOf(ctx: HasSettings): AuctionRules {
  if (!ctx.settings.has('auctions')) return DEFAULT_AUCTION_RULES;
  const s = auctionsSettings.of(ctx);
  return {
    ...s,
    contractDeadlineDayKind: s.contractDeadlineDayKind as DayKind,
    holidays: [...D.holidays, ...s.holidays],
  };
}
