import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { seededRandom, uuidV5 } from '../../../../plugins/core/plugin/deterministic-id';

describe('uuidV5', () => {
  it('matches the RFC 4122 known answer for the DNS namespace', () => {
    // Python: uuid.uuid5(uuid.NAMESPACE_DNS, 'www.example.com')
    assert.equal(
      uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'),
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('gives every name one stable, well-formed version-5 id', () => {
    fc.assert(
      fc.property(fc.string(), (name) => {
        const id = uuidV5(name);
        assert.equal(id, uuidV5(name));
        assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      }),
    );
  });

  it('gives different names different ids', () => {
    assert.notEqual(uuidV5('unit:1'), uuidV5('unit:2'));
  });
});

describe('seededRandom', () => {
  it('repeats its sequence for the same seed and stays within [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    for (let i = 0; i < 1000; i++) {
      const x = a();
      assert.equal(x, b());
      assert.ok(x >= 0 && x < 1);
    }
    assert.notEqual(seededRandom(1)(), seededRandom(2)());
  });
});
