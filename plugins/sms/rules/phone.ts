/**
 * Phones as SMS needs them: E.164 (`+79161234567`) through libphonenumber-js with Russia as the
 * default country (8-, 7- and 10-digit forms all become +7), only numbers a mobile can have; the
 * gateway's form is the digits without `+`.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export type PhoneCheck = { ok: true; e164: string } | { ok: false; reason: string };

export function normalisePhone(raw: string | null | undefined, callingCode?: string | null): PhoneCheck {
  const text = (raw ?? '').trim();
  if (text === '') return { ok: false, reason: 'нет номера телефона' };
  const code = (callingCode ?? '').trim();
  const candidate =
    code && !text.startsWith('+') && !/^[78]\d{10}$/.test(text.replace(/\D/g, ''))
      ? `${code.startsWith('+') ? code : `+${code}`}${text}`
      : text;
  const parsed = parsePhoneNumberFromString(candidate, 'RU');
  if (!parsed?.isValid()) return { ok: false, reason: `номер «${text}» не распознан` };
  const type = parsed.getType();
  if (type !== undefined && type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE')
    return { ok: false, reason: `номер «${text}» не мобильный — SMS на него не доходят` };
  return { ok: true, e164: parsed.number };
}

/** `+79161234567` → `79161234567` (what SMS.ru takes in `to` and `multi[…]`). */
export function gatewayPhone(e164: string): string {
  return e164.replace(/^\+/, '');
}
