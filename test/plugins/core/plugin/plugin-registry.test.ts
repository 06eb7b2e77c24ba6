import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { definePolicy } from '../../../../plugins/core/access/index';
import { DeclarationError } from '../../../../plugins/core/plugin/declaration-error';
import { defineField } from '../../../../plugins/core/plugin/define-field';
import { defineObject, extendObject } from '../../../../plugins/core/plugin/define-object';
import { definePlugin, every, on } from '../../../../plugins/core/plugin/define-plugin';
import { defineRoute } from '../../../../plugins/core/plugin/define-route';
import { createRegistry, selectPlugins } from '../../../../plugins/core/plugin/plugin-registry';

const noop = () => {};
const object = (nameSingular: string, fields = {}) =>
  defineObject({
    nameSingular,
    namePlural: `${nameSingular}s`,
    labelSingular: nameSingular,
    labelPlural: `${nameSingular}s`,
    fields,
  });
const building = object('building');
const unit = object('unit', {
  building: defineField.relation({ label: 'Building', target: building, inverseName: 'units' }),
});
const auction = object('auction', {
  unit: defineField.relation({ label: 'Unit', target: unit, inverseName: 'auctions' }),
});
const plugin = (name: string, more: Partial<Parameters<typeof definePlugin>[0]> = {}) =>
  definePlugin({ name, description: name, ...more });

function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof DeclarationError, `expected DeclarationError, got ${String(error)}`);
    assert.equal(error.code, 'invalid_registry');
    return error.problems;
  }
  assert.fail('expected the registry to be refused');
}

describe('createRegistry', () => {
  it('orders plugins so that dependencies come first, keeping the given order otherwise', () => {
    const registry = createRegistry([
      plugin('reports', { dependsOn: ['auctions', 'registry'] }),
      plugin('sms'),
      plugin('auctions', { dependsOn: ['registry'], objects: [auction] }),
      plugin('registry', { objects: [building, unit] }),
    ]);
    assert.deepEqual(
      registry.plugins.map((p) => p.name),
      ['registry', 'auctions', 'reports', 'sms'],
    );
    assert.deepEqual(
      registry.objects.map((o) => o.nameSingular),
      ['building', 'unit', 'auction'],
    );
    assert.equal(registry.ownerOf('auction'), 'auctions');
    assert.equal(registry.get('sms')?.name, 'sms');
  });

  it('puts a used plugin first when installed, and runs without it when not', () => {
    const withRevenue = createRegistry([plugin('holdings', { uses: ['revenue'] }), plugin('revenue')]);
    assert.deepEqual(
      withRevenue.plugins.map((p) => p.name),
      ['revenue', 'holdings'],
    );
    const alone = createRegistry([plugin('holdings', { uses: ['revenue'] })]);
    assert.deepEqual(
      alone.plugins.map((p) => p.name),
      ['holdings'],
    );
    assert.equal(alone.get('revenue'), undefined);
    const mutual = createRegistry([plugin('a', { uses: ['b'] }), plugin('b', { uses: ['a'] })]);
    assert.deepEqual(
      mutual.plugins.map((p) => p.name),
      ['b', 'a'],
    );
  });

  it('reports unknown dependencies and every cycle', () => {
    const problems = problemsOf(() =>
      createRegistry([
        plugin('a', { dependsOn: ['b'] }),
        plugin('b', { dependsOn: ['c'] }),
        plugin('c', { dependsOn: ['a'] }),
        plugin('d', { dependsOn: ['nowhere'] }),
      ]),
    );
    assert.deepEqual(problems, [
      'plugin "d" depends on "nowhere", which is not installed',
      'dependency cycle: a → b → c → a',
    ]);
  });

  it('refuses two plugins declaring one object, and a plugin installed twice', () => {
    const problems = problemsOf(() =>
      createRegistry([
        plugin('one', { objects: [building] }),
        plugin('two', { objects: [building] }),
        plugin('one'),
      ]),
    );
    assert.ok(problems.includes('plugin "one" is installed twice'), problems.join('\n'));
    const again = problemsOf(() =>
      createRegistry([plugin('one', { objects: [building] }), plugin('two', { objects: [building] })]),
    );
    assert.ok(
      again.some((p) => /object name "building" is declared by both "one" and "two"/.test(p)),
      again.join('\n'),
    );
  });

  it('refuses relations to objects of plugins not listed in dependsOn', () => {
    const problems = problemsOf(() =>
      createRegistry([
        plugin('registry', { objects: [building, unit] }),
        plugin('auctions', { objects: [auction] }),
      ]),
    );
    assert.deepEqual(problems, [
      'auction.unit points at "unit" of plugin "registry"; add "registry" to auctions\'s dependsOn',
    ]);
  });

  it('refuses relations to objects nobody declares, and extensions of them', () => {
    const problems = problemsOf(() =>
      createRegistry([
        plugin('auctions', {
          objects: [auction],
          extends: [extendObject('lot', { fields: { note: defineField.text({ label: 'Note' }) } })],
        }),
      ]),
    );
    assert.ok(
      problems.some((p) => p.startsWith('auction.unit points at "unit", which no installed plugin declares')),
    );
    assert.ok(problems.some((p) => p.startsWith('plugin "auctions" extends "lot"')));
  });

  it('refuses one field name claimed twice on an object, including relation inverses', () => {
    const withUnitsField = object('building', { units: defineField.number({ label: 'Units' }) });
    const problems = problemsOf(() =>
      createRegistry([
        plugin('registry', { objects: [withUnitsField, unit] }),
        plugin('a', {
          extends: [extendObject('person', { fields: { passport: defineField.text({ label: 'P' }) } })],
        }),
        plugin('b', {
          extends: [extendObject('person', { fields: { passport: defineField.text({ label: 'P' }) } })],
        }),
      ]),
    );
    assert.ok(
      problems.includes(
        '"building.units" is declared by plugin "registry" and by the inverse of unit.building',
      ),
      problems.join('\n'),
    );
    assert.ok(problems.some((p) => p.startsWith('"person.passport" is declared by plugin "a"')));
  });

  it('finds handlers by event across plugins, in plugin order', () => {
    const first = on('unit.*', noop);
    const second = on('*.updated', noop);
    const registry = createRegistry([
      plugin('chessboard', { dependsOn: ['registry'], handlers: [second] }),
      plugin('registry', { objects: [building, unit], handlers: [first, on('unit.created', noop)] }),
    ]);
    assert.deepEqual(
      registry.handlersFor('unit.updated').map((h) => [h.plugin, h.pattern]),
      [
        ['registry', 'unit.*'],
        ['chessboard', '*.updated'],
      ],
    );
    assert.deepEqual(registry.handlersFor('building.created'), []);
  });

  it('keys jobs by plugin and collects routes, migrations and read-model objects once each', () => {
    const registry = createRegistry([
      plugin('registry', {
        objects: [building, unit],
        readModel: [unit, building],
        jobs: [every('0 * * * *', 'sweep', noop)],
      }),
      plugin('reports', {
        dependsOn: ['registry'],
        readModel: [unit],
        jobs: [every('0 7 * * *', 'sweep', noop)],
        routes: [
          defineRoute({
            method: 'GET',
            path: '/reports',
            roles: ['finance'],
            description: 'reports',
            objects: [],
            handler: () => ({}),
          }),
        ],
        migrations: [{ id: 'backfill', run: async () => {} }],
      }),
    ]);
    assert.deepEqual(
      registry.jobs.map((j) => j.key),
      ['registry:sweep', 'reports:sweep'],
    );
    assert.deepEqual(
      registry.readModel.map((r) => r.object),
      ['unit', 'building'],
    );
    assert.equal(registry.routes[0].plugin, 'reports');
    assert.equal(registry.migrations[0].plugin, 'reports');
  });

  it('refuses one route declared by two plugins', () => {
    const r = defineRoute({
      method: 'GET',
      path: '/x',
      roles: ['admin'],
      description: 'x',
      objects: [],
      handler: () => ({}),
    });
    const problems = problemsOf(() =>
      createRegistry([plugin('a', { routes: [r] }), plugin('b', { routes: [r] })]),
    );
    assert.deepEqual(problems, ['route GET /x is declared by both "a" and "b"']);
  });

  it('lets only the owner declare an object policy, and gives undeclared objects the staff-only default', () => {
    const problems = problemsOf(() =>
      createRegistry([
        plugin('registry', { objects: [building, unit] }),
        plugin('agencies', { dependsOn: ['registry'], access: [definePolicy(unit, { read: () => 'all' })] }),
      ]),
    );
    assert.match(problems[0] ?? '', /"agencies" declares the policy of "unit", which plugin "registry" owns/);
    const registry = createRegistry([
      plugin('registry', { objects: [building, unit], access: [definePolicy(unit, { read: () => 'none' })] }),
    ]);
    const staff = { kind: 'staff', memberId: 'm', email: 'a@b', role: 'sales' } as const;
    assert.equal(registry.policyFor('unit').read(staff), 'none');
    assert.equal(registry.policyFor('building').read(staff), 'all');
    assert.equal(registry.policyFor('building').read({ kind: 'anonymous' }), 'none');
  });

  it('runs the plugins REALTY_PLUGINS names with their dependencies, and names unknown ones', () => {
    const all = [
      plugin('registry', {}),
      plugin('chessboard', { dependsOn: ['registry'] }),
      plugin('revenue', {}),
    ];
    assert.deepEqual(
      selectPlugins(all, ['chessboard']).map((p) => p.name),
      ['registry', 'chessboard'],
    );
    assert.equal(selectPlugins(all, undefined).length, 3);
    assert.throws(
      () => selectPlugins(all, ['chesboard']),
      (error: unknown) =>
        error instanceof DeclarationError &&
        /unknown plugin\(s\) "chesboard"; installed: registry, chessboard, revenue/.test(
          error.problems[0] ?? '',
        ),
    );
  });
});
