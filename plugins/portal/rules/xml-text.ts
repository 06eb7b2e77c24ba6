/**
 * Text as YRL wants it (Yandex's "Общие требования к передаче данных"): UTF-8, the five XML
 * characters escaped, and no ASCII control characters except tab, line feed and carriage return.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters removed
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

export function xmlText(value: string | number): string {
  return String(value)
    .replace(CONTROL, '')
    .replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** `<name>text</name>`, or nothing for an empty value. */
export function element(name: string, value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  return `<${name}>${xmlText(value)}</${name}>`;
}

const MSK_OFFSET_MS = 3 * 3_600_000;

/** ISO 8601 with Moscow's offset (no DST since 2014): `2026-12-07T09:30:00+03:00`. */
export function moscowDateTime(at: Date | string | number): string {
  const t = new Date(at).getTime();
  const shifted = new Date(t + MSK_OFFSET_MS).toISOString().slice(0, 19);
  return `${shifted}+03:00`;
}
