/**
 * Loads the demo registry into a workspace. Idempotent: every record carries a
 * deterministic id and goes through upsert, parents before children, so a
 * second run changes nothing and a half-finished run completes.
 */
import type { TwentyClient } from '../../sdk/index';
import { uuidV5 } from '../core/plugin/index';
import { buildDemoRegistry } from './demo-data';
import { building, residentialComplex, section, unit, unitChange } from './schema';

export interface SeedDemoOptions {
  chessboardBaseUrl?: string;
  onProgress?: (step: string, done: number, total: number) => void;
}

export interface SeedDemoSummary {
  complexes: number;
  buildings: number;
  sections: number;
  units: number;
  unitChanges: number;
}

export async function seedDemoRegistry(
  client: TwentyClient,
  options: SeedDemoOptions = {},
): Promise<SeedDemoSummary> {
  const demo = buildDemoRegistry({ chessboardBaseUrl: options.chessboardBaseUrl });
  const load = async (
    step: string,
    target: Parameters<TwentyClient['records']>[0],
    rows: Record<string, unknown>[],
  ) => {
    await client.records(target).createMany(rows, {
      upsert: true,
      onProgress: (done, total) => options.onProgress?.(step, done, total),
    });
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
