/**
 * Unit files built by exceljs for the import tests: the template's header and
 * rows given as plain arrays in template column order, plus the registry
 * snapshot they refer to. Nothing binary is committed.
 */
import ExcelJS from 'exceljs';
import { uuidV5 } from '../../../../plugins/core/plugin/deterministic-id';
import { templateHeader } from '../../../../plugins/registry/import/import-template';
import type { CellValue, RegistrySnapshot, SnapshotUnit } from '../../../../plugins/registry/import/index';

export type RowCells = Partial<Record<string, CellValue | { formula: string; result?: CellValue }>>;

export const HEADER = templateHeader();

/** Template column order: externalCode complex building section number kind floor position rooms totalArea livingArea price status cadastral. */
export function unitRow(over: Partial<Record<string, unknown>> = {}): unknown[] {
  const base: Record<string, unknown> = {
    externalCode: 'T-1',
    complex: 'Тестовый',
    building: '1',
    section: 1,
    number: '101',
    kind: 'Квартира',
    floor: 3,
    positionOnFloor: 1,
    rooms: 2,
    totalArea: '45,6',
    livingArea: null,
    price: '10 000 000',
    status: 'Свободна',
    cadastralNumber: null,
    ...over,
  };
  return [
    base.externalCode,
    base.complex,
    base.building,
    base.section,
    base.number,
    base.kind,
    base.floor,
    base.positionOnFloor,
    base.rooms,
    base.totalArea,
    base.livingArea,
    base.price,
    base.status,
    base.cadastralNumber,
  ];
}

export async function workbookBuffer(
  rows: unknown[][],
  opts: { header?: unknown[]; merges?: string[]; build?: (ws: ExcelJS.Worksheet) => void } = {},
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Units');
  ws.addRow(opts.header ?? HEADER);
  for (const r of rows) ws.addRow(r);
  for (const m of opts.merges ?? []) ws.mergeCells(m);
  opts.build?.(ws);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const COMPLEX_ID = uuidV5('test:complex');
export const BUILDING_ID = uuidV5('test:building:1');
export const SECTION_ID = uuidV5('test:section:1');

export function snapshotUnit(over: Partial<SnapshotUnit> = {}): SnapshotUnit {
  return {
    id: uuidV5(`test:unit:${over.externalCode ?? 'T-1'}`),
    externalCode: 'T-1',
    buildingId: BUILDING_ID,
    sectionId: SECTION_ID,
    kind: 'FLAT',
    number: '101',
    floor: 3,
    positionOnFloor: 1,
    rooms: 2,
    totalArea: 45.6,
    livingArea: null,
    price: '10000000',
    status: 'FREE',
    cadastralNumber: null,
    ...over,
  };
}

export function registry(units: SnapshotUnit[] = []): RegistrySnapshot {
  return {
    complexes: [{ id: COMPLEX_ID, name: 'ЖК «Тестовый»' }],
    buildings: [
      { id: BUILDING_ID, complexId: COMPLEX_ID, name: 'ЖК «Тестовый», корпус 1', number: '1', floors: 10 },
    ],
    sections: [{ id: SECTION_ID, buildingId: BUILDING_ID, number: 1, floors: 10 }],
    units,
    pendingChanges: [],
    importBatches: [],
  };
}
