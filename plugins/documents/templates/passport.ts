/**
 * The object passport of a unit or a building, laid out by the stored layout (sections of text
 * lines or two-column tables; a building's units as one long table whose header repeats on
 * every page).
 */
import { type Block, type DocModel, field, heading, type Part, paragraph, text, title } from '../doc-model';
import type { BuildingData, PlaceData, UnitData } from '../record-data';
import { TEMPLATES } from '../vocabulary';
import { PASSPORT_FIELDS, type PassportLayout } from './passport-layout';

type Section = PassportLayout['unit']['sections'][number];

function section(s: Section, unit: UnitData | null, place: PlaceData, prefix: string): Block[] {
  const entries = s.fields.map((k) => {
    const entry = PASSPORT_FIELDS[k];
    if (!entry) throw new Error(`passport field ${k} is not in the catalogue`);
    return [entry.label, entry.value(`${prefix}${k}`, unit, place)] as const;
  });
  if (s.layout === 'table')
    return [heading(text(s.title)), { kind: 'pairs', rows: entries.map(([l, f]) => [l, [f]]) }];
  return [heading(text(s.title)), ...entries.map(([l, f]) => paragraph(text(`${l}: `), f))];
}

export function unitPassportModel(unit: UnitData, layout: PassportLayout, layoutVersion: number): DocModel {
  return {
    template: TEMPLATES.passport.name,
    templateVersion: layoutVersion,
    title: `${layout.title}: помещение № ${unit.number ?? '—'}`,
    recordId: unit.id,
    blocks: [
      title(
        text(`${layout.title}: помещение № `),
        PASSPORT_FIELDS['unit.number']?.value('title.unit.number', unit, unit.place) as Part,
      ),
      ...layout.unit.sections.flatMap((s) => section(s, unit, unit.place, '')),
    ],
  };
}

export function buildingPassportModel(
  buildingId: string,
  data: BuildingData,
  layout: PassportLayout,
  layoutVersion: number,
): DocModel {
  const table = layout.building.unitsTable;
  const rows = data.units.map((u, i) =>
    table.columns.map((c): Part[] => {
      const entry = PASSPORT_FIELDS[c];
      if (!entry) throw new Error(`passport field ${c} is not in the catalogue`);
      return [entry.value(`units[${i + 1}].${c}`, u, data.place)];
    }),
  );
  const name = data.place.buildingName ?? data.place.buildingNumber ?? '—';
  return {
    template: TEMPLATES.passport.name,
    templateVersion: layoutVersion,
    title: `${layout.title}: корпус ${name}`,
    recordId: buildingId,
    blocks: [
      title(
        text(`${layout.title}: корпус `),
        PASSPORT_FIELDS['building.name']?.value('title.building.name', null, data.place) as Part,
      ),
      ...layout.building.sections.flatMap((s) => section(s, null, data.place, '')),
      heading(
        text(`${table.title} (всего: `),
        field('building.unitCount', 'Количество помещений', String(data.units.length)),
        text(')'),
      ),
      rows.length > 0
        ? {
            kind: 'table',
            header: table.columns.map((c) => PASSPORT_FIELDS[c]?.label ?? c),
            widths: table.columns.map((c) => PASSPORT_FIELDS[c]?.width ?? 1),
            rows,
          }
        : paragraph(text('В корпусе пока нет помещений.')),
    ],
  };
}
