/**
 * What people do with revenue — create a scenario with its lines, copy one and
 * adjust it, mark the primary, add/change lines, move an amount between lines,
 * set a deal's allocations — for routes and operations (`realty revenue …`)
 * alike, through the caller's scoped reader and writer; a dry run checks
 * everything and writes nothing. Every input is checked first
 * (dates, amounts, currency codes, a rate in force, 100 %, one primary) and
 * refused with a RevenueError naming the row and field; only then is anything
 * written, and a multi-record write that fails half-way is undone.
 * A deal's scenarios and lines are read fresh from Twenty (the read model may
 * not hold a write of a second ago); rates come from the read model.
 */
import { randomUUID } from 'node:crypto';
import { eq, type RecordsApi, type TwentyRecord } from '../../sdk/index';
import type { RouteContext } from '../core/plugin/index';
import { loadRateTable, readerQuery } from './revenue-data';
import { type Allocation, type SplitType, validateAllocations } from './rules/allocation';
import { type LineStatus, type PlanLine, SCENARIO_KINDS, type ScenarioKind } from './rules/forecast';
import {
  CURRENCY_CODE,
  type Money,
  moneyFromTwenty,
  moneyToTwenty,
  parseAmount,
  parseDate,
} from './rules/money';
import { type RateTable, RUB } from './rules/rate-table';
import { RevenueError } from './rules/revenue-errors';
import { allocationTarget, assertCanBePrimary, copyLines, moveAmount } from './rules/scenario-rules';

type Records = Pick<RecordsApi<TwentyRecord>, 'list' | 'get' | 'create' | 'createMany' | 'update' | 'delete'>;

/**
 * Who works with revenue: a route's or an operation's context — reads through its scoped reader,
 * writes through its scoped writer (the caller's policy applies); a dry run checks and writes nothing.
 */
export type RevenueCaller = Pick<RouteContext, 'reader' | 'writer'> & { readonly dryRun?: boolean };

export interface LineInput {
  dueDate: string;
  amount: string | number;
  currencyCode: string;
  status?: LineStatus | undefined;
  receivedDate?: string | null | undefined;
  receivedAmount?: string | number | null | undefined;
  receivedCurrencyCode?: string | null | undefined;
}

export interface ScenarioInput {
  opportunityId: string;
  name: string;
  kind?: ScenarioKind | undefined;
  probability?: string | number | undefined;
  isPrimary?: boolean | undefined;
  lines?: readonly LineInput[] | undefined;
}

export interface AllocationInput {
  departmentId?: string | null | undefined;
  memberId?: string | null | undefined;
  sharePercent?: string | number | null | undefined;
  fixedAmount?: string | number | null | undefined;
  currencyCode?: string | null | undefined;
  splitType?: SplitType | undefined;
  role?: string | null | undefined;
}

const at = (prefix: string, field: string) => (prefix ? `${prefix}.${field}` : field);

function parseCode(code: unknown, field: string): string {
  const upper = String(code ?? '')
    .trim()
    .toUpperCase();
  if (!CURRENCY_CODE.test(upper))
    throw new RevenueError(
      'revenue_unknown_currency',
      `${field}: unknown currency code «${String(code ?? '')}»: expected three letters such as USD`,
      { field },
    );
  return upper;
}

/** A line's values for Twenty, checked against the rates (the currency is known, a rate is in force). */
export function parseLine(
  input: LineInput,
  rates: RateTable,
  prefix = '',
  row?: number,
): Record<string, unknown> {
  const withRow = (fn: () => unknown) => {
    try {
      return fn();
    } catch (error) {
      if (error instanceof RevenueError && row !== undefined && error.row === undefined)
        throw new RevenueError(error.code, `строка ${row}: ${error.message}`, {
          ...(error.field ? { field: error.field } : {}),
          row,
        });
      throw error;
    }
  };
  return withRow(() => {
    const dueDate = parseDate(input.dueDate, at(prefix, 'dueDate'));
    const code = parseCode(input.currencyCode, at(prefix, 'currencyCode'));
    const amount: Money = {
      amount: parseAmount(input.amount, at(prefix, 'amount'), { allowZero: false }),
      currencyCode: code,
    };
    rates.toRub(amount, dueDate, at(prefix, 'currencyCode'));
    const status = input.status ?? 'PLANNED';
    const values: Record<string, unknown> = { dueDate, amount: moneyToTwenty(amount), status };
    const hasReceived =
      input.receivedAmount !== null && input.receivedAmount !== undefined && input.receivedAmount !== '';
    if (hasReceived || input.receivedDate) {
      const receivedDate = input.receivedDate
        ? parseDate(input.receivedDate, at(prefix, 'receivedDate'))
        : dueDate;
      const got: Money = hasReceived
        ? {
            amount: parseAmount(input.receivedAmount, at(prefix, 'receivedAmount')),
            currencyCode: parseCode(input.receivedCurrencyCode ?? code, at(prefix, 'receivedCurrencyCode')),
          }
        : amount;
      rates.toRub(got, receivedDate, at(prefix, 'receivedCurrencyCode'));
      values.receivedDate = receivedDate;
      values.receivedAmount = moneyToTwenty(got);
    } else {
      values.receivedDate = null;
      values.receivedAmount = null;
    }
    return values;
  }) as Record<string, unknown>;
}

function parseProbability(input: unknown): string {
  const p = parseAmount(input ?? 100, 'probability');
  if (p.gt(100))
    throw new RevenueError('revenue_bad_amount', `probability: a percentage 0–100, got «${String(input)}»`, {
      field: 'probability',
    });
  return p.toFixed();
}

function parseKind(input: unknown): ScenarioKind {
  const kind = String(input ?? 'BASE');
  if (!(SCENARIO_KINDS as readonly string[]).includes(kind))
    throw new RevenueError('revenue_bad_amount', `kind: one of ${SCENARIO_KINDS.join(', ')}, got «${kind}»`, {
      field: 'kind',
    });
  return kind as ScenarioKind;
}

async function ratesFor(caller: RevenueCaller, codes: Iterable<unknown>): Promise<RateTable> {
  const list = [
    ...new Set(
      [...codes]
        .map((c) =>
          String(c ?? '')
            .trim()
            .toUpperCase(),
        )
        .filter((c) => c && c !== RUB),
    ),
  ];
  return loadRateTable(readerQuery(caller.reader), list.length > 0 ? list : ['RUB']);
}

async function all(records: Records, filter: ReturnType<typeof eq>): Promise<TwentyRecord[]> {
  const out: TwentyRecord[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await records.list({ filter, limit: 200, ...(cursor ? { startingAfter: cursor } : {}) });
    out.push(...page.records);
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return out;
    cursor = page.pageInfo.endCursor;
  }
}

export const scenariosOfDeal = (caller: RevenueCaller, opportunityId: string) =>
  all(caller.writer.records('revenueScenario'), eq('opportunityId', opportunityId));
export const linesOfScenario = (caller: RevenueCaller, scenarioId: string) =>
  all(caller.writer.records('revenuePlanLine'), eq('scenarioId', scenarioId));

const asScenarioRef = (r: TwentyRecord) => ({
  id: r.id,
  name: String(r.name ?? ''),
  isPrimary: r.isPrimary === true,
});

export function planLineOf(r: TwentyRecord): PlanLine {
  return {
    id: r.id,
    dueDate: typeof r.dueDate === 'string' ? r.dueDate.slice(0, 10) : null,
    amount: moneyFromTwenty(r.amount as never),
    status: (r.status as LineStatus) ?? 'PLANNED',
    receivedDate: typeof r.receivedDate === 'string' ? r.receivedDate.slice(0, 10) : null,
    receivedAmount: moneyFromTwenty(r.receivedAmount as never),
  };
}

async function mustGet(
  caller: RevenueCaller,
  object: string,
  id: string,
  what: string,
): Promise<TwentyRecord> {
  try {
    return await caller.writer.records(object).get(id);
  } catch (error) {
    if ((error as { status?: number }).status === 404 || /not found/i.test(String((error as Error).message)))
      throw new RevenueError('revenue_not_found', `${what} ${id} does not exist (or is not yours to see)`, {
        field: `${object}Id`,
      });
    throw error;
  }
}

/** Creates lines; on failure deletes what was created, then rethrows. */
async function createAllOrNothing(
  records: Records,
  rows: Record<string, unknown>[],
  undo: () => Promise<void>,
): Promise<TwentyRecord[]> {
  try {
    return rows.length > 0 ? await records.createMany(rows as Partial<TwentyRecord>[]) : [];
  } catch (error) {
    await undo().catch(() => undefined);
    throw error;
  }
}

export async function createScenario(caller: RevenueCaller, input: ScenarioInput) {
  await mustGet(caller, 'opportunity', input.opportunityId, 'deal');
  const name = String(input.name ?? '').trim();
  if (!name) throw new RevenueError('revenue_bad_amount', 'name: a scenario needs a name', { field: 'name' });
  const kind = parseKind(input.kind);
  const probability = parseProbability(input.probability);
  const lines = input.lines ?? [];
  const rates = await ratesFor(
    caller,
    lines.flatMap((l) => [l.currencyCode, l.receivedCurrencyCode]),
  );
  const lineValues = lines.map((l, i) => parseLine(l, rates, `lines.${i}`, i + 1));
  const existing = (await scenariosOfDeal(caller, input.opportunityId)).map(asScenarioRef);
  const isPrimary = existing.length === 0 ? true : input.isPrimary === true;
  if (isPrimary) assertCanBePrimary(existing, null);
  if (caller.dryRun)
    return {
      dryRun: true,
      scenario: { name, opportunityId: input.opportunityId, kind, probability, isPrimary },
      lines: lineValues,
    };
  const id = randomUUID();
  const scenario = await caller.writer.records('revenueScenario').create({
    id,
    name,
    opportunityId: input.opportunityId,
    kind,
    probability,
    isPrimary,
    validationIssue: null,
  } as Partial<TwentyRecord>);
  const created = await createAllOrNothing(
    caller.writer.records('revenuePlanLine'),
    lineValues.map((v, i) => ({ ...v, id: randomUUID(), scenarioId: id, name: `${name} · ${i + 1}` })),
    async () => {
      await caller.writer.records('revenueScenario').delete(id, { mode: 'destroy' });
    },
  );
  return { scenario, lines: created };
}

export async function copyScenario(
  caller: RevenueCaller,
  sourceId: string,
  input: {
    name: string;
    kind?: ScenarioKind;
    probability?: string | number;
    amountPercent?: string | number;
    shiftDays?: number;
  },
) {
  const source = await mustGet(caller, 'revenueScenario', sourceId, 'scenario');
  const amountPercent =
    input.amountPercent === undefined ? undefined : parseAmount(input.amountPercent, 'amountPercent');
  if (
    input.shiftDays !== undefined &&
    (!Number.isInteger(input.shiftDays) || Math.abs(input.shiftDays) > 3650)
  )
    throw new RevenueError(
      'revenue_bad_date',
      `shiftDays: a whole number of days within ±3650, got «${input.shiftDays}»`,
      { field: 'shiftDays' },
    );
  const lines = copyLines((await linesOfScenario(caller, sourceId)).map(planLineOf), {
    ...(amountPercent ? { amountPercent } : {}),
    ...(input.shiftDays ? { shiftDays: input.shiftDays } : {}),
  });
  return createScenario(caller, {
    opportunityId: String(source.opportunityId),
    name: input.name,
    kind: input.kind ?? (source.kind as ScenarioKind) ?? 'CUSTOM',
    probability: input.probability ?? String(source.probability ?? '100'),
    isPrimary: false,
    lines: lines.map((l) => ({
      dueDate: l.dueDate as string,
      amount: (l.amount as Money).amount.toFixed(),
      currencyCode: (l.amount as Money).currencyCode,
    })),
  });
}

/** Moves the primary mark to this scenario (the other primary loses it first; undone if the second write fails). */
export async function markPrimary(caller: RevenueCaller, scenarioId: string) {
  const scenario = await mustGet(caller, 'revenueScenario', scenarioId, 'scenario');
  const others = (await scenariosOfDeal(caller, String(scenario.opportunityId))).filter(
    (s) => s.id !== scenarioId && s.isPrimary === true,
  );
  if (caller.dryRun)
    return { ...scenario, isPrimary: true, dryRun: true, losesPrimary: others.map((o) => o.id) };
  const records = caller.writer.records('revenueScenario');
  for (const o of others)
    await records.update(o.id, { isPrimary: false, validationIssue: null } as Partial<TwentyRecord>);
  try {
    return await records.update(scenarioId, {
      isPrimary: true,
      validationIssue: null,
    } as Partial<TwentyRecord>);
  } catch (error) {
    for (const o of others)
      await records.update(o.id, { isPrimary: true } as Partial<TwentyRecord>).catch(() => undefined);
    throw error;
  }
}

export async function addLine(caller: RevenueCaller, scenarioId: string, input: LineInput) {
  const scenario = await mustGet(caller, 'revenueScenario', scenarioId, 'scenario');
  const rates = await ratesFor(caller, [input.currencyCode, input.receivedCurrencyCode]);
  const values = parseLine(input, rates);
  const line = { ...values, scenarioId, name: `${String(scenario.name ?? '')} · ${String(values.dueDate)}` };
  if (caller.dryRun) return { ...line, dryRun: true };
  return caller.writer
    .records('revenuePlanLine')
    .create({ ...line, id: randomUUID() } as Partial<TwentyRecord>);
}

/** Changes a line: a new date, amount, a (partial) receipt; the whole line is re-checked. */
export async function updateLine(caller: RevenueCaller, lineId: string, patch: Partial<LineInput>) {
  const current = planLineOf(await mustGet(caller, 'revenuePlanLine', lineId, 'plan line'));
  const merged: LineInput = {
    dueDate: patch.dueDate ?? current.dueDate ?? '',
    amount: patch.amount ?? current.amount?.amount.toFixed() ?? '',
    currencyCode: patch.currencyCode ?? current.amount?.currencyCode ?? RUB,
    status: patch.status ?? current.status,
    receivedDate: patch.receivedDate !== undefined ? patch.receivedDate : current.receivedDate,
    receivedAmount:
      patch.receivedAmount !== undefined
        ? patch.receivedAmount
        : (current.receivedAmount?.amount.toFixed() ?? null),
    receivedCurrencyCode: patch.receivedCurrencyCode ?? current.receivedAmount?.currencyCode ?? null,
  };
  const rates = await ratesFor(caller, [merged.currencyCode, merged.receivedCurrencyCode]);
  const values = parseLine(merged, rates);
  return caller.writer
    .records('revenuePlanLine')
    .update(lineId, { ...values, validationIssue: null } as Partial<TwentyRecord>);
}

/** Moves part of one line's amount to another line of the same scenario. */
export async function moveBetweenLines(
  caller: RevenueCaller,
  input: { fromLineId: string; toLineId: string; amount: string | number },
) {
  const amount = parseAmount(input.amount, 'amount', { allowZero: false });
  const [fromRecord, toRecord] = [
    await mustGet(caller, 'revenuePlanLine', input.fromLineId, 'plan line'),
    await mustGet(caller, 'revenuePlanLine', input.toLineId, 'plan line'),
  ];
  if (fromRecord.scenarioId !== toRecord.scenarioId)
    throw new RevenueError('revenue_bad_move', 'an amount moves between lines of one scenario', {
      field: 'toLineId',
    });
  const moved = moveAmount(planLineOf(fromRecord), planLineOf(toRecord), amount);
  const records = caller.writer.records('revenuePlanLine');
  const from = await records.update(input.fromLineId, {
    amount: moneyToTwenty(moved.from),
  } as Partial<TwentyRecord>);
  try {
    const to = await records.update(input.toLineId, {
      amount: moneyToTwenty(moved.to),
    } as Partial<TwentyRecord>);
    return { from, to };
  } catch (error) {
    await records
      .update(input.fromLineId, { amount: fromRecord.amount } as Partial<TwentyRecord>)
      .catch(() => undefined);
    throw error;
  }
}

/** Parses allocation rows (1-based rows in errors). */
export function parseAllocations(inputs: readonly AllocationInput[]): Allocation[] {
  return inputs.map((a, i) => {
    const row = i + 1;
    const wrap = <T>(fn: () => T): T => {
      try {
        return fn();
      } catch (error) {
        if (error instanceof RevenueError)
          throw new RevenueError('revenue_bad_allocation', `allocation ${row}: ${error.message}`, {
            ...(error.field ? { field: `allocations.${i}.${error.field}` } : {}),
            row,
          });
        throw error;
      }
    };
    return wrap(() => ({
      departmentId: a.departmentId || null,
      memberId: a.memberId || null,
      sharePercent:
        a.sharePercent === null || a.sharePercent === undefined || a.sharePercent === ''
          ? null
          : parseAmount(a.sharePercent, 'sharePercent'),
      fixedAmount:
        a.fixedAmount === null || a.fixedAmount === undefined || a.fixedAmount === ''
          ? null
          : {
              amount: parseAmount(a.fixedAmount, 'fixedAmount'),
              currencyCode: parseCode(a.currencyCode ?? RUB, 'currencyCode'),
            },
      splitType: a.splitType ?? 'REVENUE',
      role: a.role ?? null,
    }));
  });
}

/** Replaces the allocation set of a deal (or of one of its scenarios), after checking it whole. */
export async function setAllocations(
  caller: RevenueCaller,
  input: { opportunityId: string; scenarioId?: string | null; allocations: readonly AllocationInput[] },
) {
  await mustGet(caller, 'opportunity', input.opportunityId, 'deal');
  const allocations = parseAllocations(input.allocations);
  const scenarios = await scenariosOfDeal(caller, input.opportunityId);
  const scenario = input.scenarioId
    ? scenarios.find((s) => s.id === input.scenarioId)
    : scenarios.find((s) => s.isPrimary === true);
  if (input.scenarioId && !scenario)
    throw new RevenueError(
      'revenue_bad_allocation',
      `scenario ${input.scenarioId} is not a scenario of this deal`,
      { field: 'scenarioId' },
    );
  const needsTarget = allocations.some((a) => a.splitType === 'REVENUE' && a.fixedAmount);
  let target = null;
  if (needsTarget) {
    if (!scenario)
      throw new RevenueError(
        'revenue_bad_allocation',
        'fixed amounts need a primary scenario with lines to compare against',
        { field: 'fixedAmount' },
      );
    const lines = (await linesOfScenario(caller, scenario.id)).map(planLineOf);
    const rates = await ratesFor(
      caller,
      lines.map((l) => l.amount?.currencyCode),
    );
    target = allocationTarget(lines, rates).target;
  }
  validateAllocations(allocations, target);
  const records = caller.writer.records('revenueAllocation');
  const old = (await all(records, eq('opportunityId', input.opportunityId))).filter(
    (a) => (a.scenarioId ?? null) === (input.scenarioId ?? null),
  );
  const rows = allocations.map((a) => ({
    id: randomUUID(),
    name: a.role ?? a.splitType,
    opportunityId: input.opportunityId,
    scenarioId: input.scenarioId ?? null,
    departmentId: a.departmentId ?? null,
    memberId: a.memberId ?? null,
    sharePercent: a.sharePercent ? a.sharePercent.toFixed() : null,
    fixedAmount: a.fixedAmount ? moneyToTwenty(a.fixedAmount) : null,
    splitType: a.splitType,
    roleOnDeal: a.role ?? null,
    validationIssue: null,
  }));
  if (caller.dryRun) return rows;
  const created = await createAllOrNothing(records, rows, async () => {
    for (const r of rows) await records.delete(r.id, { mode: 'destroy' }).catch(() => undefined);
  });
  for (const o of old) await records.delete(o.id, { mode: 'destroy' });
  return created;
}

export async function createDepartment(
  caller: RevenueCaller,
  input: { name: string; parentId?: string | null; headId?: string | null },
) {
  const name = String(input.name ?? '').trim();
  if (!name)
    throw new RevenueError('revenue_bad_allocation', 'name: a department needs a name', { field: 'name' });
  return caller.writer.records('department').create({
    id: randomUUID(),
    name,
    parentId: input.parentId ?? null,
    headId: input.headId ?? null,
  } as Partial<TwentyRecord>);
}
