/**
 * The units of one floor of one section, read through the caller's reader: the public sees the
 * published units only (the others' positions are drawn empty), staff see every unit.
 */
import type { ScopedReader } from '../core/access/index';
import { RouteError } from '../core/plugin/index';
import { num, str } from './feed-data';
import type { FloorPlanInput } from './rules/floor-plan';

export const FLOOR_PLAN_OBJECTS = ['unit', 'section', 'building', 'residentialComplex'] as const;

export async function loadFloorPlan(
  reader: ScopedReader,
  sectionId: string,
  floor: number,
): Promise<FloorPlanInput> {
  const [section] = await reader.query(
    `select s.id::text as id, s.number, s.units_per_floor, b.name as building_name, b.number as building_number,
            c.name as complex_name
       from {section} s left join {building} b on b.id = s.building_id
       left join {residentialComplex} c on c.id = b.complex_id
      where s.id = $1::uuid`,
    [sectionId],
  );
  if (!section)
    throw new RouteError(404, 'portal_section_not_found', {
      ru: 'Такой секции нет (или в ней нет помещений в открытой продаже)',
      en: 'no such section (or none of its units is on public sale)',
    });
  const rows = await reader.query(
    `select id::text as id, number, kind, position_on_floor, rooms, total_area, status
       from {unit} where section_id = $1::uuid and floor = $2 order by position_on_floor nulls last, number`,
    [sectionId, floor],
  );
  const place = [
    str(section.complex_name),
    str(section.building_number) ? `корпус ${str(section.building_number)}` : str(section.building_name),
    num(section.number) !== null ? `секция ${num(section.number)}` : null,
  ]
    .filter(Boolean)
    .join(', ');
  return {
    title: `${place} — этаж ${floor}`,
    floor,
    unitsPerFloor: num(section.units_per_floor),
    units: rows.map((r) => ({
      id: String(r.id),
      number: str(r.number),
      kind: str(r.kind),
      position: num(r.position_on_floor),
      rooms: num(r.rooms),
      totalArea: num(r.total_area),
      status: str(r.status),
    })),
  };
}
