/**
 * What the registry publishes for other plugins' own (system) reads, besides its objects' policies:
 * the names of places — complexes, buildings, sections — so a plugin can say "секция 2, корпус 3"
 * without querying the registry's tables. Routes read places through their scoped reader instead.
 */
import type { PluginContext } from '../core/plugin/index';
import { readModelView } from '../core/read-model/index';

export interface PlaceNames {
  readonly complexes: ReadonlyMap<string, string | null>;
  /** The building's name, else «корпус N». */
  readonly buildings: ReadonlyMap<string, string | null>;
  readonly sections: ReadonlyMap<
    string,
    { readonly number: string | null; readonly buildingId: string | null }
  >;
}

/** The names of the given places (a section's building is named too); unknown ids are absent. */
export async function placeNames(
  ctx: Pick<PluginContext, 'store'>,
  ids: { complexIds?: readonly string[]; buildingIds?: readonly string[]; sectionIds?: readonly string[] },
): Promise<PlaceNames> {
  const sql = ctx.store.sql;
  const sections = (
    await sql.query<{ id: string; number: string | null; building_id: string | null }>(
      `select id::text, number::text, building_id::text from ${readModelView('section')} where id = any($1::uuid[])`,
      [[...(ids.sectionIds ?? [])]],
    )
  ).rows;
  const buildingIds = [
    ...new Set([
      ...(ids.buildingIds ?? []),
      ...sections.flatMap((s) => (s.building_id ? [s.building_id] : [])),
    ]),
  ];
  const buildings = (
    await sql.query<{ id: string; name: string | null }>(
      `select id::text, coalesce(name, 'корпус ' || number) as name from ${readModelView('building')}
        where id = any($1::uuid[])`,
      [buildingIds],
    )
  ).rows;
  const complexes = (
    await sql.query<{ id: string; name: string | null }>(
      `select id::text, name from ${readModelView('residentialComplex')} where id = any($1::uuid[])`,
      [[...(ids.complexIds ?? [])]],
    )
  ).rows;
  return {
    complexes: new Map(complexes.map((c) => [c.id, c.name])),
    buildings: new Map(buildings.map((b) => [b.id, b.name])),
    sections: new Map(sections.map((s) => [s.id, { number: s.number, buildingId: s.building_id }])),
  };
}
