import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AccessError,
  assertOneStatement,
  highestParameter,
  namesIn,
  placeholdersIn,
  replacePlaceholders,
  splitSql,
  startsWithAlias,
} from '../../../../plugins/core/access/index';

describe('reading SQL text before it runs', () => {
  it('looks for names, placeholders and parameters in code only', () => {
    const sql = `select $1::int, 'it''s {unit} rm_x', E'a\\'{b}', $$ {c} $$, $tag$ {d} $tag$, "Rv_Odd" /* {e} /* nested */ rm_y */ from {unit} -- {f}`;
    const segments = splitSql(sql);
    assert.deepEqual(placeholdersIn(segments), ['unit']);
    assert.equal(highestParameter(segments), 1);
    const names = namesIn(segments);
    assert.ok(names.includes('rv_odd'), 'a quoted identifier is a name');
    assert.equal(names.includes('rm_x') || names.includes('rm_y'), false);
    assert.equal(segments.map((s) => s.text).join(''), sql, 'splitting loses nothing');
  });

  it('counts statements, ignoring a trailing semicolon and semicolons in strings', () => {
    assertOneStatement(splitSql("select ';' as s;  -- done\n"));
    assert.throws(
      () => assertOneStatement(splitSql('select 1; select 2')),
      (e: unknown) => e instanceof AccessError && e.code === 'access_bad_query',
    );
  });

  it('replaces placeholders, telling an alias from the next clause', () => {
    const text = replacePlaceholders(
      splitSql('select * from {unit} u join {building} on true where 1 = 1'),
      (o, rest) => (startsWithAlias(rest) ? `[${o}]` : `[${o}] as ${o}`),
    );
    assert.equal(text, 'select * from [unit] u join [building] as building on true where 1 = 1');
  });
});
