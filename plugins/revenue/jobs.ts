/**
 * The daily rates job: after the bank publishes (around 15:30–17:00 Moscow
 * time the rate for the next day — UNCONFIRMED exact time, so it runs at
 * 17:30 and again at 21:30), it loads every day since the last loaded rate up
 * to tomorrow (at most 31 days at once, so a long outage catches up over a
 * few runs), idempotently: an unchanged rate is not written again.
 */
import { every, type PluginContext } from '../core/plugin/index';
import { moscowToday } from '../core/runtime/index';
import { fetchCbrDaily } from './cbr-rates';
import { refreshForecastProjection } from './forecast-projection';
import { loadRatesRange, type RatesLoadSummary } from './rates-loader';
import { systemQuery } from './revenue-data';
import { addDays } from './rules/money';
import { revenueSettingsOf } from './settings';

export const MAX_DAYS_PER_RUN = 31;

export async function loadDailyRates(ctx: PluginContext): Promise<RatesLoadSummary> {
  const query = systemQuery(ctx);
  const today = moscowToday(ctx.clock.now());
  const [last] = await query<{ date: string | null }>(
    'select max(r.date)::text as date from {exchangeRate} r',
  );
  const tomorrow = addDays(today, 1);
  let from = last?.date ? addDays(last.date, 1) : today;
  if (from > tomorrow) from = tomorrow;
  const cap = addDays(from, MAX_DAYS_PER_RUN - 1);
  const to = [cap, tomorrow].sort()[0] as string;
  const settings = revenueSettingsOf(ctx);
  return loadRatesRange(
    {
      fetchDay: (date) => fetchCbrDaily(settings.cbrUrl, date, { timeoutMs: settings.cbrTimeoutMs }),
      query,
      records: ctx.twenty.records('exchangeRate'),
      currencies: settings.rateCurrencies,
    },
    { from, to },
  );
}

export const revenueJobs = [
  // The portfolio's projection catches up with the read model every minute, and is rebuilt nightly.
  every('* * * * *', 'revenue:forecast-projection', async (_event, ctx) => {
    const done = await refreshForecastProjection(ctx);
    if (done.lines + done.scenarios > 0) ctx.log.debug(done, 'revenue: forecast projection refreshed');
  }),
  every('15 3 * * *', 'revenue:forecast-projection-rebuild', async (_event, ctx) => {
    ctx.log.info(
      await refreshForecastProjection(ctx, { full: true }),
      'revenue: forecast projection rebuilt',
    );
  }),
  every('30 17,21 * * *', 'revenue:cbr-rates', async (_event, ctx) => {
    const summary = await loadDailyRates(ctx);
    ctx.log.info(
      { from: summary.from, to: summary.to, written: summary.written, files: summary.files },
      'revenue: loaded the Central Bank of Russia’s rates',
    );
  }),
];
