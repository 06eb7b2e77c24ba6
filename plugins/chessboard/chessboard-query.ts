/**
 * The chessboard's SQL over the read model (never Twenty per request): one
 * building with its complex, its sections, and its units with a `matches`
 * flag computed by the same statement from the filters. The caller's
 * UnitScope is applied here and only here: units outside it are not
 * selected, fields it hides come back null.
 */
import type { Sql } from '../../db/database';
import type { ReadModel } from '../core/index';
import type { ChessboardFilters } from './chessboard-filters';
import type { GridSectionInput, GridUnit } from './grid';
import { fieldVisible, type UnitScope } from './unit-scope';

export interface BoardBuilding {
  id: string;
  name: string | null;
  number: string | null;
  floors: number | null;
  complexId: string | null;
  complexName: string | null;
  district: string | null;
  region: string | null;
}

export interface ChessboardTables {
  unit: string;
  building: string;
  section: string;
  complex: string;
}

export function chessboardTables(readModel: ReadModel): ChessboardTables {
  return {
    unit: readModel.table('unit'),
    building: readModel.table('building'),
    section: readModel.table('section'),
    complex: readModel.table('residentialComplex'),
  };
}

/** The indexes the chessboard's statements use; created by the plugin's migration. */
export function chessboardIndexStatements(tables: ChessboardTables): string[] {
  return [
    `create index if not exists ${tables.unit}_cb_building on ${tables.unit} ((data->>'buildingId'))`,
    `create index if not exists ${tables.section}_cb_building on ${tables.section} ((data->>'buildingId'))`,
    `create index if not exists ${tables.building}_cb_complex on ${tables.building} ((data->>'complexId'))`,
  ];
}

/** A jsonb number (or numeric string, as some Twenty versions send amountMicros) as numeric, else null. */
function num(path: string): string {
  return `(case when (${path}) ~ '^-?[0-9]+(\\.[0-9]+)?$' then (${path})::numeric end)`;
}

const FLOOR = num(`u.data->>'floor'`);
const AREA = num(`u.data->>'totalArea'`);
const ROOMS = num(`u.data->>'rooms'`);
const PRICE = num(`u.data->'price'->>'amountMicros'`);

/**
 * SQL for "unit is inside `scope`"; pushes its values onto `params`. A scope's complexes are a
 * property of the building, decided before any unit is read (buildingInScope).
 */
export function scopePredicate(scope: UnitScope, params: unknown[]): string {
  const terms: string[] = [];
  const add = (values: readonly string[] | undefined, expression: string) => {
    if (values === undefined) return;
    params.push([...values]);
    terms.push(`coalesce(${expression} = any($${params.length}::text[]), false)`);
  };
  add(scope.buildingIds, `u.data->>'buildingId'`);
  add(scope.kinds, `u.data->>'kind'`);
  add(scope.statuses, `u.data->>'status'`);
  return terms.length > 0 ? terms.join(' and ') : 'true';
}

/** SQL for "unit passes the filters" (district and agency are decided per building by the caller). */
export function filterPredicate(filters: ChessboardFilters, params: unknown[]): string {
  const terms: string[] = [];
  const cmp = (expression: string, op: string, value: unknown, cast: string) => {
    if (value === undefined) return;
    params.push(value);
    const ref = `$${params.length}::${cast}`;
    terms.push(`coalesce(${expression} ${op === '= any' ? `= any(${ref})` : `${op} ${ref}`}, false)`);
  };
  cmp(FLOOR, '>=', filters.floorMin, 'numeric');
  cmp(FLOOR, '<=', filters.floorMax, 'numeric');
  cmp(AREA, '>=', filters.areaMin, 'numeric');
  cmp(AREA, '<=', filters.areaMax, 'numeric');
  cmp(PRICE, '>=', filters.priceMinMicros, 'numeric');
  cmp(PRICE, '<=', filters.priceMaxMicros, 'numeric');
  cmp(`u.data->>'kind'`, '= any', filters.kind, 'text[]');
  cmp(`u.data->>'status'`, '= any', filters.status, 'text[]');
  cmp(ROOMS, '= any', filters.rooms, 'numeric[]');
  return terms.length > 0 ? terms.join(' and ') : 'true';
}

export async function loadBuilding(
  sql: Sql,
  tables: ChessboardTables,
  id: string,
): Promise<BoardBuilding | undefined> {
  const r = await sql.query<{ id: string; b: Record<string, unknown>; c: Record<string, unknown> | null }>(
    `select b.id::text as id, b.data as b, c.data as c
       from ${tables.building} b
       left join ${tables.complex} c on c.id::text = b.data->>'complexId' and c.deleted_at is null
      where b.id = $1::uuid and b.deleted_at is null`,
    [id],
  );
  const row = r.rows[0];
  if (!row) return undefined;
  const text = (o: Record<string, unknown> | null, k: string) =>
    typeof o?.[k] === 'string' ? (o[k] as string) : null;
  return {
    id: row.id,
    name: text(row.b, 'name'),
    number: text(row.b, 'number'),
    floors: typeof row.b.floors === 'number' ? row.b.floors : null,
    complexId: text(row.b, 'complexId'),
    complexName: text(row.c, 'name'),
    district: text(row.c, 'district'),
    region: text(row.c, 'region'),
  };
}

export async function loadSections(
  sql: Sql,
  tables: ChessboardTables,
  buildingId: string,
): Promise<GridSectionInput[]> {
  const r = await sql.query<{
    id: string;
    name: string | null;
    number: string | null;
    floors: string | null;
  }>(
    `select id::text as id, data->>'name' as name, data->>'number' as number, data->>'floors' as floors
       from ${tables.section} where data->>'buildingId' = $1 and deleted_at is null`,
    [buildingId],
  );
  return r.rows.map((s) => ({
    id: s.id,
    name: s.name,
    number: toNumber(s.number),
    floors: toNumber(s.floors),
  }));
}

function toNumber(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

interface UnitRow {
  id: string;
  section_id: string | null;
  kind: string | null;
  number: string | null;
  floor: string | null;
  position: string | null;
  span: string | null;
  rooms: string | null;
  total_area: string | null;
  living_area: string | null;
  price_micros: string | null;
  currency: string | null;
  status: string | null;
  matches: boolean;
}

export interface UnitQuery {
  buildingId: string;
  filters: ChessboardFilters;
  scope: UnitScope;
  /** A scope the units must be inside to match (the `agencyId` filter), or undefined. */
  agencyScope?: UnitScope;
  /** False when a building-level filter (district, the agency's complexes) excludes the whole building. */
  buildingMatches: boolean;
  /** Only these units (live updates); omitted = the whole building. */
  ids?: readonly string[];
}

export async function loadUnits(sql: Sql, tables: ChessboardTables, q: UnitQuery): Promise<GridUnit[]> {
  const params: unknown[] = [q.buildingId];
  const visible = scopePredicate(q.scope, params);
  const matchTerms = [filterPredicate(q.filters, params)];
  if (q.agencyScope) matchTerms.push(scopePredicate(q.agencyScope, params));
  const matches = q.buildingMatches ? matchTerms.join(' and ') : 'false';
  let only = '';
  if (q.ids) {
    params.push([...q.ids]);
    only = ` and u.id = any($${params.length}::uuid[])`;
  }
  const r = await sql.query<UnitRow>(
    `select u.id::text as id, u.data->>'sectionId' as section_id, u.data->>'kind' as kind,
            u.data->>'number' as number, u.data->>'floor' as floor, u.data->>'positionOnFloor' as position,
            u.data->>'floorsSpanned' as span, u.data->>'rooms' as rooms, u.data->>'totalArea' as total_area,
            u.data->>'livingArea' as living_area, u.data->'price'->>'amountMicros' as price_micros,
            u.data->'price'->>'currencyCode' as currency, u.data->>'status' as status,
            (${matches}) as matches
       from ${tables.unit} u
      where u.data->>'buildingId' = $1 and u.deleted_at is null
        and ${visible}${only}`,
    params,
  );
  const show = <T>(field: Parameters<typeof fieldVisible>[1], value: T): T | null =>
    fieldVisible(q.scope, field) ? value : null;
  return r.rows.map((row) => {
    const span = toNumber(row.span);
    const micros = toNumber(row.price_micros);
    return {
      id: row.id,
      sectionId: row.section_id,
      kind: row.kind,
      number: show('number', row.number),
      floor: toNumber(row.floor),
      position: toNumber(row.position),
      floorsSpanned: span !== null && span >= 1 ? Math.floor(span) : 1,
      rooms: show('rooms', toNumber(row.rooms)),
      totalArea: show('totalArea', toNumber(row.total_area)),
      livingArea: show('livingArea', toNumber(row.living_area)),
      price: show(
        'price',
        micros === null && row.currency === null
          ? null
          : { amountMicros: micros, currencyCode: row.currency },
      ),
      status: show('status', row.status),
      matches: row.matches === true,
    };
  });
}
