/**
 * Twenty's composite field values as they travel over REST (contract C14),
 * and exact conversions for CURRENCY, which stores amount × 1,000,000 as
 * `amountMicros`. Arithmetic goes through decimal.js, never binary floats.
 */
import Decimal from 'decimal.js';

export interface Currency {
  amountMicros: number | null;
  currencyCode: string | null;
}

export interface FullName {
  firstName: string;
  lastName: string;
}

export interface Emails {
  primaryEmail: string | null;
  additionalEmails: string[] | null;
}

export interface AdditionalPhone {
  number: string;
  countryCode?: string;
  callingCode?: string;
}

export interface Phones {
  primaryPhoneNumber: string | null;
  primaryPhoneCountryCode: string | null;
  primaryPhoneCallingCode?: string | null;
  additionalPhones: AdditionalPhone[] | null;
}

export interface Links {
  primaryLinkUrl: string | null;
  primaryLinkLabel: string | null;
  secondaryLinks: Array<{ url: string; label: string }> | null;
}

export interface Address {
  addressStreet1: string | null;
  addressStreet2: string | null;
  addressCity: string | null;
  addressState: string | null;
  addressCountry: string | null;
  addressPostcode: string | null;
  addressLat: number | null;
  addressLng: number | null;
}

export type ActorSource =
  | 'EMAIL'
  | 'CALENDAR'
  | 'WORKFLOW'
  | 'AGENT'
  | 'API'
  | 'IMPORT'
  | 'MANUAL'
  | 'SYSTEM'
  | 'WEBHOOK'
  | 'APPLICATION';

/** Filled by the server; a client may set only `source` (e.g. IMPORT). */
export interface Actor {
  source: ActorSource;
  workspaceMemberId: string | null;
  name: string;
  context?: Record<string, unknown>;
}

export const MICROS_PER_UNIT = 1_000_000;

export class MoneyConversionError extends Error {
  readonly code = 'invalid_amount';

  constructor(message: string) {
    super(message);
    this.name = 'MoneyConversionError';
  }
}

/**
 * `"1234.56"` → 1234560000. Rejects more than six decimals rather than
 * rounding silently, and results beyond 2^53 that a JSON number cannot carry.
 */
export function toMicros(amount: string | number | Decimal): number {
  let value: Decimal;
  try {
    value = new Decimal(typeof amount === 'string' ? amount.trim() : amount);
  } catch {
    throw new MoneyConversionError(`not an amount: ${JSON.stringify(String(amount))}`);
  }
  if (!value.isFinite()) throw new MoneyConversionError(`not a finite amount: ${String(amount)}`);
  const micros = value.times(MICROS_PER_UNIT);
  if (!micros.isInteger()) {
    throw new MoneyConversionError(
      `${String(amount)} has more than 6 decimal places; Twenty stores millionths`,
    );
  }
  if (micros.abs().greaterThan(Number.MAX_SAFE_INTEGER)) {
    throw new MoneyConversionError(
      `${String(amount)} is too large for amountMicros (beyond 2^53 millionths)`,
    );
  }
  return micros.toNumber();
}

/** 1234560000 → Decimal("1234.56"); exact. */
export function fromMicros(amountMicros: number | string | bigint): Decimal {
  return new Decimal(typeof amountMicros === 'bigint' ? amountMicros.toString() : amountMicros).dividedBy(
    MICROS_PER_UNIT,
  );
}

export function currency(amount: string | number | Decimal, currencyCode: string): Currency {
  return { amountMicros: toMicros(amount), currencyCode };
}
