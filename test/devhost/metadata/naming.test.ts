import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { camelCaseFromLabel, validateMetadataName } from '../../../devhost/metadata/naming';

describe('metadata names', () => {
  it('accepts camelCase names up to 63 characters', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,62}$/), (name) => {
        fc.pre(
          ![
            'type',
            'types',
            'event',
            'events',
            'index',
            'object',
            'objects',
            'field',
            'fields',
            'link',
            'links',
            'user',
            'users',
            'role',
            'roles',
          ].includes(name),
        );
        assert.equal(validateMetadataName(name), name);
      }),
    );
  });

  it('refuses names that start with a capital or a digit, contain other characters, or are too long', () => {
    for (const name of ['Unit', '1unit', 'unit_kind', 'unit-kind', 'ünit', '', 'a'.repeat(64)]) {
      assert.throws(() => validateMetadataName(name), { statusCode: 400 }, name);
    }
  });

  it('refuses reserved names with Twenty’s message', () => {
    for (const name of ['event', 'fields', 'currency', 'addresses', 'position', 'workspace']) {
      assert.throws(() => validateMetadataName(name), { messages: [`The name "${name}" is not available`] });
    }
  });

  it('derives a valid inverse field name from any label with letters', () => {
    assert.equal(camelCaseFromLabel('Linked Units'), 'linkedUnits');
    assert.equal(camelCaseFromLabel('agency listings!'), 'agencyListings');
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,8}$/), { minLength: 1, maxLength: 5 }),
        (words) => {
          assert.match(camelCaseFromLabel(words.join(' ')), /^[a-z][a-zA-Z0-9]*$/);
        },
      ),
    );
  });
});
