/**
 * `realty rates` and `realty revenue check`: loading the bank's rates and
 * checking the revenue rules from the command line. With `realty start`
 * running (it owns the embedded store) `rates` goes through the app's API;
 * otherwise through a system context here. The scenario commands (`revenue
 * scenario|copy|primary|line|allocate`) are operations (operations.ts). Exit
 * codes: 0 done, 1 failed (the bank unreachable, a write refused), 2 bad usage
 * or input (nothing written).
 */
import type { Command } from 'commander';
import { type CommandContext, defineCommand } from '../core/plugin/index';
import { CbrFileError, fetchCbrDaily } from './cbr-rates';
import { loadRatesRange, type RatesLoadSummary } from './rates-loader';
import { loadAllocations, loadScenarios, systemQuery } from './revenue-data';
import { addDays, parseDate } from './rules/money';
import { RevenueError } from './rules/revenue-errors';
import { checkPrimary } from './rules/scenario-rules';
import { revenueSettingsOf } from './settings';

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

/** Moscow's calendar day (the bank's). */
export function moscowToday(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Moscow',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

function printRates(ctx: CommandContext, s: RatesLoadSummary): void {
  ctx.say(
    `${s.dryRun ? 'Dry run: ' : ''}${s.requested} day(s) asked, ${s.files} file(s) in force ${s.inForceDates[0] ?? '—'} … ${s.inForceDates.at(-1) ?? '—'}; ` +
      `${s.records} rate(s) of ${s.currencies.length} currencies: ${s.added} new, ${s.changed} changed, ${s.unchanged} unchanged; ${s.written} written`,
  );
  ctx.json(s);
}

/** Runs `fn` and maps errors to exit codes with one clear line. */
async function run(ctx: CommandContext, fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof RevenueError) {
      ctx.say(`${error.field ? `${error.field}: ` : ''}${error.message}`);
      return EXIT_USAGE;
    }
    if (error instanceof CbrFileError) {
      ctx.say(error.message);
      return EXIT_FAILED;
    }
    throw error;
  }
}

export const revenueCommands = [
  defineCommand({
    name: 'rates',
    description:
      'load the Central Bank of Russia’s daily rates into exchangeRate (default: today and tomorrow)',
    configure: (cmd: Command) =>
      cmd
        .option('--from <date>', 'first date (YYYY-MM-DD or DD.MM.YYYY); default today (Moscow)')
        .option(
          '--to <date>',
          'last date; default the day after --from’s today (the rate the bank set for tomorrow)',
        )
        .option('--dry-run', 'fetch and check, write nothing')
        .option('--json', 'print the summary as JSON on stdout'),
    run: ({ options }, ctx) =>
      run(ctx, async () => {
        const today = moscowToday(new Date());
        const from = options.from ? parseDate(options.from, '--from') : today;
        const to = options.to ? parseDate(options.to, '--to') : options.from ? from : addDays(today, 1);
        if (from > to)
          throw new RevenueError('revenue_bad_date', `--from ${from} is after --to ${to}`, {
            field: '--from',
          });
        if (addDays(from, 3660) < to)
          throw new RevenueError('revenue_bad_date', 'at most ten years at a time', { field: '--to' });
        const dryRun = options.dryRun === true;
        const app = await ctx.app();
        if (app) {
          ctx.say(`realty start is running: loading through the app (${app.url}) …`);
          const res = await app.request<RatesLoadSummary & { message?: string }>(
            'POST',
            '/api/revenue/rates/load',
            { from, to, dryRun },
          );
          if (res.status >= 400) {
            ctx.say(res.body.message ?? `the app answered ${res.status}`);
            return res.status === 400 ? EXIT_USAGE : EXIT_FAILED;
          }
          printRates(ctx, res.body);
          return EXIT_OK;
        }
        const pctx = await ctx.open();
        const settings = revenueSettingsOf(pctx);
        const fetchBar = ctx.progress('fetching rates from the bank');
        const writeBar = ctx.progress('writing exchangeRate');
        try {
          const summary = await loadRatesRange(
            {
              fetchDay: (date) =>
                fetchCbrDaily(settings.cbrUrl, date, {
                  timeoutMs: settings.cbrTimeoutMs,
                  signal: ctx.signal,
                }),
              query: systemQuery(pctx),
              records: pctx.twenty.records('exchangeRate'),
              currencies: settings.rateCurrencies,
              onFetched: (done, total) => fetchBar.update(done, total),
              onWritten: (done, total) => writeBar.update(done, total),
              signal: ctx.signal,
            },
            { from, to, dryRun },
          );
          fetchBar.stop();
          writeBar.stop();
          printRates(ctx, summary);
          return EXIT_OK;
        } finally {
          fetchBar.stop();
          writeBar.stop();
        }
      }),
  }),
  defineCommand({
    name: 'revenue check',
    description: 'list deals breaking a revenue rule (primary scenarios, allocations, lines without a rate)',
    configure: (cmd: Command) => cmd.option('--json'),
    run: (_input, ctx) =>
      run(ctx, async () => {
        if (await ctx.app()) {
          ctx.say(
            'realty start is running: see the flagged records on /revenue (the handlers check every change)',
          );
          return EXIT_OK;
        }
        const query = systemQuery(await ctx.open());
        const deals = (
          await query<{ id: string }>(
            'select distinct s.opportunity_id::text as id from {revenueScenario} s where s.opportunity_id is not null',
          )
        ).map((r) => r.id);
        const scenarios = await loadScenarios(query, { opportunityIds: deals });
        const problems: { opportunityId: string; problem: string }[] = [];
        for (const deal of deals) {
          const verdict = checkPrimary(scenarios.filter((s) => s.opportunityId === deal));
          if (!verdict.ok) problems.push({ opportunityId: deal, problem: verdict.message ?? '' });
        }
        for (const a of await loadAllocations(query))
          if (a.validationIssue)
            problems.push({ opportunityId: a.opportunityId ?? '', problem: a.validationIssue });
        for (const p of problems) ctx.say(`${p.opportunityId}: ${p.problem}`);
        ctx.say(
          problems.length === 0
            ? `${deals.length} deal(s) checked: no problems`
            : `${problems.length} problem(s)`,
        );
        ctx.json({ deals: deals.length, problems });
        return problems.length === 0 ? EXIT_OK : EXIT_FAILED;
      }),
  }),
];
