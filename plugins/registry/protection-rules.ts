/**
 * The protection rules for direct edits of a unit's protected fields (price,
 * status) in Twenty's own UI, as pure functions: who counts as an admin, what
 * the unit looked like before, and whether an edit stands or is reverted.
 * The handler in protection.ts feeds them from Twenty and the store.
 */
import Decimal from 'decimal.js';
import { z } from 'zod';
import type { RealtyConfig } from '../core/settings/index';
import { DEFAULT_IMPORT_SETTINGS } from './import/import-types';

/** Units in these statuses are bound by an auction, a booking or a contract: their price and status are frozen. */
export const PROTECTED_STATUSES: ReadonlySet<string> = new Set(['IN_AUCTION', 'BOOKED', 'SOLD']);

/** The same limit an import holds price changes at, unless REALTY_PRICE_CHANGE_LIMIT_PERCENT says otherwise. */
export const DEFAULT_PRICE_CHANGE_LIMIT_PERCENT = DEFAULT_IMPORT_SETTINGS.maxPriceChangePercent;
export const DEFAULT_ADMIN_EMAILS: readonly string[] = ['admin@realty.local'];

/**
 * Twenty's REST API does not expose a member's workspace role, and staff roles
 * live only in staff tokens, so the protection's admins are named by e-mail
 * (REALTY_ADMIN_EMAILS; devhost's first member by default).
 */
export interface ProtectionSettings {
  adminEmails: readonly string[];
  /** A price moved by more than this (either way) needs an admin. */
  priceChangeLimitPercent: number;
}

/** The settings from the validated configuration (REALTY_ADMIN_EMAILS, REALTY_PRICE_CHANGE_LIMIT_PERCENT). */
export function protectionSettingsFrom(
  config: Pick<RealtyConfig, 'adminEmails' | 'priceChangeLimitPercent'>,
): ProtectionSettings {
  return {
    adminEmails:
      config.adminEmails && config.adminEmails.length > 0 ? config.adminEmails : DEFAULT_ADMIN_EMAILS,
    priceChangeLimitPercent: config.priceChangeLimitPercent ?? DEFAULT_PRICE_CHANGE_LIMIT_PERCENT,
  };
}

export interface ProtectedValues {
  status: string | null;
  priceMicros: number | null;
  currencyCode: string | null;
}

const priceShape = z
  .object({
    amountMicros: z.union([z.number(), z.string(), z.null()]).optional(),
    currencyCode: z.string().nullish(),
  })
  .nullish();

/** The protected fields of a unit record (REST shape, C14) or of a replica's jsonb. */
export function protectedValuesOf(record: Readonly<Record<string, unknown>>): ProtectedValues {
  const price = priceShape.safeParse(record.price);
  const micros = price.success ? price.data?.amountMicros : undefined;
  const asNumber = micros === null || micros === undefined || micros === '' ? null : Number(micros);
  return {
    status: typeof record.status === 'string' ? record.status : null,
    priceMicros: asNumber !== null && Number.isFinite(asNumber) ? asNumber : null,
    currencyCode: price.success ? (price.data?.currencyCode ?? null) : null,
  };
}

export type ProtectedField = 'price' | 'status';

export interface EditVerdict {
  action: 'keep' | 'revert';
  changed: ProtectedField[];
  /** Why the edit needs an admin; empty when it does not. */
  reasons: string[];
}

export function changedProtectedFields(before: ProtectedValues, after: ProtectedValues): ProtectedField[] {
  const changed: ProtectedField[] = [];
  if (before.priceMicros !== after.priceMicros || before.currencyCode !== after.currencyCode)
    changed.push('price');
  if (before.status !== after.status) changed.push('status');
  return changed;
}

export function judgeUnitEdit(input: {
  before: ProtectedValues;
  after: ProtectedValues;
  editorIsAdmin: boolean;
  priceChangeLimitPercent: number;
}): EditVerdict {
  const { before, after } = input;
  const changed = changedProtectedFields(before, after);
  const reasons: string[] = [];
  if (changed.length === 0) return { action: 'keep', changed, reasons };
  if (before.status !== null && PROTECTED_STATUSES.has(before.status))
    reasons.push(`the unit was ${before.status}: its price and status are frozen`);
  if (changed.includes('price')) {
    const jump = priceChangePercent(before.priceMicros, after.priceMicros);
    if (before.priceMicros !== null && after.priceMicros === null) reasons.push('the price was removed');
    else if (before.priceMicros !== null && before.currencyCode !== after.currencyCode)
      reasons.push(`the currency changed from ${before.currencyCode} to ${after.currencyCode}`);
    else if (jump !== null && Math.abs(jump) > input.priceChangeLimitPercent)
      reasons.push(
        `the price moved by ${jump.toFixed(1)} %, beyond the ${input.priceChangeLimitPercent} % limit`,
      );
  }
  const action = reasons.length > 0 && !input.editorIsAdmin ? 'revert' : 'keep';
  return { action, changed, reasons };
}

/** Signed percent; null when either side is missing or the old price is zero (no meaningful ratio). */
export function priceChangePercent(beforeMicros: number | null, afterMicros: number | null): number | null {
  if (beforeMicros === null || afterMicros === null || beforeMicros === 0) return null;
  return ((afterMicros - beforeMicros) / beforeMicros) * 100;
}

/** How a protected value is written into the change protocol: select values, prices as plain roubles (like the import). */
export function formatProtectedValue(field: ProtectedField, values: ProtectedValues): string {
  if (field === 'status') return values.status ?? '';
  if (values.priceMicros === null) return '';
  return new Decimal(values.priceMicros).dividedBy(1_000_000).toDecimalPlaces(2).toString();
}
