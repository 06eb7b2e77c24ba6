/**
 * Phone numbers as the call center meets them: a PBX sends digits without `+` (`79161234567`),
 * people type `8 (916) 123-45-67`, `+7 916 …` or ten digits. Everything becomes E.164
 * (`+79161234567`) through libphonenumber-js with Russia as the default country; the forms a
 * person record may hold its number in are derived for the indexed lookup.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** E.164 of a number as typed or as a PBX sent it, or undefined when it is not a phone number. */
export function normalizePhone(raw: string | null | undefined): string | undefined {
  if (raw === null || raw === undefined) return undefined;
  const text = String(raw).trim();
  if (text === '') return undefined;
  const digits = text.replace(/\D/g, '');
  // A PBX's 11 digits starting with 7 (no `+`) and 10 digits are Russian numbers.
  let candidate = text;
  if (!text.startsWith('+')) {
    if (digits.length === 11 && digits.startsWith('7')) candidate = `+${digits}`;
    else if (digits.length === 11 && digits.startsWith('8')) candidate = `+7${digits.slice(1)}`;
    else if (digits.length === 10) candidate = `+7${digits}`;
  }
  const parsed = parsePhoneNumberFromString(candidate, 'RU');
  return parsed?.isValid() ? parsed.number : undefined;
}

/** The national part (`9161234567`) of a +7 number; the whole without `+` otherwise. */
export function nationalPart(e164: string): string {
  return e164.startsWith('+7') ? e164.slice(2) : e164.replace(/^\+/, '');
}

/**
 * The texts a person's primary phone may be stored as for this number (Twenty keeps the national
 * number beside the calling code; imports leave `+7…`, `7…` or `8…`): the lookup's `= any($1)`.
 */
export function storedForms(e164: string): string[] {
  const national = nationalPart(e164);
  const forms = new Set([national, e164, e164.replace(/^\+/, '')]);
  if (e164.startsWith('+7')) forms.add(`8${national}`);
  return [...forms];
}

/** A number for people: `+7 916 123-45-67`. */
export function formatPhone(e164: string | null | undefined): string {
  if (!e164) return '—';
  const m = /^\+7(\d{3})(\d{3})(\d{2})(\d{2})$/.exec(e164);
  return m ? `+7 ${m[1]} ${m[2]}-${m[3]}-${m[4]}` : e164;
}

/** The number a provider's API wants: digits with the country code, no `+`. */
export function providerDigits(e164: string): string {
  return e164.replace(/^\+/, '');
}
