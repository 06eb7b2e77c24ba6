/**
 * How a generated record looks on the wire: exactly what Twenty's REST API
 * returns at depth 0 (contract C14) — composite fields nested with every
 * sub-field present (null when unset), relations as `<name>Id`, and the
 * system fields every object carries (devhost/metadata/default-fields.ts).
 */
import type { Actor, Address, Currency, Links } from '../../sdk/field-values';

export type SeedRecord = { id: string; createdAt: string; updatedAt: string; deletedAt: null } & Record<
  string,
  unknown
>;

export const MICROS = 1_000_000;
export const DAY_MS = 86_400_000;

/** Whole rubles → Twenty's CURRENCY (amount × 1,000,000); rubles stay integers, so no float error. */
export function rub(amountRub: number): Currency {
  if (!Number.isSafeInteger(amountRub * MICROS)) {
    throw new RangeError(`${amountRub} ₽ is not a whole amount that fits amountMicros`);
  }
  return { amountMicros: amountRub * MICROS, currencyCode: 'RUB' };
}

export function address(parts: Partial<Address>): Address {
  return {
    addressStreet1: null,
    addressStreet2: null,
    addressCity: null,
    addressState: null,
    addressCountry: null,
    addressPostcode: null,
    addressLat: null,
    addressLng: null,
    ...parts,
  };
}

export function links(url: string | null, label: string | null = null): Links {
  return { primaryLinkUrl: url, primaryLinkLabel: label, secondaryLinks: null };
}

const SEED_ACTOR: Actor = { source: 'IMPORT', workspaceMemberId: null, name: 'Seed scale', context: {} };

/** The fields Twenty adds to every record; `position` orders rows in Twenty's UI. */
export function systemFields(
  id: string,
  createdAtMs: number,
  updatedAtMs: number,
  position: number,
): SeedRecord {
  return {
    id,
    createdAt: iso(createdAtMs),
    updatedAt: iso(Math.max(createdAtMs, updatedAtMs)),
    deletedAt: null,
    createdBy: SEED_ACTOR,
    updatedBy: SEED_ACTOR,
    position,
  };
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** A DATE field: Twenty answers `YYYY-MM-DD`. */
export function isoDate(ms: number): string {
  return iso(ms).slice(0, 10);
}
