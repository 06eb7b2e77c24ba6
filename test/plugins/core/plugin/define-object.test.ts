import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DeclarationError } from '../../../../plugins/core/plugin/declaration-error';
import { defineField } from '../../../../plugins/core/plugin/define-field';
import { defineObject, extendObject, type InferRecord } from '../../../../plugins/core/plugin/define-object';
import {
  camelCaseFromLabel,
  DEFAULT_CUSTOM_OBJECT_FIELDS,
  labelFromCamelCase,
  metadataNameProblems,
  RESERVED_METADATA_NAMES,
} from '../../../../plugins/core/plugin/metadata-names';

const names = { nameSingular: 'unit', namePlural: 'units', labelSingular: 'Unit', labelPlural: 'Units' };

function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof DeclarationError, `expected DeclarationError, got ${String(error)}`);
    return error.problems;
  }
  assert.fail('expected the declaration to be refused');
}

describe('defineObject', () => {
  it('returns an ObjectRef carrying the names, labels and fields as declared', () => {
    const floor = defineField.number({ label: 'Floor', decimals: 0 });
    const unit = defineObject({ ...names, icon: 'IconDoor', fields: { floor } });
    assert.equal(unit.kind, 'object');
    assert.equal(unit.nameSingular, 'unit');
    assert.equal(unit.namePlural, 'units');
    assert.equal(unit.icon, 'IconDoor');
    assert.equal(unit.fields.floor, floor);
    assert.deepEqual(floor.settings, { decimals: 0, type: 'number' });
    assert.ok(Object.isFrozen(unit));
  });

  it('reports every problem of a declaration in one error', () => {
    const problems = problemsOf(() =>
      defineObject({
        ...names,
        fields: {
          type: defineField.text({ label: 'Type' }),
          Floor: defineField.number({ label: 'Floor' }),
          createdAt: defineField.dateTime({ label: 'Created' }),
          status: defineField.select({
            label: 'Status',
            options: [
              { value: 'FREE', label: 'Free' },
              { value: 'FREE', label: 'Free again' },
              { value: 'sold', label: 'Sold' },
            ],
            defaultValue: 'GONE' as 'FREE',
          }),
          owner: defineField.relation({
            label: 'Owner',
            target: 'agency' as 'company',
            inverseName: 'position',
          }),
        },
      }),
    );
    const expected = [
      /field "type": the name is reserved/,
      /field "Floor": the name must be camelCase/,
      /field "createdAt": Twenty already creates "createdAt"/,
      /option "FREE" is declared twice/,
      /option "sold" must be UPPER_SNAKE_CASE .*"SOLD"/,
      /default "GONE" is not one of its options/,
      /relation target "agency" is not a standard object/,
      /inverse name "position" is reserved/,
    ];
    for (const pattern of expected) {
      assert.ok(
        problems.some((p) => pattern.test(p)),
        `missing ${pattern}\n${problems.join('\n')}`,
      );
    }
    assert.equal(problems.length, expected.length, problems.join('\n'));
  });

  it('names the object and counts the problems in the message', () => {
    assert.throws(
      () => defineObject({ ...names, nameSingular: 'object', fields: {} }),
      (error: unknown) =>
        error instanceof DeclarationError &&
        error.code === 'invalid_object' &&
        error.message.startsWith('defineObject("object") has 1 problem:'),
    );
  });

  it('refuses standard object names and identical singular and plural names', () => {
    const problems = problemsOf(() =>
      defineObject({ ...names, nameSingular: 'person', namePlural: 'person', fields: {} }),
    );
    assert.ok(problems.some((p) => p.includes("extendObject('person'")));
    assert.ok(problems.some((p) => p.includes('Twenty needs two names')));
  });

  it('accepts `name` only as the TEXT field Twenty creates on every custom object', () => {
    assert.doesNotThrow(() =>
      defineObject({ ...names, fields: { name: defineField.text({ label: 'Name' }) } }),
    );
    const problems = problemsOf(() =>
      defineObject({ ...names, fields: { name: defineField.number({ label: 'N' }) } }),
    );
    assert.match(problems[0], /Twenty already creates "name" \(TEXT\)/);
  });

  it('refuses a field that collides with the join column of a relation', () => {
    const problems = problemsOf(() =>
      defineObject({
        ...names,
        fields: {
          company: defineField.relation({ label: 'Company', target: 'company', inverseName: 'units' }),
          companyId: defineField.text({ label: 'Company id' }),
        },
      }),
    );
    assert.match(problems.join('\n'), /carry "companyId", which is also declared/);
  });

  it('refuses two relations to one target with the same inverse name', () => {
    const problems = problemsOf(() =>
      defineObject({
        ...names,
        fields: {
          buyer: defineField.relation({ label: 'Buyer', target: 'person', inverseName: 'units' }),
          seller: defineField.relation({ label: 'Seller', target: 'person', inverseName: 'units' }),
        },
      }),
    );
    assert.match(problems.join('\n'), /inverse "units" on "person" is already the inverse of field "buyer"/);
  });

  it('checks defaults against the field type', () => {
    const problems = problemsOf(() =>
      defineObject({
        ...names,
        fields: {
          floor: defineField.number({ label: 'Floor', defaultValue: Number.NaN }),
          price: defineField.currency({ label: 'Price', defaultValue: { currencyCode: 'rub' } }),
          since: defineField.date({ label: 'Since', defaultValue: 'today' as 'now' }),
        },
      }),
    );
    assert.equal(problems.length, 3, problems.join('\n'));
  });

  it('refuses a colour Twenty does not know', () => {
    const problems = problemsOf(() =>
      defineObject({
        ...names,
        fields: {
          kind: defineField.select({
            label: 'Kind',
            options: [{ value: 'FLAT', label: 'Flat', color: 'black' as 'gray' }],
          }),
        },
      }),
    );
    assert.match(problems[0], /colour "black"/);
  });

  it('accepts a thunk as relation target so objects can point at each other', () => {
    const holder: { ref?: ReturnType<typeof defineObject> } = {};
    const a = defineObject({
      ...names,
      fields: {
        peer: defineField.relation({ label: 'Peer', target: () => holder.ref!, inverseName: 'peers' }),
      },
    });
    assert.equal(a.fields.peer.relation?.inverseName, 'peers');
  });
});

describe('extendObject', () => {
  it('declares fields added to a standard object', () => {
    const ext = extendObject('person', {
      fields: { passportNumber: defineField.text({ label: 'Passport' }) },
    });
    assert.equal(ext.kind, 'extension');
    assert.equal(ext.nameSingular, 'person');
    assert.deepEqual(Object.keys(ext.fields), ['passportNumber']);
  });

  it('refuses reserved names there too', () => {
    const problems = problemsOf(() =>
      extendObject('company', { fields: { links: defineField.links({ label: 'Links' }) } }),
    );
    assert.match(problems[0], /field "links": the name is reserved/);
  });
});

describe('InferRecord', () => {
  it('types a record of a declared object (checked by tsc; the runtime part only builds a value)', () => {
    const unit = defineObject({
      ...names,
      fields: {
        building: defineField.relation({ label: 'Building', target: 'company', inverseName: 'units' }),
        status: defineField.select({
          label: 'Status',
          options: [
            { value: 'FREE', label: 'Free' },
            { value: 'SOLD', label: 'Sold' },
          ],
        }),
        price: defineField.currency({ label: 'Price' }),
      },
    });
    const record: InferRecord<typeof unit> = {
      id: 'u1',
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-01T00:00:00.000Z',
      deletedAt: null,
      buildingId: null,
      status: 'SOLD',
      price: { amountMicros: 1_000_000, currencyCode: 'RUB' },
    };
    // @ts-expect-error a SELECT only takes its option values
    const wrong: InferRecord<typeof unit>['status'] = 'GONE';
    // @ts-expect-error a relation is written as <name>Id, never under its own name
    const noRelationKey: InferRecord<typeof unit>['building'] = null;
    assert.equal(record.status, 'SOLD');
    assert.equal(wrong, 'GONE');
    assert.equal(noRelationKey, null);
  });
});

describe('metadata names', () => {
  it('finds a problem exactly when Twenty would refuse the name', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-zA-Z0-9_]{0,70}$/), (name) => {
        const acceptable =
          /^[a-z][a-zA-Z0-9]*$/.test(name) && name.length <= 63 && !RESERVED_METADATA_NAMES.has(name);
        assert.equal(metadataNameProblems(name).length === 0, acceptable);
      }),
    );
  });

  it('spells a name as a label from which Twenty derives the same name again', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,30}$/), (name) => {
        assert.equal(camelCaseFromLabel(labelFromCamelCase(name)), name);
      }),
    );
  });

  it('refuses every field Twenty adds to custom objects, except `name` as TEXT', () => {
    for (const field of Object.keys(DEFAULT_CUSTOM_OBJECT_FIELDS).filter((f) => f !== 'name')) {
      const problems = problemsOf(() =>
        defineObject({ ...names, fields: { [field]: defineField.text({ label: 'X' }) } }),
      );
      assert.match(problems.join('\n'), /already creates/);
    }
  });
});
