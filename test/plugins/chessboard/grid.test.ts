import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  buildChessboardGrid,
  type GridCell,
  type GridUnit,
  layoutSection,
} from '../../../plugins/chessboard/rules/grid';
import { buildDemoRegistry } from '../../../plugins/registry/demo-data';

let next = 0;
function unit(over: Partial<GridUnit>): GridUnit {
  next++;
  return {
    id: `u${next}`,
    sectionId: 's1',
    kind: 'FLAT',
    number: String(next),
    floor: 2,
    position: 1,
    floorsSpanned: 1,
    rooms: 2,
    totalArea: 50,
    livingArea: 30,
    price: { amountMicros: 10_000_000 * 1e6, currencyCode: 'RUB' },
    status: 'FREE',
    matches: true,
    ...over,
  };
}
const section = { id: 's1', number: 1, name: null, floors: null };
const unitAt = (cells: GridCell[], position: number) => {
  const cell = cells.find((c) => c.position === position);
  return cell && 'unit' in cell ? cell.unit : undefined;
};

describe('layoutSection', () => {
  it('lists floors from the top down and positions from left to right', () => {
    const units = [
      unit({ floor: 2, position: 2 }),
      unit({ floor: 3, position: 1 }),
      unit({ floor: 2, position: 1 }),
    ];
    const { grid } = layoutSection(section, units);
    assert.deepEqual(
      grid.floors.map((f) => f.floor),
      [3, 2],
    );
    assert.deepEqual(
      grid.floors[1]?.cells.map((c) => c.position),
      [1, 2],
    );
    assert.equal(unitAt(grid.floors[1]?.cells ?? [], 2)?.id, units[0]?.id);
  });

  it('leaves an empty cell where a position is missing and widens every floor to the widest one', () => {
    const units = [
      unit({ floor: 2, position: 1 }),
      unit({ floor: 2, position: 3 }),
      unit({ floor: 3, position: 1 }),
      unit({ floor: 3, position: 2 }),
      unit({ floor: 3, position: 3 }),
      unit({ floor: 3, position: 4 }),
    ];
    const { grid } = layoutSection(section, units);
    assert.equal(grid.columns, 4);
    const second = grid.floors.find((f) => f.floor === 2);
    assert.deepEqual(
      second?.cells.map((c) => ('empty' in c ? 'empty' : 'unit')),
      ['unit', 'empty', 'unit', 'empty'],
    );
  });

  it('draws a duplex on its lower floor spanning two rows and marks the cell above as covered', () => {
    const duplex = unit({ floor: 9, position: 1, floorsSpanned: 2 });
    const units = [duplex, unit({ floor: 9, position: 2 }), unit({ floor: 10, position: 2 })];
    const { grid, unplaced } = layoutSection(section, units);
    assert.equal(unplaced.length, 0);
    const top = grid.floors.find((f) => f.floor === 10);
    const lower = grid.floors.find((f) => f.floor === 9);
    assert.deepEqual(top?.cells[0], { position: 1, coveredBy: duplex.id });
    assert.deepEqual(lower?.cells[0], { position: 1, unit: duplex, rowSpan: 2 });
  });

  it('adds a row for the upper level of a duplex on the top floor', () => {
    const duplex = unit({ floor: 5, position: 1, floorsSpanned: 2 });
    const { grid } = layoutSection(section, [duplex, unit({ floor: 5, position: 2 })]);
    assert.deepEqual(
      grid.floors.map((f) => f.floor),
      [6, 5],
    );
  });

  it('cuts a duplex short where another unit claims the cell above', () => {
    const duplex = unit({ floor: 4, position: 1, floorsSpanned: 2 });
    const above = unit({ floor: 5, position: 1 });
    const { grid } = layoutSection(section, [duplex, above]);
    const lower = grid.floors.find((f) => f.floor === 4)?.cells[0];
    assert.ok(lower && 'unit' in lower);
    assert.equal(lower.rowSpan, 1);
    assert.equal(unitAt(grid.floors.find((f) => f.floor === 5)?.cells ?? [], 1)?.id, above.id);
  });

  it('lists units without a floor, or claiming a taken cell, as unplaced instead of dropping them', () => {
    const first = unit({ floor: 2, position: 1, number: '1' });
    const twin = unit({ floor: 2, position: 1, number: '2' });
    const lost = unit({ floor: null, position: 3 });
    const { grid, unplaced } = layoutSection(section, [first, twin, lost]);
    assert.equal(unitAt(grid.floors[0]?.cells ?? [], 1)?.id, first.id);
    assert.deepEqual(
      unplaced.map((u) => [u.unit.id, u.reason]),
      [
        [lost.id, 'no floor or position'],
        [twin.id, 'cell taken by another unit'],
      ].sort((a, b) => (a[1] === 'no floor or position' ? -1 : b[1] === 'no floor or position' ? 1 : 0)),
    );
  });

  it('keeps declared empty upper floors as rows', () => {
    const { grid } = layoutSection({ ...section, floors: 4 }, [unit({ floor: 2, position: 1 })]);
    assert.deepEqual(
      grid.floors.map((f) => f.floor),
      [4, 3, 2],
    );
  });
});

describe('buildChessboardGrid', () => {
  it('puts parking, storage and offices on their own levels, commercial above parking', () => {
    const grid = buildChessboardGrid({
      sections: [section, { id: 's2', number: 2, name: 'Секция 2', floors: null }],
      units: [
        unit({ floor: 2, position: 1 }),
        unit({ kind: 'OFFICE', floor: 1, position: 1 }),
        unit({ kind: 'PARKING', floor: -1, position: 1 }),
        unit({ kind: 'STORAGE', floor: -1, position: 2, sectionId: 's2' }),
        unit({ kind: 'PARKING', floor: -2, position: 1 }),
      ],
    });
    assert.deepEqual(
      grid.levels.map((l) => `${l.kind}:${l.floor}`),
      ['COMMERCIAL:1', 'PARKING:-1', 'PARKING:-2'],
    );
    const parking = grid.levels[1];
    assert.deepEqual(
      parking?.sections.map((s) => [s.id, s.cells.length]),
      [
        ['s1', 1],
        ['s2', 2],
      ],
    );
    assert.deepEqual(
      grid.sections[0]?.floors.map((f) => f.floor),
      [2],
    );
  });

  it('gathers units of an unknown section into a block of their own', () => {
    const grid = buildChessboardGrid({ sections: [section], units: [unit({ sectionId: 'gone' }), unit({})] });
    assert.deepEqual(
      grid.sections.map((s) => s.name),
      ['Секция 1', 'Без секции'],
    );
  });

  it('counts every unit by status, and separately those matching the filters', () => {
    const units = [
      unit({ status: 'FREE' }),
      unit({ status: 'FREE', matches: false, position: 2 }),
      unit({ status: 'SOLD', position: 3 }),
    ];
    const { counts } = buildChessboardGrid({ sections: [section], units });
    assert.equal(counts.total.all, 3);
    assert.equal(counts.total.FREE, 2);
    assert.equal(counts.matching.all, 2);
    assert.equal(counts.matching.FREE, 1);
    assert.equal(counts.matching.SOLD, 1);
    assert.equal(counts.total.BOOKED, 0);
  });

  it('places every demo unit exactly once: in a grid cell, on a level or as unplaced', () => {
    const demo = buildDemoRegistry();
    for (const b of demo.buildings) {
      const units = demo.units
        .filter((u) => u.buildingId === b.id)
        .map((u) =>
          unit({
            id: String(u.id),
            sectionId: String(u.sectionId),
            kind: String(u.kind),
            floor: Number(u.floor),
            position: Number(u.positionOnFloor),
          }),
        );
      const sections = demo.sections
        .filter((s) => s.buildingId === b.id)
        .map((s) => ({
          id: String(s.id),
          number: Number(s.number),
          name: String(s.name),
          floors: Number(s.floors),
        }));
      const grid = buildChessboardGrid({ sections, units });
      const shown = [
        ...grid.sections.flatMap((s) => s.floors.flatMap((f) => f.cells)),
        ...grid.levels.flatMap((l) => l.sections.flatMap((s) => s.cells)),
      ].flatMap((c) => ('unit' in c ? [c.unit.id] : []));
      assert.equal(grid.unplaced.length, 0);
      assert.deepEqual([...shown].sort(), units.map((u) => u.id).sort());
      // The demo's top floors hold fewer flats: some top-floor cells are empty.
      const top = grid.sections[0]?.floors[0];
      assert.ok(top?.cells.some((c) => 'empty' in c));
    }
  });

  it('shows each unit once whatever the floors, positions and spans (property)', () => {
    const arbUnit = fc.record({
      floor: fc.option(fc.integer({ min: -2, max: 12 }), { nil: null }),
      position: fc.option(fc.integer({ min: 0, max: 8 }), { nil: null }),
      floorsSpanned: fc.integer({ min: 1, max: 3 }),
      kind: fc.constantFrom('FLAT', 'OFFICE', 'PARKING', 'STORAGE'),
      sectionId: fc.constantFrom('s1', 's2', 'x'),
    });
    fc.assert(
      fc.property(fc.array(arbUnit, { maxLength: 40 }), (specs) => {
        const units = specs.map((s) => unit(s));
        const grid = buildChessboardGrid({ sections: [section, { ...section, id: 's2', number: 2 }], units });
        const cells = [
          ...grid.sections.flatMap((s) => s.floors.flatMap((f) => f.cells)),
          ...grid.levels.flatMap((l) => l.sections.flatMap((s) => s.cells)),
        ];
        const shown = cells.flatMap((c) => ('unit' in c ? [c.unit.id] : []));
        const all = [...shown, ...grid.unplaced.map((u) => u.unit.id)].sort();
        assert.deepEqual(all, units.map((u) => u.id).sort());
        // Every row of a section has exactly `columns` cells, counting covered ones.
        for (const s of grid.sections) for (const f of s.floors) assert.equal(f.cells.length, s.columns);
      }),
    );
  });
});
