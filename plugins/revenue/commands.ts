/**
 * `realty rates` and `realty revenue …`: loading the bank's rates and working
 * with scenarios from the command line. With `realty start` running (it owns
 * the embedded store) the work goes through the app's API — the same routes
 * the pages use; otherwise through a system context here. Exit codes: 0 done,
 * 1 failed (the bank unreachable, a write refused), 2 bad usage or input
 * (nothing written).
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { type CommandContext, defineCommand } from '../core/plugin/index';
import { CbrFileError, fetchCbrDaily } from './cbr-rates';
import { systemPort } from './handlers';
import { loadRatesRange, type RatesLoadSummary } from './rates-loader';
import { loadAllocations, loadScenarios, systemQuery } from './revenue-data';
import {
  type AllocationInput,
  addLine,
  copyScenario,
  createScenario,
  type LineInput,
  markPrimary,
  type RevenuePort,
  setAllocations,
} from './revenue-service';
import { SCENARIO_KINDS, type ScenarioKind } from './rules/forecast';
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

/** Through the running app (its API answers in the one error body), or a local system port. */
async function viaAppOr<T>(
  ctx: CommandContext,
  request: { method: string; path: string; body?: unknown },
  local: (port: RevenuePort) => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; code: number }> {
  const app = await ctx.app();
  if (app) {
    const res = await app.request<T & { message?: string; field?: string }>(
      request.method,
      request.path,
      request.body,
    );
    if (res.status >= 400) {
      ctx.say(
        `${res.body.field ? `${res.body.field}: ` : ''}${res.body.message ?? `the app answered ${res.status}`}`,
      );
      return { ok: false, code: res.status < 500 ? EXIT_USAGE : EXIT_FAILED };
    }
    return { ok: true, value: res.body };
  }
  return { ok: true, value: await local(systemPort(await ctx.open())) };
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** «2026-04-15 1250000 USD» or «2026-04-15;1250000,50;RUB». */
function parseLineOption(text: string, index: number): LineInput {
  const parts = text.split(/[;\s]+/).filter(Boolean);
  if (parts.length !== 3)
    throw new RevenueError(
      'revenue_bad_amount',
      `--line ${index + 1}: expected «DATE AMOUNT CURRENCY», e.g. «2026-04-15 1250000 USD», got «${text}»`,
      {
        field: '--line',
      },
    );
  return { dueDate: parts[0] as string, amount: parts[1] as string, currencyCode: parts[2] as string };
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
    name: 'revenue scenario',
    description: 'create a revenue scenario of a deal with its lines (the first of a deal becomes primary)',
    configure: (cmd: Command) =>
      cmd
        .requiredOption('--deal <opportunityId>', 'the deal (opportunity id)')
        .requiredOption('--name <name>', 'the scenario’s name')
        .option('--kind <kind>', `one of ${SCENARIO_KINDS.join(', ')}`, 'BASE')
        .option('--probability <percent>', 'weight in the portfolio, 0–100', '100')
        .option(
          '--primary',
          'make it the primary (refused if the deal has one: use `realty revenue primary`)',
        )
        .option('--line <line>', '«DATE AMOUNT CURRENCY», repeatable', collect, [])
        .option('--json', 'print the result as JSON'),
    run: ({ options }, ctx) =>
      run(ctx, async () => {
        const lines = (options.line as string[]).map(parseLineOption);
        const body = {
          opportunityId: String(options.deal),
          name: String(options.name),
          kind: String(options.kind) as ScenarioKind,
          probability: String(options.probability),
          isPrimary: options.primary === true,
          lines,
        };
        const out = await viaAppOr(ctx, { method: 'POST', path: '/api/revenue/scenarios', body }, (port) =>
          createScenario(port, body),
        );
        if (!out.ok) return out.code;
        ctx.say(`created scenario «${body.name}» with ${lines.length} line(s)`);
        ctx.json(out.value);
        return EXIT_OK;
      }),
  }),
  defineCommand({
    name: 'revenue copy',
    description: 'copy a scenario (what is still expected), optionally scaled and shifted',
    configure: (cmd: Command) =>
      cmd
        .argument('<scenarioId>')
        .requiredOption('--name <name>', 'the copy’s name')
        .option('--kind <kind>', `one of ${SCENARIO_KINDS.join(', ')}`)
        .option('--probability <percent>')
        .option('--percent <percent>', 'planned amounts × this percent (e.g. 90)')
        .option('--shift-days <days>', 'move due dates by this many days')
        .option('--json'),
    run: ({ args, options }, ctx) =>
      run(ctx, async () => {
        const shift = options.shiftDays === undefined ? undefined : Number(options.shiftDays);
        if (shift !== undefined && !Number.isInteger(shift)) {
          ctx.say(`--shift-days: a whole number of days, got «${String(options.shiftDays)}»`);
          return EXIT_USAGE;
        }
        const body = {
          name: String(options.name),
          ...(options.kind ? { kind: String(options.kind) as ScenarioKind } : {}),
          ...(options.probability ? { probability: String(options.probability) } : {}),
          ...(options.percent ? { amountPercent: String(options.percent) } : {}),
          ...(shift !== undefined ? { shiftDays: shift } : {}),
        };
        const id = String(args[0]);
        const out = await viaAppOr(
          ctx,
          { method: 'POST', path: `/api/revenue/scenarios/${id}/copy`, body },
          (port) => copyScenario(port, id, body),
        );
        if (!out.ok) return out.code;
        ctx.say(`copied into «${body.name}»`);
        ctx.json(out.value);
        return EXIT_OK;
      }),
  }),
  defineCommand({
    name: 'revenue primary',
    description: 'make a scenario its deal’s primary (the previous primary loses the mark)',
    configure: (cmd: Command) => cmd.argument('<scenarioId>').option('--json'),
    run: ({ args }, ctx) =>
      run(ctx, async () => {
        const id = String(args[0]);
        const out = await viaAppOr(
          ctx,
          { method: 'POST', path: `/api/revenue/scenarios/${id}/primary` },
          (port) => markPrimary(port, id),
        );
        if (!out.ok) return out.code;
        ctx.say('primary scenario set');
        ctx.json(out.value);
        return EXIT_OK;
      }),
  }),
  defineCommand({
    name: 'revenue line',
    description: 'add a plan line to a scenario',
    configure: (cmd: Command) =>
      cmd
        .argument('<scenarioId>')
        .requiredOption('--due <date>')
        .requiredOption('--amount <amount>')
        .option('--currency <code>', 'ISO code', 'RUB')
        .option('--json'),
    run: ({ args, options }, ctx) =>
      run(ctx, async () => {
        const id = String(args[0]);
        const body: LineInput = {
          dueDate: String(options.due),
          amount: String(options.amount),
          currencyCode: String(options.currency),
        };
        const out = await viaAppOr(
          ctx,
          { method: 'POST', path: `/api/revenue/scenarios/${id}/lines`, body },
          (port) => addLine(port, id, body),
        );
        if (!out.ok) return out.code;
        ctx.say('line added');
        ctx.json(out.value);
        return EXIT_OK;
      }),
  }),
  defineCommand({
    name: 'revenue allocate',
    description:
      'replace a deal’s allocations from a JSON file ([{ departmentId, memberId, sharePercent | fixedAmount, splitType, role }])',
    configure: (cmd: Command) =>
      cmd
        .argument('<opportunityId>')
        .requiredOption('--file <json>')
        .option('--scenario <scenarioId>')
        .option('--json'),
    run: ({ args, options }, ctx) =>
      run(ctx, async () => {
        let allocations: AllocationInput[];
        try {
          allocations = JSON.parse(await readFile(String(options.file), 'utf8')) as AllocationInput[];
          if (!Array.isArray(allocations)) throw new Error('expected a JSON array');
        } catch (error) {
          ctx.say(`--file: ${error instanceof Error ? error.message : String(error)}`);
          return EXIT_USAGE;
        }
        const opportunityId = String(args[0]);
        const body = { scenarioId: options.scenario ? String(options.scenario) : null, allocations };
        const out = await viaAppOr(
          ctx,
          { method: 'PUT', path: `/api/revenue/deals/${opportunityId}/allocations`, body },
          (port) => setAllocations(port, { opportunityId, ...body }),
        );
        if (!out.ok) return out.code;
        ctx.say(`${allocations.length} allocation(s) set`);
        ctx.json(out.value);
        return EXIT_OK;
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
