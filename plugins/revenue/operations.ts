/**
 * `realty revenue scenario|copy|primary|line|allocate` — and the same as
 * `POST /api/operations/revenue/…`: working with a deal's scenarios, declared
 * once as operations over revenue-service.ts (the pages keep their own
 * routes over the same service). Core decides whether a command goes through
 * the running app or runs here; every one writes, so every one has
 * `--dry-run` (everything checked, nothing written).
 */
import { z } from 'zod';
import { defineOperation } from '../core/plugin/index';
import { moscowToday } from '../core/runtime/index';
import { REVENUE_ROLES } from './access';
import { fetchCbrDaily } from './cbr-rates';
import { loadRatesRange, type RatesLoadSummary } from './rates-loader';
import { readerQuery } from './revenue-data';
import {
  type AllocationInput,
  addLine,
  copyScenario,
  createScenario,
  type LineInput,
  markPrimary,
  setAllocations,
} from './revenue-service';
import { guard, REVENUE_OBJECTS } from './routes';
import { SCENARIO_KINDS } from './rules/forecast';
import { addDays, parseDate } from './rules/money';
import { RevenueError } from './rules/revenue-errors';
import { revenueSettingsOf } from './settings';

const uuid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'не id записи (uuid)');
const scenarioId = uuid.describe('the scenario (its id)');
const dry = (dryRun: boolean, text: string) => (dryRun ? `пробный прогон: ${text}` : text);

/** «2026-04-15 1250000 USD» or «2026-04-15;1250000,50;RUB». */
function parseLineText(text: string, index: number): LineInput {
  const parts = text.split(/[;\s]+/).filter(Boolean);
  if (parts.length !== 3)
    throw new RevenueError(
      'revenue_bad_amount',
      `строка ${index + 1}: ожидается «ДАТА СУММА ВАЛЮТА», например «2026-04-15 1250000 USD», получено «${text}»`,
      { field: 'line' },
    );
  return { dueDate: parts[0] as string, amount: parts[1] as string, currencyCode: parts[2] as string };
}

function parseAllocationsText(text: string): AllocationInput[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new RevenueError('revenue_bad_allocation', `не JSON: ${(error as Error).message}`, {
      field: 'file',
    });
  }
  if (!Array.isArray(parsed))
    throw new RevenueError('revenue_bad_allocation', 'ожидается JSON-массив распределений', {
      field: 'file',
    });
  return parsed as AllocationInput[];
}

const ratesText = (s: RatesLoadSummary) =>
  `${s.dryRun ? 'Dry run: ' : ''}${s.requested} day(s) asked, ${s.files} file(s) in force ${s.inForceDates[0] ?? '—'} … ${s.inForceDates.at(-1) ?? '—'}; ` +
  `${s.records} rate(s) of ${s.currencies.length} currencies: ${s.added} new, ${s.changed} changed, ${s.unchanged} unchanged; ${s.written} written`;

export const ratesOperation = defineOperation({
  name: 'rates',
  description:
    'load the Central Bank of Russia’s daily rates into exchangeRate (default: today and tomorrow)',
  roles: ['admin'],
  input: z.object({
    from: z.string().optional().describe('first date (YYYY-MM-DD or DD.MM.YYYY); default today (Moscow)'),
    to: z
      .string()
      .optional()
      .describe('last date; default the day after --from’s today (the rate the bank set for tomorrow)'),
  }),
  writes: true,
  objects: REVENUE_OBJECTS,
  run: (input, ctx) =>
    guard(async () => {
      const today = moscowToday(ctx.clock.now());
      const from = input.from ? parseDate(input.from, 'from') : today;
      const to = input.to ? parseDate(input.to, 'to') : input.from ? from : addDays(today, 1);
      if (from > to)
        throw new RevenueError('revenue_bad_date', `--from ${from} is after --to ${to}`, { field: 'from' });
      if (addDays(from, 3660) < to)
        throw new RevenueError('revenue_bad_date', 'at most ten years at a time', { field: 'to' });
      const settings = revenueSettingsOf(ctx);
      return loadRatesRange(
        {
          fetchDay: (date) =>
            fetchCbrDaily(settings.cbrUrl, date, { timeoutMs: settings.cbrTimeoutMs, signal: ctx.signal }),
          query: readerQuery(ctx.reader),
          records: ctx.writer.records('exchangeRate'),
          currencies: settings.rateCurrencies,
          onFetched: (done, total) => ctx.progress(done, total, 'fetching rates from the bank'),
          onWritten: (done, total) => ctx.progress(done, total, 'writing exchangeRate'),
          signal: ctx.signal,
        },
        { from, to, dryRun: ctx.dryRun },
      );
    }),
  render: ratesText,
});

export const revenueOperations = [
  ratesOperation,
  defineOperation({
    name: 'revenue scenario',
    description: 'create a revenue scenario of a deal with its lines (the first of a deal becomes primary)',
    roles: REVENUE_ROLES,
    input: z.object({
      deal: uuid.describe('the deal (opportunity id)'),
      name: z.string().describe('the scenario’s name'),
      kind: z.enum(SCENARIO_KINDS).default('BASE').describe('the kind'),
      probability: z.string().default('100').describe('weight in the portfolio, 0–100'),
      primary: z
        .boolean()
        .optional()
        .describe('make it the primary (refused if the deal has one: use `realty revenue primary`)'),
      line: z.array(z.string()).default([]).describe('«DATE AMOUNT CURRENCY»'),
    }),
    writes: true,
    objects: REVENUE_OBJECTS,
    run: (input, ctx) =>
      guard(() =>
        createScenario(ctx, {
          opportunityId: input.deal,
          name: input.name,
          kind: input.kind,
          probability: input.probability,
          isPrimary: input.primary === true,
          lines: input.line.map(parseLineText),
        }),
      ),
    render: (r, input) => dry('dryRun' in r, `сценарий «${input.name}» создан, строк: ${r.lines.length}`),
  }),
  defineOperation({
    name: 'revenue copy',
    description: 'copy a scenario (what is still expected), optionally scaled and shifted',
    roles: REVENUE_ROLES,
    input: z.object({
      scenarioId,
      name: z.string().describe('the copy’s name'),
      kind: z.enum(SCENARIO_KINDS).optional().describe('the kind'),
      probability: z.string().optional().describe('weight in the portfolio, 0–100'),
      percent: z.string().optional().describe('planned amounts × this percent (e.g. 90)'),
      shiftDays: z.number().int().optional().describe('move due dates by this many days'),
    }),
    args: ['scenarioId'],
    writes: true,
    objects: REVENUE_OBJECTS,
    run: (input, ctx) =>
      guard(() =>
        copyScenario(ctx, input.scenarioId, {
          name: input.name,
          ...(input.kind ? { kind: input.kind } : {}),
          ...(input.probability ? { probability: input.probability } : {}),
          ...(input.percent ? { amountPercent: input.percent } : {}),
          ...(input.shiftDays !== undefined ? { shiftDays: input.shiftDays } : {}),
        }),
      ),
    render: (r, input) => dry('dryRun' in r, `скопировано в «${input.name}», строк: ${r.lines.length}`),
  }),
  defineOperation({
    name: 'revenue primary',
    description: 'make a scenario its deal’s primary (the previous primary loses the mark)',
    roles: REVENUE_ROLES,
    input: z.object({ scenarioId }),
    args: ['scenarioId'],
    writes: true,
    objects: REVENUE_OBJECTS,
    run: async (input, ctx) => ({ scenario: await guard(() => markPrimary(ctx, input.scenarioId)) }),
    render: (r) => dry(r.scenario.dryRun === true, 'основной сценарий назначен'),
  }),
  defineOperation({
    name: 'revenue line',
    description: 'add a plan line to a scenario',
    roles: REVENUE_ROLES,
    input: z.object({
      scenarioId,
      due: z.string().describe('the due date (YYYY-MM-DD or DD.MM.YYYY)'),
      amount: z.string().describe('the amount'),
      currency: z.string().default('RUB').describe('ISO code'),
    }),
    args: ['scenarioId'],
    writes: true,
    objects: REVENUE_OBJECTS,
    run: async (input, ctx) => ({
      line: await guard(() =>
        addLine(ctx, input.scenarioId, {
          dueDate: input.due,
          amount: input.amount,
          currencyCode: input.currency,
        }),
      ),
    }),
    render: (r) => dry(r.line.dryRun === true, 'строка добавлена'),
  }),
  defineOperation({
    name: 'revenue allocate',
    description:
      'replace a deal’s allocations from a JSON file ([{ departmentId, memberId, sharePercent | fixedAmount, splitType, role }])',
    roles: REVENUE_ROLES,
    input: z.object({
      opportunityId: uuid.describe('the deal (opportunity id)'),
      file: z.string().describe('a JSON file: the allocations'),
      scenario: uuid.optional().describe('the scenario (default: the deal as a whole)'),
    }),
    args: ['opportunityId'],
    files: { file: 'text' },
    bodyLimit: 5 * 1024 * 1024,
    writes: true,
    objects: REVENUE_OBJECTS,
    run: async (input, ctx) => ({
      ...(ctx.dryRun ? { dryRun: true } : {}),
      allocations: await guard(() =>
        setAllocations(ctx, {
          opportunityId: input.opportunityId,
          scenarioId: input.scenario ?? null,
          allocations: parseAllocationsText(input.file),
        }),
      ),
    }),
    render: (r) => dry(r.dryRun === true, `распределений задано: ${r.allocations.length}`),
  }),
];
