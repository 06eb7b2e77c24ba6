/**
 * Russian money in figures and in words, as contracts write it: «1 234 567 (один миллион двести
 * тридцать четыре тысячи пятьсот шестьдесят семь) рублей 89 копеек». Thousands are feminine
 * (одна тысяча, две тысячи), roubles and millions masculine; the noun agrees with the last two
 * digits (1 рубль, 2 рубля, 5 рублей, 11 рублей, 21 рубль). Amounts are decimal.js values, never
 * binary floats; kopecks are rounded half-up to two places.
 */
import Decimal from 'decimal.js';

type Gender = 'masculine' | 'feminine';
/** The three forms of a counted noun: one (1, 21), few (2–4, 22–24), many (0, 5–20, 25–30). */
export type NounForms = readonly [one: string, few: string, many: string];

export const RUBLE: NounForms = ['рубль', 'рубля', 'рублей'];
export const KOPECK: NounForms = ['копейка', 'копейки', 'копеек'];
const THOUSAND: NounForms = ['тысяча', 'тысячи', 'тысяч'];
const MILLION: NounForms = ['миллион', 'миллиона', 'миллионов'];
const BILLION: NounForms = ['миллиард', 'миллиарда', 'миллиардов'];
const TRILLION: NounForms = ['триллион', 'триллиона', 'триллионов'];

const UNITS_M = ['', 'один', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'];
const UNITS_F = ['', 'одна', 'две', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'];
const TEENS = [
  'десять',
  'одиннадцать',
  'двенадцать',
  'тринадцать',
  'четырнадцать',
  'пятнадцать',
  'шестнадцать',
  'семнадцать',
  'восемнадцать',
  'девятнадцать',
];
const TENS = [
  '',
  '',
  'двадцать',
  'тридцать',
  'сорок',
  'пятьдесят',
  'шестьдесят',
  'семьдесят',
  'восемьдесят',
  'девяносто',
];
const HUNDREDS = [
  '',
  'сто',
  'двести',
  'триста',
  'четыреста',
  'пятьсот',
  'шестьсот',
  'семьсот',
  'восемьсот',
  'девятьсот',
];

/** The form of `forms` that agrees with the count `n` (a non-negative integer). */
export function pluralRu(n: number | bigint, forms: NounForms): string {
  const big = BigInt(n);
  const lastTwo = Number(big % 100n);
  const last = lastTwo % 10;
  if (lastTwo >= 11 && lastTwo <= 14) return forms[2];
  if (last === 1) return forms[0];
  if (last >= 2 && last <= 4) return forms[1];
  return forms[2];
}

/** 0–999 in words ('' for 0). */
function triad(n: number, gender: Gender): string[] {
  const words: string[] = [];
  const h = Math.floor(n / 100);
  const rest = n % 100;
  if (h > 0) words.push(HUNDREDS[h] as string);
  if (rest >= 10 && rest < 20) words.push(TEENS[rest - 10] as string);
  else {
    const t = Math.floor(rest / 10);
    const u = rest % 10;
    if (t > 0) words.push(TENS[t] as string);
    if (u > 0) words.push((gender === 'feminine' ? UNITS_F : UNITS_M)[u] as string);
  }
  return words;
}

/** A non-negative integer in words, agreeing with a noun of `gender` («одна», «две» for feminine). */
export function integerInWords(n: bigint, gender: Gender = 'masculine'): string {
  if (n < 0n) return `минус ${integerInWords(-n, gender)}`;
  if (n === 0n) return 'ноль';
  const scales: { forms: NounForms | null; gender: Gender }[] = [
    { forms: null, gender },
    { forms: THOUSAND, gender: 'feminine' },
    { forms: MILLION, gender: 'masculine' },
    { forms: BILLION, gender: 'masculine' },
    { forms: TRILLION, gender: 'masculine' },
  ];
  const parts: string[] = [];
  let rest = n;
  for (let i = 0; rest > 0n; i++) {
    const scale = scales[i];
    if (!scale) throw new RangeError(`сумма ${n} слишком велика для записи прописью`);
    const value = Number(rest % 1000n);
    rest /= 1000n;
    if (value === 0) continue;
    const words = triad(value, scale.gender);
    if (scale.forms) words.push(pluralRu(value, scale.forms));
    parts.unshift(words.join(' '));
  }
  return parts.join(' ');
}

/** Rubles and kopecks of an amount (rounded half-up to the kopeck); the sign separately. */
export function splitRubles(amount: Decimal.Value): { negative: boolean; rubles: bigint; kopecks: number } {
  const d = new Decimal(amount).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  const abs = d.abs();
  const rubles = BigInt(abs.floor().toFixed(0));
  const kopecks = abs.minus(abs.floor()).times(100).toNumber();
  return { negative: d.isNegative() && !d.isZero(), rubles, kopecks: Math.round(kopecks) };
}

/** «1 234 567» — groups of three separated by a no-break space. */
export function groupDigits(n: bigint): string {
  return n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
}

const kopecksText = (k: number) => `${String(k).padStart(2, '0')} ${pluralRu(k, KOPECK)}`;

/** «1 234 567 рублей 89 копеек». */
export function rublesInFigures(amount: Decimal.Value): string {
  const { negative, rubles, kopecks } = splitRubles(amount);
  return `${negative ? '−' : ''}${groupDigits(rubles)} ${pluralRu(rubles, RUBLE)} ${kopecksText(kopecks)}`;
}

/** «один миллион одна тысяча один рубль 01 копейка». */
export function rublesInWords(amount: Decimal.Value): string {
  const { negative, rubles, kopecks } = splitRubles(amount);
  return `${negative ? 'минус ' : ''}${integerInWords(rubles)} ${pluralRu(rubles, RUBLE)} ${kopecksText(kopecks)}`;
}

/** As contracts write it: «1 234 567 (один миллион … семь) рублей 89 копеек». */
export function rublesContractForm(amount: Decimal.Value): string {
  const { negative, rubles, kopecks } = splitRubles(amount);
  const sign = negative ? '−' : '';
  return `${sign}${groupDigits(rubles)} (${negative ? 'минус ' : ''}${integerInWords(rubles)}) ${pluralRu(rubles, RUBLE)} ${kopecksText(kopecks)}`;
}

/** Twenty's CURRENCY micros (number, string or bigint) as a Decimal of roubles; null when absent. */
export function rublesOfMicros(micros: unknown): Decimal | null {
  if (micros === null || micros === undefined || micros === '') return null;
  try {
    const d = new Decimal(typeof micros === 'bigint' ? micros.toString() : (micros as Decimal.Value));
    return d.isFinite() ? d.dividedBy(1_000_000) : null;
  } catch {
    return null;
  }
}
