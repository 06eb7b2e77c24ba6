/**
 * Architecture: Twenty's screens speak Russian for every plugin. Each object, field, relation end,
 * option and description a plugin provisions has its Russian label in the plugin's labels-ru.ts, so
 * `realty setup` (REALTY_LOCALE=ru, the default) leaves nothing in English.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRegistry } from '../../../../plugins/core/plugin/plugin-registry';
import { localizeSchema, missingLabels } from '../../../../plugins/core/provisioning/provision-labels';
import { allPlugins } from '../../../../plugins/index';

const registry = createRegistry(allPlugins);

describe('every plugin labels what it provisions in Russian', () => {
  for (const p of registry.plugins) {
    if (p.objects.length === 0 && p.extends.length === 0) continue;
    it(`${p.name}: every object, field, relation end, option and description`, () => {
      const missing = missingLabels(
        { objects: p.objects, extensions: p.extends, labels: p.labels ?? {} },
        'ru',
      );
      assert.deepEqual(missing, [], `${p.name}/labels-ru.ts lacks: ${missing.join('; ')}`);
    });
  }

  it('the whole schema in Russian keeps every name, type and option value of the English one', () => {
    const ru = localizeSchema(registry.schema, 'ru');
    const en = localizeSchema(registry.schema, 'en');
    const shape = (s: typeof ru) =>
      [...s.objects, ...s.extensions].map((o) => [
        o.nameSingular,
        Object.entries(o.fields).map(([n, f]) => [n, f.type, f.options?.map((x) => [x.value, x.color])]),
      ]);
    assert.deepEqual(shape(ru), shape(en));
    const unit = ru.objects.find((o) => o.nameSingular === 'unit');
    assert.equal(unit?.labelPlural, 'Помещения');
    assert.equal(en.objects.find((o) => o.nameSingular === 'unit')?.labelPlural, 'Units');
  });
});
