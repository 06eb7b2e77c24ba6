import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { definePolicy } from '../../../../plugins/core/access/index';
import { DeclarationError } from '../../../../plugins/core/plugin/declaration-error';
import { defineCommand } from '../../../../plugins/core/plugin/define-command';
import { defineField } from '../../../../plugins/core/plugin/define-field';
import { defineObject } from '../../../../plugins/core/plugin/define-object';
import { definePage } from '../../../../plugins/core/plugin/define-page';
import {
  DEFAULT_JOB_TIME_ZONE,
  definePlugin,
  EVENT_ACTIONS,
  eventMatches,
  every,
  on,
} from '../../../../plugins/core/plugin/define-plugin';
import type { RouteDeclaration } from '../../../../plugins/core/plugin/define-route';
import { defineSettings, settingSchemas } from '../../../../plugins/core/settings/index';

const unit = defineObject({
  nameSingular: 'unit',
  namePlural: 'units',
  labelSingular: 'Unit',
  labelPlural: 'Units',
  fields: { floor: defineField.number({ label: 'Floor' }) },
});
const noop = () => {};
const route = (over: Partial<RouteDeclaration> = {}): RouteDeclaration => ({
  kind: 'route',
  method: 'GET',
  path: '/api/units',
  roles: ['sales'],
  description: 'units',
  objects: ['unit'],
  handler: () => ({ body: [] }),
  ...over,
});

function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof DeclarationError, `expected DeclarationError, got ${String(error)}`);
    assert.equal(error.code, 'invalid_plugin');
    return error.problems;
  }
  assert.fail('expected the plugin to be refused');
}

describe('on / every', () => {
  it('declares a handler for an event pattern', () => {
    const h = on('unit.updated', noop);
    assert.deepEqual({ kind: h.kind, pattern: h.pattern }, { kind: 'handler', pattern: 'unit.updated' });
    assert.equal(h.run, noop);
  });

  it('builds the pattern from an ObjectRef and an action', () => {
    const h = on(unit, '*', (event) => {
      const floor: number | null = event.record.floor;
      return void floor;
    });
    assert.equal(h.pattern, 'unit.*');
  });

  it('keeps a stable name when one is given', () => {
    assert.equal(on('unit.updated', noop, { name: 'recalc-price' }).name, 'recalc-price');
    assert.equal(on(unit, 'created', noop, { name: 'log' }).name, 'log');
    assert.equal(on('unit.updated', noop).name, undefined);
  });

  it('declares a job on Moscow time unless told otherwise', () => {
    assert.equal(every('0 7 * * *', 'morning-report', noop).timeZone, DEFAULT_JOB_TIME_ZONE);
    assert.equal(every('0 7 * * *', 'x', noop, { timeZone: 'UTC' }).timeZone, 'UTC');
  });
});

describe('eventMatches', () => {
  it('matches exactly the events a Twenty webhook operation would', () => {
    const object = fc.constantFrom('unit', 'person', 'auction');
    const action = fc.constantFrom(...EVENT_ACTIONS);
    fc.assert(
      fc.property(
        object,
        action,
        object,
        action,
        fc.boolean(),
        fc.boolean(),
        (po, pa, eo, ea, anyObject, anyAction) => {
          const pattern = `${anyObject ? '*' : po}.${anyAction ? '*' : pa}`;
          const expected = (anyObject || po === eo) && (anyAction || pa === ea);
          assert.equal(eventMatches(pattern, `${eo}.${ea}`), expected);
        },
      ),
    );
  });
});

describe('definePlugin', () => {
  it('returns the declaration with every list present', () => {
    const p = definePlugin({
      name: 'registry',
      description: 'units',
      objects: [unit],
      handlers: [on('unit.created', noop)],
    });
    assert.equal(p.kind, 'plugin');
    assert.deepEqual(p.dependsOn, []);
    assert.equal(p.objects[0], unit);
    assert.equal(p.handlers.length, 1);
    assert.deepEqual([p.jobs, p.routes, p.migrations, p.extends, p.readModel], [[], [], [], [], []]);
  });

  it('reports every problem of a plugin in one error', () => {
    const problems = problemsOf(() =>
      definePlugin({
        name: 'Auctions',
        description: ' ',
        dependsOn: ['registry', 'registry'],
        objects: [unit, unit],
        handlers: [
          on('unit.changed', noop),
          on('Unit.updated', noop),
          on('unit.created', noop, { name: 'h' }),
          on('unit.deleted', noop, { name: 'h' }),
        ],
        jobs: [
          every('every day', 'daily', noop),
          every('0 7 * * *', 'daily', noop, { timeZone: 'Mars/Olympus' }),
        ],
        routes: [
          route(),
          route(),
          route({ path: 'api/x', roles: [] }),
          route({ path: '/x', roles: ['boss' as 'admin'] }),
          route({ method: 'FETCH' as 'GET', path: '/y' }),
        ],
        migrations: [
          { id: 'm1', run: async () => {} },
          { id: 'm1', run: async () => {} },
        ],
      }),
    );
    const expected = [
      /name "Auctions" must be lowercase/,
      /description is empty/,
      /dependency "registry" is declared twice/,
      /object name "unit" is declared twice/,
      /object name "units" is declared twice/,
      /handler "unit.changed": expected <object>.<action>/,
      /handler "Unit.updated": expected/,
      /handler name "h" is declared twice/,
      /job "daily": "every day" is not a cron expression/,
      /job "daily": unknown time zone "Mars\/Olympus"/,
      /job "daily" is declared twice/,
      /route "GET \/api\/units" is declared twice/,
      /route GET api\/x: path must start with/,
      /route GET api\/x: roles is empty/,
      /role "boss" is not one of/,
      /method "FETCH" is not one of/,
      /migration "m1" is declared twice/,
    ];
    for (const pattern of expected) {
      assert.ok(
        problems.some((p) => pattern.test(p)),
        `missing ${pattern}\n${problems.join('\n')}`,
      );
    }
    assert.equal(problems.length, expected.length, problems.join('\n'));
  });

  it('reports every problem of the newer declarations: routes, pages, commands, settings, policies', () => {
    const problems = problemsOf(() =>
      definePlugin({
        name: 'reports',
        description: 'x',
        routes: [
          {
            method: 'GET',
            path: '/raw',
            roles: ['admin'],
            handler: () => ({}),
          } as unknown as RouteDeclaration,
          route({ description: '', objects: undefined as unknown as string[] }),
        ],
        pages: [definePage({ path: '/reports', title: { ru: 'Отчёты', en: 'Reports' }, roles: ['finance'] })],
        commands: [
          defineCommand({ name: 'report', description: 'x', run: () => 0 }),
          defineCommand({ name: 'report', description: 'y', run: () => 0 }),
        ],
        settings: defineSettings('registry', {
          limit: { schema: settingSchemas.positiveNumber(1), description: 'a limit' },
        }),
        access: [definePolicy('unit', { read: () => 'all' }), definePolicy('unit', { read: () => 'none' })],
      }),
    );
    const expected = [
      /routes\[0\] \(route GET \/raw\) is not a defineRoute/,
      /route GET \/api\/units: description is empty/,
      /route GET \/api\/units: objects is missing/,
      /page \/reports has no GET \/reports route/,
      /command "report" is declared twice/,
      /settings are declared for "registry", not "reports"/,
      /policy for object "unit" is declared twice/,
    ];
    for (const pattern of expected)
      assert.ok(
        problems.some((p) => pattern.test(p)),
        `missing ${pattern}\n${problems.join('\n')}`,
      );
    assert.equal(problems.length, expected.length, problems.join('\n'));
  });

  it('refuses a plugin that depends on itself', () => {
    const problems = problemsOf(() => definePlugin({ name: 'sms', description: 'x', dependsOn: ['sms'] }));
    assert.match(problems[0], /dependsOn lists the plugin itself/);
  });

  it('keeps the plugins it uses, and refuses itself, duplicates and a plugin both required and used', () => {
    assert.deepEqual(definePlugin({ name: 'holdings', description: 'x', uses: ['revenue'] }).uses, [
      'revenue',
    ]);
    assert.deepEqual(definePlugin({ name: 'holdings', description: 'x' }).uses, []);
    const problems = problemsOf(() =>
      definePlugin({
        name: 'sms',
        description: 'x',
        dependsOn: ['registry'],
        uses: ['sms', 'revenue', 'revenue', 'registry'],
      }),
    );
    assert.deepEqual(problems, [
      'uses lists the plugin itself ("sms")',
      'used plugin "revenue" is declared twice',
      '"registry" is in both dependsOn and uses; a dependency is required, a used plugin optional',
    ]);
  });

  it('publishes views of its own objects only', () => {
    const mine = defineObject({
      nameSingular: 'parcel',
      namePlural: 'parcels',
      labelSingular: 'Parcel',
      labelPlural: 'Parcels',
      fields: {},
    });
    assert.deepEqual(
      definePlugin({ name: 'land', description: 'x', objects: [mine], publishedViews: ['parcel'] })
        .publishedViews,
      ['parcel'],
    );
    const problems = problemsOf(() =>
      definePlugin({ name: 'land', description: 'x', objects: [mine], publishedViews: ['unit'] }),
    );
    assert.deepEqual(problems, ['publishedViews: "unit" is not an object this plugin declares']);
  });

  it('refuses a typed handler declared without its function', () => {
    const missing = undefined as unknown as () => void;
    const problems = problemsOf(() =>
      definePlugin({ name: 'x', description: 'x', handlers: [on(unit, 'updated', missing)] }),
    );
    assert.match(problems[0], /handler "unit.updated" has no function/);
  });
});
