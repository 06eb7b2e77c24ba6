/**
 * The plan-fact's HTTP routes: the /planfact page (plan, fact, delta and % by month and complex,
 * the chart, the calculator), the calculator's recomputation (POST, computes and writes nothing),
 * the rows as JSON and the template download for the page's link.
 */
import { z } from 'zod';
import { definePage, defineRoute, pageResponse, RouteError } from '../core/plugin/index';
import { residentialComplex } from '../registry/index';
import { PLANFACT_ROLES } from './access';
import { templateBytes, templatePeriod } from './operations';
import { renderPlanFactPage } from './pages/planfact-page';
import { PLANFACT_OBJECTS, type PlanFactQuery, planFactRows } from './published-reads';
import { addMonths, moscowMonth } from './rules/months';
import { keyOf } from './rules/plan-fact';
import { salesPlan } from './schema';
import { loadView } from './view';
import { isMetric, METRICS } from './vocabulary';
import { XLSX_TYPE } from './workbook/plan-workbook';

export const planfactPage = definePage({
  path: '/planfact',
  title: { ru: 'План-факт продаж', en: 'Sales plan vs fact' },
  roles: PLANFACT_ROLES,
  order: 45,
});

const OBJECTS = [...PLANFACT_OBJECTS];

const filterQuery = z.object({
  from: z.string().optional(),
  to: z.string().optional(),
  complexId: z.string().optional(),
  metric: z.string().optional(),
});

/** The filter with the defaults: three months back to two ahead of this (Moscow) month. */
export function withDefaults(q: z.infer<typeof filterQuery>, now: Date): PlanFactQuery {
  const month = moscowMonth(now);
  return {
    from: q.from || addMonths(month, -3),
    to: q.to || addMonths(month, 2),
    ...(q.complexId ? { complexId: q.complexId } : {}),
    ...(q.metric ? { metric: q.metric } : {}),
  };
}

const pageRoute = defineRoute({
  method: 'GET',
  path: '/planfact',
  roles: PLANFACT_ROLES,
  description:
    'The plan-fact page: plan, fact, delta and % by month and complex, the chart and the calculator',
  objects: OBJECTS,
  query: filterQuery,
  async handler({ query }, ctx) {
    const q = withDefaults(query, ctx.clock.now());
    const canSave = ctx.principal.kind === 'staff' && ['admin', 'finance'].includes(ctx.principal.role);
    return pageResponse(
      () => loadView(ctx.reader, q, { currentMonth: moscowMonth(ctx.clock.now()) }),
      (outcome) =>
        renderPlanFactPage({
          principal: ctx.principal,
          pages: ctx.pages,
          query: q,
          canSave,
          ...(outcome.view ? { view: outcome.view } : {}),
          ...(outcome.problem ? { problem: outcome.problem } : {}),
        }),
    );
  },
});

const rowsRoute = defineRoute({
  method: 'GET',
  path: '/api/planfact/rows',
  roles: PLANFACT_ROLES,
  description: 'Plan, fact, delta and % per month, complex and metric (JSON)',
  objects: OBJECTS,
  query: filterQuery,
  async handler({ query }, ctx) {
    return { body: { rows: await planFactRows(ctx.reader, withDefaults(query, ctx.clock.now())) } };
  },
});

const override = z.object({
  month: z.string(),
  complexId: z.string().nullable(),
  metric: z.enum(METRICS as [string, ...string[]]),
  plan: z.number().min(0, 'план не может быть отрицательным').describe('План'),
});

const calculateRoute = defineRoute({
  method: 'POST',
  path: '/api/planfact/calculate',
  roles: PLANFACT_ROLES,
  description:
    'The calculator: plan-fact with changed plan values and a what-if on the FREE stock, nothing written',
  objects: OBJECTS,
  labels: { pricePercent: 'Изменение цены, %', tempoPercent: 'Темп продаж, % от плана', overrides: 'План' },
  body: z.object({
    from: z.string().optional(),
    to: z.string().optional(),
    complexId: z.string().optional(),
    metric: z.string().optional(),
    overrides: z.array(override).max(5000).default([]),
    pricePercent: z.number().min(-90).max(500).default(0),
    tempoPercent: z.number().min(0).max(300).default(100),
  }),
  async handler({ body }, ctx) {
    const overrides = new Map<string, number>();
    for (const o of body.overrides) {
      if (!isMetric(o.metric)) continue;
      overrides.set(keyOf({ month: o.month, complexId: o.complexId, metric: o.metric }), o.plan);
    }
    const view = await loadView(ctx.reader, withDefaults(body, ctx.clock.now()), {
      overrides,
      whatIf: { pricePercent: body.pricePercent, tempoPercent: body.tempoPercent },
      currentMonth: moscowMonth(ctx.clock.now()),
    });
    return { body: view };
  },
});

const templateRoute = defineRoute({
  method: 'GET',
  path: '/planfact/template.xlsx',
  roles: PLANFACT_ROLES,
  description: 'The plan workbook to fill in: the plan in force for the months, every complex and metric',
  objects: [salesPlan, residentialComplex],
  query: z.object({ from: z.string().optional(), to: z.string().optional() }),
  async handler({ query }, ctx) {
    const period = templatePeriod(ctx.clock.now(), query.from, query.to);
    if (query.from && period.from !== query.from)
      throw new RouteError(400, 'planfact_bad_filter', `«Период с»: «${query.from}» — не месяц (ГГГГ-ММ)`, {
        field: 'from',
      });
    const name = `План продаж ${period.from} — ${period.to}.xlsx`;
    return {
      headers: {
        'content-type': XLSX_TYPE,
        'content-disposition': `attachment; filename="plan-template.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
      },
      body: await templateBytes(ctx, period),
    };
  },
});

export const planfactRoutes = [pageRoute, rowsRoute, calculateRoute, templateRoute];
