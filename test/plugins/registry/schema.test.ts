import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FieldMap, InferRecord } from '../../../plugins/core/index';
import { createRegistry, metadataNameProblems, relationTargetName } from '../../../plugins/core/index';
import { registryPlugin } from '../../../plugins/registry/index';
import { registryObjects, UNIT_STATUSES, type unit } from '../../../plugins/registry/schema';
import { statusTerm, UNIT_KIND_VALUES, UNIT_STATUS_VALUES } from '../../../plugins/registry/vocabulary';

const fieldsOf = (name: string): FieldMap => {
  const o = registryObjects.find((x) => x.nameSingular === name);
  assert.ok(o, `object ${name} is declared`);
  return o.fields as FieldMap;
};

describe('registry schema', () => {
  it('declares the six registry objects and installs on its own', () => {
    const registry = createRegistry([registryPlugin]);
    assert.deepEqual(
      registry.objects.map((o) => o.nameSingular),
      ['residentialComplex', 'building', 'section', 'importBatch', 'unit', 'unitChange'],
    );
    assert.deepEqual(
      registry.readModel.map((o) => o.object),
      ['unit', 'building', 'section', 'residentialComplex', 'unitChange', 'importBatch'],
    );
  });

  it('indexes the read model on the fields readers filter by, and keeps the protected fields’ previous values', () => {
    const registry = createRegistry([registryPlugin]);
    const indexed = Object.fromEntries(
      registry.readModel.map((o) => [o.object, o.indexes.map((i) => i.fields.join('+'))]),
    );
    assert.deepEqual(indexed.unit, ['buildingId', 'sectionId', 'externalCode']);
    assert.deepEqual(indexed.building, ['complexId']);
    assert.deepEqual(indexed.section, ['buildingId']);
    assert.deepEqual(indexed.unitChange, ['unitId']);
    const unitEntry = registry.readModel.find((o) => o.object === 'unit');
    assert.deepEqual(unitEntry?.keepPrevious, ['price', 'status']);
  });

  it('takes its select options from the one vocabulary', () => {
    assert.deepEqual(
      fieldsOf('unit').kind.options?.map((o) => o.value),
      [...UNIT_KIND_VALUES],
    );
    assert.deepEqual(
      fieldsOf('unit').status.options?.map((o) => o.value),
      [...UNIT_STATUS_VALUES],
    );
    assert.equal(statusTerm('IN_AUCTION')?.ru, 'На торгах');
  });

  it('links complex → building → section → unit and the change protocol by relations', () => {
    const links = registryObjects.flatMap((o) =>
      Object.entries(o.fields as FieldMap)
        .filter(([, f]) => f.type === 'RELATION' && f.relation)
        .map(
          ([name, f]) =>
            `${o.nameSingular}.${name} → ${relationTargetName(f.relation!.target)}.${f.relation!.inverseName}`,
        ),
    );
    assert.deepEqual(links.sort(), [
      'building.complex → residentialComplex.buildings',
      'residentialComplex.developer → company.residentialComplexes',
      'section.building → building.sections',
      'unit.building → building.units',
      'unit.importBatch → importBatch.units',
      'unit.section → section.units',
      'unitChange.importBatch → importBatch.unitChanges',
      'unitChange.unit → unit.changes',
    ]);
  });

  it('uses no name Twenty reserves', () => {
    for (const o of registryObjects) {
      for (const name of Object.keys(o.fields))
        assert.deepEqual(metadataNameProblems(name), [], `${o.nameSingular}.${name}`);
    }
  });

  it('gives unit statuses the chessboard colours of domain.md', () => {
    const colours = Object.fromEntries(UNIT_STATUSES.map((s) => [s.value, s.color]));
    assert.deepEqual(
      {
        FREE: colours.FREE,
        RESERVED: colours.RESERVED,
        IN_AUCTION: colours.IN_AUCTION,
        BOOKED: colours.BOOKED,
        SOLD: colours.SOLD,
      },
      { FREE: 'green', RESERVED: 'yellow', IN_AUCTION: 'blue', BOOKED: 'orange', SOLD: 'gray' },
    );
    assert.equal(fieldsOf('unit').status.defaultValue, 'FREE');
  });

  it('keys units by a unique external code for imports and migrations', () => {
    assert.equal(fieldsOf('unit').externalCode.isUnique, true);
    assert.equal(fieldsOf('unit').externalCode.type, 'TEXT');
  });

  it('types unit records from the schema (checked by tsc)', () => {
    const record: Partial<InferRecord<typeof unit>> = {
      kind: 'PARKING',
      status: 'IN_AUCTION',
      positionOnFloor: 3,
      buildingId: null,
    };
    // @ts-expect-error kind is one of FLAT, OFFICE, PARKING, STORAGE
    const wrongKind: Partial<InferRecord<typeof unit>> = { kind: 'GARAGE' };
    assert.equal(record.kind, 'PARKING');
    assert.equal(wrongKind.kind, 'GARAGE');
  });
});
