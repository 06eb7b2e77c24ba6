/**
 * The protection rules for direct edits of a unit's protected fields (price,
 * status) in Twenty's own UI, as pure functions: who counts as an admin, what
 * the unit looked like before, and whether an edit stands or is reverted.
 * The handler in handlers.ts feeds them from Twenty and the read model's
 * previous versions.
 */
import Decimal from 'decimal.js';
import { z } from 'zod';
import type { RegistrySettings } from '../settings';
import { UNIT_STATUS_RU, type UnitStatus } from '../vocabulary';

/**
 * Units in these statuses are bound by an auction, a booking or a contract: their price and status
 * are frozen — against edits in Twenty's UI (here) and against imports (DEFAULT_IMPORT_SETTINGS).
 */
export const PROTECTED_UNIT_STATUSES: readonly UnitStatus[] = Object.freeze(['IN_AUCTION', 'BOOKED', 'SOLD']);
export const PROTECTED_STATUSES: ReadonlySet<string> = new Set(PROTECTED_UNIT_STATUSES);

/** Who counts as an admin and the price limit (REGISTRY_ADMIN_EMAILS, REGISTRY_PRICE_CHANGE_LIMIT_PERCENT). */
export type ProtectionSettings = RegistrySettings;

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
    reasons.push(
      `помещение было в статусе «${UNIT_STATUS_RU[before.status as UnitStatus] ?? before.status}»: его цена и статус заморожены`,
    );
  if (changed.includes('price')) {
    const jump = priceChangePercent(before.priceMicros, after.priceMicros);
    if (before.priceMicros !== null && after.priceMicros === null) reasons.push('цену удалили');
    else if (before.priceMicros !== null && before.currencyCode !== after.currencyCode)
      reasons.push(`валюта сменилась с ${before.currencyCode} на ${after.currencyCode}`);
    else if (jump !== null && Math.abs(jump) > input.priceChangeLimitPercent)
      reasons.push(
        `цена изменилась на ${jump.toFixed(1).replace('.', ',')} %, больше допустимых ${input.priceChangeLimitPercent} %`,
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
