/**
 * The one adapter to the Central Bank of Russia's daily rates
 * (`XML_daily.asp?date_req=DD/MM/YYYY`, research/domain-sources.md §6.1):
 * windows-1251 XML, `<ValCurs Date="DD.MM.YYYY">` with one `<Valute>` per
 * currency — `CharCode`, `Nominal` (100 for JPY, KZT…), `Value` = RUB per
 * Nominal units with a comma decimal, `VunitRate` (per unit, newer files;
 * optional here). The file's Date is the date the rates are in force from and
 * may differ from the date asked for. A malformed or truncated file is a
 * CbrFileError naming what is wrong; nothing of it is used.
 */
import axios from 'axios';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import iconv from 'iconv-lite';
import { Dec } from './rules/money';

export class CbrFileError extends Error {
  readonly code = 'revenue_bad_rates_file';
  constructor(
    readonly source: string,
    reason: string,
  ) {
    super(`файл курсов ${source} нельзя использовать: ${reason}`);
    this.name = 'CbrFileError';
  }
}

export interface CbrRate {
  /** The bank's id (R01235 for USD). */
  readonly id: string;
  readonly numCode: string;
  readonly charCode: string;
  readonly nominal: number;
  readonly name: string;
  /** RUB per nominal units, dot decimal, exactly as published («90.1234»). */
  readonly value: string;
}

export interface CbrDay {
  /** ISO date the rates are in force from (ValCurs@Date). */
  readonly date: string;
  readonly rates: readonly CbrRate[];
  readonly source: string;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => name === 'Valute',
});

/** The encoding the prolog declares (windows-1251 when it says nothing, as the bank always sends). */
function declaredEncoding(head: Buffer): string {
  const prolog = head.subarray(0, 200).toString('latin1');
  return /encoding=["']([\w-]+)["']/i.exec(prolog)?.[1]?.toLowerCase() ?? 'windows-1251';
}

const COMMA_DECIMAL = /^\d+(,\d+)?$/;

/** Parses one file as the bank sends it (bytes). */
export function parseCbrDaily(bytes: Buffer | Uint8Array, source = 'XML_daily.asp'): CbrDay {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes);
  if (buffer.length === 0) throw new CbrFileError(source, 'он пуст');
  const encoding = declaredEncoding(buffer);
  if (!iconv.encodingExists(encoding)) throw new CbrFileError(source, `неизвестная кодировка «${encoding}»`);
  const text = iconv.decode(buffer, encoding);
  const valid = XMLValidator.validate(text);
  if (valid !== true)
    throw new CbrFileError(
      source,
      `испорченный или обрезанный XML в строке ${valid.err.line}, столбце ${valid.err.col}: ${valid.err.msg}`,
    );
  const doc = parser.parse(text) as { ValCurs?: { '@Date'?: string; Valute?: Record<string, unknown>[] } };
  const root = doc.ValCurs;
  if (!root) throw new CbrFileError(source, 'нет элемента <ValCurs>: это не ежедневный файл курсов банка');
  const dateText = root['@Date'] ?? '';
  const m = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(dateText);
  if (!m) throw new CbrFileError(source, `<ValCurs Date="${dateText}">: ожидается дата ДД.ММ.ГГГГ`);
  const date = `${m[3]}-${m[2]}-${m[1]}`;
  const valutes = root.Valute ?? [];
  if (valutes.length === 0)
    throw new CbrFileError(source, `в <ValCurs Date="${dateText}"> нет ни одного <Valute>`);
  const rates = valutes.map((v, i) => {
    const at = `<Valute> ${i + 1}${typeof v['@ID'] === 'string' ? ` (ID ${v['@ID']})` : ''}`;
    const text = (key: string) =>
      typeof v[key] === 'string' || typeof v[key] === 'number' ? String(v[key]).trim() : '';
    const charCode = text('CharCode');
    if (!/^[A-Z]{3}$/.test(charCode))
      throw new CbrFileError(source, `${at}: CharCode «${charCode}» — не код валюты`);
    const nominalText = text('Nominal') || '1';
    if (!/^[1-9]\d*$/.test(nominalText))
      throw new CbrFileError(source, `${at} ${charCode}: Nominal «${nominalText}» — не целое число`);
    const valueText = text('Value');
    if (!COMMA_DECIMAL.test(valueText))
      throw new CbrFileError(
        source,
        `${at} ${charCode}: Value «${valueText}» — не десятичное число вида 90,1234`,
      );
    return {
      id: text('@ID'),
      numCode: text('NumCode'),
      charCode,
      nominal: Number(nominalText),
      name: text('Name'),
      value: valueText.replace(',', '.'),
    };
  });
  const seen = new Set<string>();
  for (const r of rates) {
    if (seen.has(r.charCode)) throw new CbrFileError(source, `${r.charCode} встречается дважды`);
    seen.add(r.charCode);
  }
  return { date, rates, source };
}

/** DD/MM/YYYY as the bank's `date_req` wants it. */
export const dateReq = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** The URL for the rates in force on `isoDate`. */
export function cbrDailyUrl(baseUrl: string, isoDate: string): string {
  return `${baseUrl}${baseUrl.includes('?') ? '&' : '?'}date_req=${dateReq(isoDate)}`;
}

/** Fetches and parses the file for one date (network errors and non-200 answers are CbrFileError too). */
export async function fetchCbrDaily(
  baseUrl: string,
  isoDate: string,
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<CbrDay> {
  const url = cbrDailyUrl(baseUrl, isoDate);
  let bytes: Buffer;
  try {
    const res = await axios.get<ArrayBuffer>(url, {
      responseType: 'arraybuffer',
      timeout: options.timeoutMs ?? 20_000,
      validateStatus: () => true,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (res.status !== 200) throw new CbrFileError(url, `банк ответил HTTP ${res.status}`);
    bytes = Buffer.from(res.data);
  } catch (error) {
    if (error instanceof CbrFileError) throw error;
    throw new CbrFileError(
      url,
      `его не удалось получить (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  return parseCbrDaily(bytes, url);
}

/** A file in the bank's format (windows-1251 bytes): the seed's recorded days and the tests' fake bank. */
export function renderCbrDaily(day: { date: string; rates: readonly CbrRate[] }): Buffer {
  const [y, mo, d] = day.date.split('-');
  const body = day.rates
    .map((r) => {
      const value = r.value.replace('.', ',');
      const unit = new Dec(r.value).dividedBy(r.nominal).toDecimalPlaces(6).toFixed().replace('.', ',');
      return `<Valute ID="${r.id}"><NumCode>${r.numCode}</NumCode><CharCode>${r.charCode}</CharCode><Nominal>${r.nominal}</Nominal><Name>${r.name}</Name><Value>${value}</Value><VunitRate>${unit}</VunitRate></Valute>`;
    })
    .join('');
  return iconv.encode(
    `<?xml version="1.0" encoding="windows-1251"?><ValCurs Date="${d}.${mo}.${y}" name="Foreign Currency Market">${body}</ValCurs>`,
    'windows-1251',
  );
}
