/**
 * The complex → building chooser: every building the principal's reader
 * admits, with its complex and how many units of it the principal sees.
 */
import type { ScopedReader } from '../core/access/index';

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export interface BuildingChoice {
  id: string;
  name: string | null;
  number: string | null;
  complexId: string | null;
  complexName: string | null;
  district: string | null;
  region: string | null;
  units: number;
}

/** Every building the principal may see, with its complex and visible units, for the chooser. */
export async function listBuildings(reader: ScopedReader): Promise<BuildingChoice[]> {
  const rows = await reader.query(
    `select b.id::text as id, b.name, b.number, b.complex_id::text as complex_id, c.name as complex_name,
            c.district, c.region, coalesce(n.units, 0)::int as units
       from {building} b
       left join {residentialComplex} c on c.id = b.complex_id
       left join (select building_id, count(*) as units from {unit} group by building_id) n
         on n.building_id = b.id
      order by c.name nulls last, b.number, b.id`,
  );
  return rows.map((b) => ({
    id: String(b.id),
    name: text(b.name),
    number: text(b.number),
    complexId: text(b.complex_id),
    complexName: text(b.complex_name),
    district: text(b.district),
    region: text(b.region),
    units: Number(b.units),
  }));
}
