/**
 * Saving the plan as a new version — what the calculator's «save» and the workbook import both do:
 * the plan in force (read from Twenty, not the read model: the command line may run without the
 * app) overlaid with the changed cells becomes version max + 1, written in one batch request with
 * ids derived from the version and the key; then the previous records are deactivated. The plan
 * reads the highest active version of each key, so a deactivation cut short shows the new plan
 * already; a failed write of the new version deletes what it wrote and leaves the old plan whole.
 */
import type { ScopedRecords } from '../core/access/index';
import { RouteError, uuidV5 } from '../core/plugin/index';
import { monthDots } from './rules/months';
import { type Cell, keyOf, type PlanRecord, planInForce, roundValue } from './rules/plan-fact';
import { isMetric, METRIC_RU } from './vocabulary';

/** Twenty's largest batch: a plan of up to this many cells is written in one request. */
const BATCH = 200;

export interface StoredPlan extends PlanRecord {
  id: string;
  name: string | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

export async function loadStoredPlans(records: ScopedRecords): Promise<StoredPlan[]> {
  const out: StoredPlan[] = [];
  for await (const r of records.iterate({})) {
    const month = str(r.periodMonth)?.slice(0, 7);
    const metric = r.metric;
    if (!month || !isMetric(metric) || r.planValue === null || r.planValue === undefined) continue;
    out.push({
      id: r.id,
      name: str(r.name),
      month,
      complexId: str(r.complexId),
      metric,
      value: Number(r.planValue),
      version: Number(r.version ?? 0) || 0,
      active: r.active !== false,
    });
  }
  return out;
}

export const planRecordId = (version: number, cell: Pick<Cell, 'month' | 'complexId' | 'metric'>) =>
  uuidV5(`planfact:salesPlan:v${version}:${keyOf(cell)}`);

export const planName = (
  cell: Pick<Cell, 'month' | 'complexId' | 'metric'>,
  complexName: string | null,
  version: number,
) =>
  `План ${monthDots(cell.month)} · ${cell.complexId === null ? 'все ЖК' : (complexName ?? 'ЖК')} · ${METRIC_RU[cell.metric]} · v${version}`;

export interface VersionSummary {
  dryRun: boolean;
  /** The version written (or that would be). */
  version: number;
  previousVersion: number | null;
  /** Cells in the new version: the plan in force with the changes over it. */
  cells: number;
  /** Cells the changes added or changed. */
  changed: number;
  written: number;
  deactivated: number;
}

export interface SaveOptions {
  dryRun: boolean;
  complexNames: ReadonlyMap<string, string>;
  progress?: (done: number, total: number, label: string) => void;
}

/** Writes the plan in force with `changes` over it as the next version; deactivates the previous records. */
export async function savePlanVersion(
  records: ScopedRecords,
  changes: readonly Cell[],
  options: SaveOptions,
): Promise<VersionSummary> {
  const stored = await loadStoredPlans(records);
  const inForce = planInForce(stored);
  const next = new Map(inForce);
  let changed = 0;
  for (const c of changes) {
    const value = roundValue(c.metric, c.value);
    const key = keyOf(c);
    if (next.get(key)?.value !== value) changed++;
    next.set(key, { month: c.month, complexId: c.complexId, metric: c.metric, value });
  }
  const maxVersion = stored.reduce((m, r) => Math.max(m, r.version), 0);
  const version = maxVersion + 1;
  const active = stored.filter((r) => r.active);
  const summary: VersionSummary = {
    dryRun: options.dryRun,
    version,
    previousVersion: active.length > 0 ? Math.max(...active.map((r) => r.version)) : null,
    cells: next.size,
    changed,
    written: 0,
    deactivated: 0,
  };
  if (options.dryRun || changed === 0) return summary;
  const wanted = [...next.values()].map((c) => ({
    id: planRecordId(version, c),
    name: planName(c, c.complexId === null ? null : (options.complexNames.get(c.complexId) ?? null), version),
    periodMonth: `${c.month}-01`,
    complexId: c.complexId,
    metric: c.metric,
    planValue: c.value,
    version,
    active: true,
  }));
  options.progress?.(0, wanted.length, 'новая версия плана');
  try {
    await records.createMany(wanted, { upsert: true, batchSize: BATCH });
  } catch (error) {
    // Nothing half-written: remove what this version got, the previous plan stays in force.
    for (const r of wanted) await records.delete(r.id, { mode: 'destroy' }).catch(() => undefined);
    throw new RouteError(502, 'planfact_not_saved', {
      ru: `Новая версия плана не записана (Twenty: ${(error as Error).message}); действующий план не изменён — повторите`,
      en: `the new plan version was not written (${(error as Error).message}); the plan in force is unchanged`,
    });
  }
  summary.written = wanted.length;
  options.progress?.(wanted.length, wanted.length, 'новая версия плана');
  const old = active.filter((r) => r.version < version);
  if (old.length > 0) {
    await records.createMany(
      old.map((r) => ({
        id: r.id,
        name: r.name,
        periodMonth: `${r.month}-01`,
        complexId: r.complexId,
        metric: r.metric,
        planValue: r.value,
        version: r.version,
        active: false,
      })),
      { upsert: true, batchSize: BATCH },
    );
    summary.deactivated = old.length;
  }
  return summary;
}
