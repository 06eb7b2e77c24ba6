/**
 * SQL in one plugin never names another plugin's objects or `rv_` tables
 * (DESIGN.md "Between plugins"): the check over every plugin's source, and the
 * same check failing on fixture sources that break the rule each way.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { allPlugins } from '../../plugins/index';
import { ROOT } from './dependency-graph';
import { crossPluginSqlProblems, type PluginFacts, type SourceFile } from './plugin-sql';

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return tsFiles(full);
    return name.endsWith('.ts') ? [full] : [];
  });
}

/** Each plugin folder (plugins/<name>/index.ts) → the installed plugin of that name. */
const folders = new Map<string, PluginFacts>(allPlugins.map((p) => [p.name, p]));
const owners = new Map(allPlugins.flatMap((p) => p.objects.map((o) => [o.nameSingular, p.name] as const)));

describe('SQL in a plugin names only its own objects, published views and no store tables', () => {
  it('finds no violation in any plugin', () => {
    const files: SourceFile[] = tsFiles(path.join(ROOT, 'plugins'))
      .map((full) => ({ path: path.relative(ROOT, full), text: readFileSync(full, 'utf8') }))
      .filter((f) => !f.path.startsWith('plugins/core/'));
    assert.ok(files.length > 100, `only ${files.length} plugin files read`);
    for (const plugin of allPlugins)
      assert.ok(
        files.some((f) => f.path.startsWith(`plugins/${plugin.name}/`)),
        `no folder plugins/${plugin.name}/`,
      );
    const problems = crossPluginSqlProblems(files, folders, owners);
    assert.deepEqual(problems, [], `SQL across plugin boundaries:\n${problems.join('\n')}`);
  });

  describe('fails on fixture sources', () => {
    const facts = (name: string, more: Partial<PluginFacts> = {}): PluginFacts => ({
      name,
      dependsOn: [],
      uses: [],
      publishedViews: [],
      ...more,
    });
    const fixture = new Map<string, PluginFacts>([
      ['registry', facts('registry', { publishedViews: ['unit'] })],
      ['revenue', facts('revenue')],
      ['holdings', facts('holdings', { uses: ['revenue'] })],
      ['chessboard', facts('chessboard', { dependsOn: ['registry'] })],
      ['reports', facts('reports')],
    ]);
    const objectOwners = new Map([
      ['unit', 'registry'],
      ['unitChange', 'registry'],
      ['revenuePlanLine', 'revenue'],
    ]);
    const check = (file: string, text: string) =>
      crossPluginSqlProblems([{ path: file, text }], fixture, objectOwners);

    it('accepts its own objects, standard objects and a published view of a dependency', () => {
      assert.deepEqual(
        check(
          'plugins/chessboard/board.ts',
          "const a = await reader.query('select id from {unit} u join {company} c on true');\n" +
            // biome-ignore lint/suspicious/noTemplateCurlyInString: the fixture is source text holding a template literal
            '// a comment may say {unitChange} or rv_unit\nconst b = `select 1 from {unit} where id = ${id}`;\n',
        ),
        [],
      );
      assert.deepEqual(check('plugins/revenue/data.ts', "q('select * from {revenuePlanLine} l')"), []);
    });

    it('reports another plugin’s unpublished object in braces, and a published one without dependsOn/uses', () => {
      assert.deepEqual(
        check(
          'plugins/holdings/holding-view.ts',
          'await reader.query(`select sum(l.amount_amount_micros)\n  from {revenuePlanLine} l`);',
        ),
        [
          "plugins/holdings/holding-view.ts:1: SQL names {revenuePlanLine}, revenue's object, which revenue does not publish (publishedViews) — call a read revenue publishes",
        ],
      );
      assert.deepEqual(check('plugins/chessboard/card.ts', "reader.query('select * from {unitChange}')"), [
        "plugins/chessboard/card.ts:1: SQL names {unitChange}, registry's object, which registry does not publish (publishedViews) — call a read registry publishes",
      ]);
      assert.deepEqual(check('plugins/reports/units.ts', "reader.query('select count(*) from {unit}')"), [
        'plugins/reports/units.ts:1: SQL names {unit} of "registry", which "reports" lists in neither dependsOn nor uses',
      ]);
    });

    it('reports any rv_/rm_ name, and a direct read-model read of an unpublished object', () => {
      assert.deepEqual(
        check(
          'plugins/chessboard/jobs.ts',
          "sql.query(`select count(*) from rv_sale_contract`);\nsql.query('select 1 from rm_unit');\n" +
            "const t = readModelView('revenuePlanLine');\nconst own = readModelView('company');\nconst u = readModelView('unit');\n",
        ),
        [
          'plugins/chessboard/jobs.ts:1: names the store\'s "rv_sale_contract" — name objects in braces ({unit}) or call the owner\'s published read',
          'plugins/chessboard/jobs.ts:2: names the store\'s "rm_unit" — name objects in braces ({unit}) or call the owner\'s published read',
          'plugins/chessboard/jobs.ts:3: readModelView("revenuePlanLine"), revenue\'s object, which revenue does not publish (publishedViews) — call a read revenue publishes',
        ],
      );
    });
  });
});
