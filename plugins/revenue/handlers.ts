/**
 * Records created or edited in Twenty's own UI (or by another integration)
 * are checked by the same rules as the API: a deal with two primary
 * scenarios (or none), a plan line in an unknown currency or dated before any
 * published rate, allocations whose revenue shares do not total 100 %. The
 * record is flagged (`validationIssue`, cleared once fixed) and the author
 * gets a Twenty task linked to the deal — nothing is reverted: planning data
 * is the planner's, the flag and the task say what to fix. Team changes
 * (the teams plugin's projectTeamMember) prompt a review of the deal's
 * allocations instead of changing them silently. The project's own writes reach
 * these handlers too (issue 21): the checks skip them (`ctx.writtenBy`: the app's
 * writes went through the same rules), the review prompt skips only demo data.
 */
import { eq, type TwentyRecord, type TwentyWebhookEvent } from '../../sdk/index';
import { on, type PluginContext, uuidV5 } from '../core/plugin/index';
import { loadRateTable, systemQuery } from './revenue-data';
import { parseAllocations, planLineOf } from './revenue-service';
import { validateAllocations } from './rules/allocation';
import { lineResult } from './rules/forecast';
import { moneyFromTwenty } from './rules/money';
import { RevenueError } from './rules/revenue-errors';
import { allocationTarget, checkPrimary } from './rules/scenario-rules';

async function listAll(
  ctx: PluginContext,
  object: string,
  field: string,
  value: string,
): Promise<TwentyRecord[]> {
  const out: TwentyRecord[] = [];
  for await (const r of ctx.twenty.records(object).iterate({ filter: eq(field, value) })) out.push(r);
  return out;
}

/** Sets or clears the flag where it differs. */
async function flag(
  ctx: PluginContext,
  object: string,
  record: TwentyRecord,
  issue: string | null,
): Promise<boolean> {
  const current =
    typeof record.validationIssue === 'string' && record.validationIssue !== ''
      ? record.validationIssue
      : null;
  if (current === issue) return false;
  await ctx.twenty.records(object).update(record.id, { validationIssue: issue } as Partial<TwentyRecord>);
  return true;
}

/** A task for whoever made the change (when Twenty says who), linked to the deal; one per change. */
async function tellAuthor(
  ctx: PluginContext,
  event: TwentyWebhookEvent,
  input: { key: string; title: string; body: string; opportunityId?: string | null },
): Promise<void> {
  const version = String(event.record.updatedAt ?? event.eventDate ?? '');
  const taskId = uuidV5(`revenue:validation-task:${input.key}:${version}`);
  await ctx.twenty.records('task').create(
    {
      id: taskId,
      title: input.title,
      bodyV2: { markdown: input.body, blocknote: null },
      status: 'TODO',
      ...(event.workspaceMemberId ? { assigneeId: event.workspaceMemberId } : {}),
    } as Partial<TwentyRecord>,
    { upsert: true },
  );
  if (input.opportunityId)
    await ctx.twenty.records('taskTarget').create(
      {
        id: uuidV5(`revenue:validation-task-target:${taskId}`),
        taskId,
        opportunityId: input.opportunityId,
      } as Partial<TwentyRecord>,
      {
        upsert: true,
      },
    );
}

export async function checkDealScenarios(
  ctx: PluginContext,
  event: TwentyWebhookEvent,
  opportunityId: string,
): Promise<void> {
  const scenarios = await listAll(ctx, 'revenueScenario', 'opportunityId', opportunityId);
  const verdict = checkPrimary(
    scenarios.map((s) => ({ id: s.id, name: String(s.name ?? ''), isPrimary: s.isPrimary === true })),
  );
  let flagged = false;
  for (const s of scenarios) {
    const concerned = !verdict.ok && (verdict.primaries.length === 0 || verdict.primaries.includes(s.id));
    flagged =
      (await flag(ctx, 'revenueScenario', s, concerned ? (verdict.message ?? null) : null)) || flagged;
  }
  if (!verdict.ok && flagged)
    await tellAuthor(ctx, event, {
      key: `scenarios:${opportunityId}`,
      title: 'Сценарии выручки: у сделки должен быть ровно один основной сценарий',
      body: `${verdict.message}.\n\nОткройте сделку на странице /revenue или в Twenty и оставьте отметку «Primary» у одного сценария.`,
      opportunityId,
    });
}

export async function checkPlanLine(
  ctx: PluginContext,
  event: TwentyWebhookEvent,
  line: TwentyRecord,
): Promise<void> {
  const plan = planLineOf(line);
  const codes = [plan.amount?.currencyCode, plan.receivedAmount?.currencyCode].filter(
    (c): c is string => !!c && c !== 'RUB',
  );
  const rates = await loadRateTable(systemQuery(ctx), codes.length > 0 ? codes : ['RUB']);
  let issue: string | null = null;
  try {
    lineResult(plan, rates);
  } catch (error) {
    if (!(error instanceof RevenueError)) throw error;
    issue = error.message;
  }
  if ((await flag(ctx, 'revenuePlanLine', line, issue)) && issue) {
    const scenario = line.scenarioId
      ? await ctx.twenty
          .records('revenueScenario')
          .get(String(line.scenarioId))
          .catch(() => undefined)
      : undefined;
    await tellAuthor(ctx, event, {
      key: `line:${line.id}`,
      title: 'Строка плана выручки не пересчитывается в рубли',
      body: `Строка «${String(line.name ?? line.id)}»: ${issue}.\n\nИсправьте валюту или дату; строка не входит в прогноз, пока это не сделано.`,
      opportunityId: scenario ? String(scenario.opportunityId ?? '') || null : null,
    });
  }
}

export async function checkAllocationGroup(
  ctx: PluginContext,
  event: TwentyWebhookEvent,
  opportunityId: string,
  scenarioId: string | null,
): Promise<void> {
  const group = (await listAll(ctx, 'revenueAllocation', 'opportunityId', opportunityId)).filter(
    (a) => (a.scenarioId ?? null) === scenarioId,
  );
  let issue: string | null = null;
  try {
    const allocations = parseAllocations(
      group.map((a) => {
        const fixed = moneyFromTwenty(a.fixedAmount as never);
        return {
          departmentId: (a.departmentId as string | null) ?? null,
          memberId: (a.memberId as string | null) ?? null,
          sharePercent: (a.sharePercent as string | null) ?? null,
          fixedAmount: fixed && !fixed.amount.isZero() ? fixed.amount.toFixed() : null,
          currencyCode: fixed?.currencyCode ?? null,
          splitType: a.splitType === 'OVERLAY' ? 'OVERLAY' : 'REVENUE',
        };
      }),
    );
    let target = null;
    if (allocations.some((a) => a.fixedAmount && a.splitType === 'REVENUE')) {
      const scenarios = await listAll(ctx, 'revenueScenario', 'opportunityId', opportunityId);
      const scenario = scenarioId
        ? scenarios.find((s) => s.id === scenarioId)
        : scenarios.find((s) => s.isPrimary === true);
      if (scenario) {
        const lines = (await listAll(ctx, 'revenuePlanLine', 'scenarioId', scenario.id)).map(planLineOf);
        const codes = lines.map((l) => l.amount?.currencyCode).filter((c): c is string => !!c && c !== 'RUB');
        target = allocationTarget(
          lines,
          await loadRateTable(systemQuery(ctx), codes.length > 0 ? codes : ['RUB']),
        ).target;
      }
    }
    validateAllocations(allocations, target);
  } catch (error) {
    if (!(error instanceof RevenueError)) throw error;
    issue = error.message;
  }
  let flagged = false;
  for (const a of group) flagged = (await flag(ctx, 'revenueAllocation', a, issue)) || flagged;
  if (issue && flagged)
    await tellAuthor(ctx, event, {
      key: `allocations:${opportunityId}:${scenarioId ?? 'deal'}`,
      title: 'Распределение выручки по сделке не сходится',
      body: `${issue}.\n\nИсправьте доли или суммы распределения (страница /revenue/deals/${opportunityId}).`,
      opportunityId,
    });
}

/** A team member added, removed or ended: prompt a review of the deal's allocations (never silently changed). */
export async function promptAllocationReview(ctx: PluginContext, event: TwentyWebhookEvent): Promise<void> {
  const r = event.record;
  const teamId = typeof r.teamId === 'string' ? r.teamId : null;
  const memberId = typeof r.memberId === 'string' ? r.memberId : null;
  if (!teamId || !memberId) return;
  if (
    event.action === 'updated' &&
    !(event.updatedFields ?? []).some((f) => ['validTo', 'memberId', 'teamId'].includes(f))
  )
    return;
  const team = await ctx.twenty
    .records('projectTeam')
    .get(teamId)
    .catch(() => undefined);
  const opportunityId = team && typeof team.opportunityId === 'string' ? team.opportunityId : null;
  if (!opportunityId) return;
  const allocations = await listAll(ctx, 'revenueAllocation', 'opportunityId', opportunityId);
  const has = allocations.some((a) => a.memberId === memberId);
  const left =
    event.action === 'deleted' ||
    event.action === 'destroyed' ||
    (typeof r.validTo === 'string' && r.validTo !== '');
  if (left ? !has : has) return;
  await tellAuthor(ctx, event, {
    key: `team:${r.id}:${event.action}`,
    title: left
      ? 'Сотрудник вышел из команды сделки — проверьте распределение выручки'
      : 'В команде сделки новый сотрудник — распределить ли на него выручку?',
    body: left
      ? `На сотрудника ${memberId} по-прежнему распределена выручка сделки. Распределение не меняется само: исправьте его на странице /revenue/deals/${opportunityId}.`
      : `Сотрудник ${memberId} добавлен в команду сделки, но доли выручки у него нет. Если он участвует в выручке, измените распределение на странице /revenue/deals/${opportunityId}.`,
    opportunityId,
  });
}

const opportunityOf = (e: TwentyWebhookEvent) =>
  typeof e.record.opportunityId === 'string' ? e.record.opportunityId : null;

export const revenueHandlers = [
  on(
    'revenueScenario.*',
    async (event, ctx) => {
      if (ctx.writtenBy) return;
      const opportunityId = opportunityOf(event);
      if (!opportunityId || event.action === 'upserted') return;
      if (
        event.action === 'updated' &&
        event.updatedFields &&
        !event.updatedFields.some((f) => ['isPrimary', 'opportunityId', 'opportunity'].includes(f))
      )
        return;
      await checkDealScenarios(ctx, event, opportunityId);
    },
    { name: 'check-primary-scenario' },
  ),
  on(
    'revenuePlanLine.*',
    async (event, ctx) => {
      if (ctx.writtenBy || (event.action !== 'created' && event.action !== 'updated')) return;
      const fields = ['amount', 'dueDate', 'receivedAmount', 'receivedDate', 'status'];
      if (
        event.action === 'updated' &&
        event.updatedFields &&
        !event.updatedFields.some((f) => fields.includes(f))
      )
        return;
      await checkPlanLine(ctx, event, event.record);
    },
    { name: 'check-plan-line' },
  ),
  on(
    'revenueAllocation.*',
    async (event, ctx) => {
      const opportunityId = opportunityOf(event);
      if (ctx.writtenBy || !opportunityId) return;
      const fields = [
        'sharePercent',
        'fixedAmount',
        'splitType',
        'departmentId',
        'memberId',
        'scenarioId',
        'opportunityId',
      ];
      if (
        event.action === 'updated' &&
        event.updatedFields &&
        !event.updatedFields.some((f) => fields.includes(f))
      )
        return;
      const scenarioId = typeof event.record.scenarioId === 'string' ? event.record.scenarioId : null;
      await checkAllocationGroup(ctx, event, opportunityId, scenarioId);
    },
    { name: 'check-allocations' },
  ),
  // A team changed on the teams page is news here; the demo's teams are not.
  on(
    'projectTeamMember.*',
    (event, ctx) => (ctx.writtenBy?.kind === 'seed' ? undefined : promptAllocationReview(ctx, event)),
    {
      name: 'prompt-allocation-review',
    },
  ),
];
