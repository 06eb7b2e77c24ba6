/**
 * Deposit and step arithmetic in integer micros (Twenty's CURRENCY stores amountMicros), rounded
 * to whole kopecks with decimal.js — never binary floats.
 */
import Decimal from 'decimal.js';
import type { AuctionRules } from './auction-rules';

export const MICROS_PER_RUB = 1_000_000;
const MICROS_PER_KOPECK = 10_000;

export const rub = (roubles: number): number => new Decimal(roubles).times(MICROS_PER_RUB).round().toNumber();

/** `percent` of `micros`, rounded half-up to the kopeck. */
export function percentOf(micros: number, percent: number): number {
  return new Decimal(micros)
    .times(percent)
    .dividedBy(100)
    .dividedBy(MICROS_PER_KOPECK)
    .toDecimalPlaces(0, Decimal.ROUND_HALF_UP)
    .times(MICROS_PER_KOPECK)
    .toNumber();
}

/** domain.md: 10 % of the start price below 100 mln ₽, 20 % at or above (both settings). */
export function depositPercentFor(startMicros: number, rules: AuctionRules): number {
  return startMicros >= rules.depositThresholdRub * MICROS_PER_RUB
    ? rules.depositPercentAbove
    : rules.depositPercentBelow;
}

export interface LotTerms {
  startMicros: number;
  depositPercent: number;
  depositMicros: number;
  stepPercent: number;
  stepMicros: number;
}

/** A lot's deposit and bid step from its start price; an auction may fix its own percents. */
export function lotTerms(
  startMicros: number,
  rules: AuctionRules,
  overrides: { depositPercent?: number | null; stepPercent?: number | null } = {},
): LotTerms {
  const depositPercent = overrides.depositPercent ?? depositPercentFor(startMicros, rules);
  const stepPercent = overrides.stepPercent ?? rules.stepPercent;
  return {
    startMicros,
    depositPercent,
    depositMicros: percentOf(startMicros, depositPercent),
    stepPercent,
    stepMicros: percentOf(startMicros, stepPercent),
  };
}

/** "1 234 567,89 ₽" for messages (pages format with core's formatter). */
export function formatRub(micros: number): string {
  const d = new Decimal(micros).dividedBy(MICROS_PER_RUB).toFixed(2);
  const [int = '0', frac = '00'] = d.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${grouped},${frac} ₽`;
}
