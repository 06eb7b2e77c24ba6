/**
 * A payment is recorded once per bank reference (the payment order's number). One normalisation
 * serves the duplicate check, the stored value and the payment's id, so «pp-1» after «PP-1» is the
 * same payment (the refusal names the first), never a second record colliding on the id.
 */
import { uuidV5 } from '../core/plugin/index';

/** Trimmed, inner whitespace collapsed, upper-case: «  пп-12 » → «ПП-12». */
export function normalizeBankReference(reference: string): string {
  return reference.trim().replace(/\s+/g, ' ').toUpperCase();
}

/** The id of the payment recorded under `reference` (any spelling of it). */
export const paymentIdFor = (reference: string): string =>
  uuidV5(`payments:payment:${normalizeBankReference(reference)}`);
