/**
 * The revenue plugin's settings:
 * - REVENUE_CBR_URL — the Central Bank of Russia's daily rates (XML_daily.asp; `?date_req=DD/MM/YYYY`
 *   is appended); tests point it at a local server serving recorded files.
 * - REVENUE_RATE_CURRENCIES — the currencies loaded into exchangeRate (comma-separated ISO codes);
 *   unset: every currency of the bank's file.
 * - REVENUE_CBR_TIMEOUT_MS — how long one request to the bank may take (default 20 s).
 */
import { z } from 'zod';
import { defineSettings, type HasSettings, settingSchemas } from '../core/settings/index';

export const DEFAULT_CBR_URL = 'https://www.cbr.ru/scripts/XML_daily.asp';

export const revenueSettings = defineSettings('revenue', {
  cbrUrl: {
    schema: z
      .string()
      .optional()
      .transform((v) => v ?? DEFAULT_CBR_URL)
      .refine(
        (v) => /^https?:\/\/[^\s]+$/.test(v),
        'expected an http(s) URL such as https://www.cbr.ru/scripts/XML_daily.asp',
      ),
    description: 'the Central Bank of Russia’s daily rates XML (date_req=DD/MM/YYYY is appended)',
    example: DEFAULT_CBR_URL,
  },
  rateCurrencies: {
    schema: z
      .string()
      .optional()
      .transform((v) =>
        (v ?? '')
          .split(',')
          .map((s) => s.trim().toUpperCase())
          .filter((s) => s !== ''),
      )
      .refine(
        (list) => list.every((c) => /^[A-Z]{3}$/.test(c)),
        'expected ISO currency codes separated by commas, e.g. USD,EUR,KZT',
      ),
    description: 'currencies loaded into exchangeRate (comma-separated); unset: all the bank publishes',
    example: 'USD,EUR,CNY,KZT,JPY',
  },
  cbrTimeoutMs: {
    schema: settingSchemas.milliseconds(20_000, 100),
    description: 'time allowed for one request to the bank, in milliseconds',
    example: '20000',
  },
});

export interface RevenueSettings {
  readonly cbrUrl: string;
  readonly rateCurrencies: readonly string[];
  readonly cbrTimeoutMs: number;
}

export function revenueSettingsOf(ctx: HasSettings): RevenueSettings {
  const values = ctx.settings.has('revenue') ? revenueSettings.of(ctx) : undefined;
  return {
    cbrUrl: values?.cbrUrl ?? DEFAULT_CBR_URL,
    rateCurrencies: values?.rateCurrencies ?? [],
    cbrTimeoutMs: values?.cbrTimeoutMs ?? 20_000,
  };
}
