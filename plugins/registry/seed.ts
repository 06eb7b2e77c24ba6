/**
 * The registry's demo data (`realty seed-demo`, the first `npm start`): three
 * Moscow complexes, their buildings and sections, ~1,500 units (demo-data.ts)
 * and a few change-protocol entries. Idempotent: every record carries a
 * deterministic id and goes through upsert, parents before children, so a
 * second run changes nothing and a half-finished run completes.
 */
import { MAX_BATCH_SIZE, type TwentyClient } from '../../sdk/index';
import { type FieldMap, type SeedDeclaration, uuidV5 } from '../core/plugin/index';
import { buildDemoRegistry } from './demo-data';
import { building, residentialComplex, section, unit, unitChange } from './schema';

export interface SeedDemoOptions {
  chessboardBaseUrl?: string;
  onProgress?: (step: string, done: number, total: number) => void;
  /** Other plugins' values for the same records (`SeedRunOptions.enrich`), written in the same request. */
  enrich?: (object: string, row: Record<string, unknown>) => Record<string, unknown>;
}

export interface SeedDemoSummary {
  complexes: number;
  buildings: number;
  sections: number;
  units: number;
  unitChanges: number;
}

type RegistryObject =
  | typeof residentialComplex
  | typeof building
  | typeof section
  | typeof unit
  | typeof unitChange;

/**
 * The demo data also holds values of fields other plugins add (the chessboard's `floorsSpanned`,
 * `chessboardLink`): the registry writes only its own, so it seeds a workspace without them; a
 * plugin that extends an object seeds its fields itself (from `buildDemoRegistry`).
 */
function ownFields(object: RegistryObject) {
  const keys = new Set(['id', 'name']);
  for (const [name, field] of Object.entries(object.fields as FieldMap)) {
    keys.add(name);
    if (field.type === 'RELATION') keys.add(`${name}Id`);
  }
  return (row: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(row).filter(([k]) => keys.has(k)));
}

export async function seedDemoRegistry(
  client: TwentyClient,
  options: SeedDemoOptions = {},
): Promise<SeedDemoSummary> {
  const demo = buildDemoRegistry({ chessboardBaseUrl: options.chessboardBaseUrl });
  const load = async (step: string, target: RegistryObject, rows: Record<string, unknown>[]) => {
    const own = ownFields(target);
    const enrich = options.enrich ?? ((_object: string, row: Record<string, unknown>) => row);
    await client.records(target.nameSingular).createMany(
      rows.map((row) => enrich(target.nameSingular, own(row))),
      {
        upsert: true,
        // Twenty's hard maximum of 200 a call (its docs advise 60; demo rows are small): the 1,454
        // demo units take 8 of the minute's 100 requests instead of 25.
        batchSize: MAX_BATCH_SIZE,
        onProgress: (done, total) => options.onProgress?.(step, done, total),
      },
    );
  };
  await load('complexes', residentialComplex, demo.complexes);
  await load('buildings', building, demo.buildings);
  await load('sections', section, demo.sections);
  await load('units', unit, demo.units);
  // A few protocol entries so the change history is not empty on a fresh demo.
  const changed = demo.units.filter((u) => u.status === 'SOLD').slice(0, 5);
  const changes = changed.map((u, i) => ({
    id: uuidV5(`demo:unitChange:${String(u.id)}`),
    name: `Статус ${String(u.number)}`,
    unitId: u.id,
    fieldName: 'status',
    oldValue: i % 2 === 0 ? 'BOOKED' : 'IN_AUCTION',
    newValue: 'SOLD',
    source: i % 2 === 0 ? 'MANUAL' : 'AUCTION',
    changedBy: 'admin@realty.local',
    changedAt: new Date(Date.UTC(2026, 9, 1 + i, 9, 0, 0)).toISOString(),
    status: 'APPLIED',
  }));
  await load('unit changes', unitChange, changes);
  return {
    complexes: demo.complexes.length,
    buildings: demo.buildings.length,
    sections: demo.sections.length,
    units: demo.units.length,
    unitChanges: changes.length,
  };
}

/** The plugin's seed: counts per object for the summary; progress over every record written. */
export const registrySeed: SeedDeclaration = {
  description:
    'the demo registry: 3 complexes, 6 buildings with sections, ~1,500 units of every kind and status',
  async run(ctx, { onProgress, enrich }) {
    const steps = new Map<string, { done: number; total: number }>();
    const summary = await seedDemoRegistry(ctx.twenty, {
      chessboardBaseUrl: ctx.config.publicUrl,
      enrich,
      onProgress: (step, done, total) => {
        steps.set(step, { done, total });
        let all = 0;
        let finished = 0;
        for (const s of steps.values()) {
          all += s.total;
          finished += s.done;
        }
        onProgress?.(finished, all);
      },
    });
    return {
      residentialComplex: summary.complexes,
      building: summary.buildings,
      section: summary.sections,
      unit: summary.units,
      unitChange: summary.unitChanges,
    };
  },
};
