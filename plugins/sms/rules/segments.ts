/**
 * How many SMS parts a text takes. A text written only in the GSM 03.38 alphabet goes as GSM-7:
 * 160 characters in one part, 153 per part when split (the 6-byte header of a concatenated part
 * takes the rest); the extension table's characters (`€ [ ] { } \ ^ ~ |` and form feed) are an
 * escape plus a character, so they count twice. Any other character — one Cyrillic letter is
 * enough — switches the whole text to UCS-2: 70 UTF-16 units in one part, 67 per part (an emoji
 * outside the BMP is two units).
 */

export type SmsEncoding = 'GSM7' | 'UCS2';

export interface SegmentCount {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 units (UCS-2) the text takes. */
  units: number;
  /** Parts the text is sent as (0 for an empty text). */
  segments: number;
  /** Units a part holds at this length: 160/70 for one part, 153/67 when split. */
  perSegment: number;
  /** Units left in the last part before another part is needed. */
  remaining: number;
}

export const LIMITS = {
  GSM7: { single: 160, multi: 153 },
  UCS2: { single: 70, multi: 67 },
} as const;

const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENDED = '\f^{}\\[~]|€';

const BASIC = new Set(GSM7_BASIC);
const EXTENDED = new Set(GSM7_EXTENDED);

/** GSM-7 septets of the text, or null when a character needs UCS-2. */
function gsm7Units(text: string): number | null {
  let units = 0;
  for (const ch of text) {
    if (BASIC.has(ch)) units += 1;
    else if (EXTENDED.has(ch)) units += 2;
    else return null;
  }
  return units;
}

export function countSegments(text: string): SegmentCount {
  const gsm = gsm7Units(text);
  const encoding: SmsEncoding = gsm === null ? 'UCS2' : 'GSM7';
  const units = gsm ?? text.length; // String length is UTF-16 units: a surrogate pair counts 2.
  const limit = LIMITS[encoding];
  if (units === 0) return { encoding, units, segments: 0, perSegment: limit.single, remaining: limit.single };
  if (units <= limit.single)
    return { encoding, units, segments: 1, perSegment: limit.single, remaining: limit.single - units };
  const segments = Math.ceil(units / limit.multi);
  return { encoding, units, segments, perSegment: limit.multi, remaining: segments * limit.multi - units };
}

/** «1 часть», «2 части», «5 частей». */
export function partsRu(n: number): string {
  const mod10 = n % 10;
  const mod100 = n % 100;
  if (mod10 === 1 && mod100 !== 11) return `${n} часть`;
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return `${n} части`;
  return `${n} частей`;
}
