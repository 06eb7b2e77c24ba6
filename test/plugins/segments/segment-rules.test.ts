/**
 * The segment filter (the sdk's grammar, checked before it runs) and the stage machine, without
 * servers: what parses into which tree, what is refused and how the Russian message names it, the
 * SQL a filter compiles to, and which stage moves are allowed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkStageMove,
  companyConditions,
  compileSegmentFilter,
  parseSegmentFilter,
  SegmentFilterError,
} from '../../../plugins/segments/index';

const refused = (text: string, message: RegExp) =>
  assert.throws(
    () => parseSegmentFilter(text),
    (e: unknown) => e instanceof SegmentFilterError && message.test(e.ru),
    text,
  );

describe('segment filter', () => {
  it('parses the sdk grammar into its tree and writes it back canonically', () => {
    const p = parseSegmentFilter('and(city[eq]:"Москва", company.employees[gte]:50 ,not(jobTitle[is]:NULL))');
    assert.equal(p.text, 'and(city[eq]:"Москва",company.employees[gte]:50,not(jobTitle[is]:NULL))');
    assert.deepEqual(p.fields.sort(), ['city', 'company.employees', 'jobTitle']);
    // A bare top-level list means and; values typed by the field.
    const bare = parseSegmentFilter("name.lastName[startsWith]:'Ив',createdAt[gte]:01.02.2026");
    assert.equal(bare.text, 'and(name.lastName[startsWith]:"Ив",createdAt[gte]:"2026-02-01")');
    const list = parseSegmentFilter('or(city[in]:["Москва",Казань],company.name[ilike]:"%строй%")');
    assert.equal(list.filter.kind, 'or');
  });

  it('refuses text that does not parse, naming the place', () => {
    refused('and(city[eq]:"Москва"', /Фильтр не разобран: не закрыта скобка «and\(»/);
    refused('city[eq]:"Москва")', /лишняя закрывающая скобка/);
    refused('city = Москва', /«city = Москва» — не условие вида поле\[сравнение\]:значение/);
    refused('city[eq]:"Москва', /не закрыта кавычка/);
    refused('not(city[eq]:a,city[eq]:b)', /«not\(…\)» принимает ровно одно условие/);
    refused('city[approx]:1', /неизвестное сравнение «\[approx\]» у поля «city»/);
    refused('', /Фильтр пуст/);
  });

  it('refuses an unknown field, a comparison the field does not take and a value of the wrong kind', () => {
    refused('cty[eq]:"Москва"', /Неизвестное поле «cty» в фильтре — .*city \(Город\)/);
    refused('company.revenue[gt]:5', /Неизвестное поле «company\.revenue»/);
    refused(
      'company.employees[gte]:много',
      /«Сотрудников в компании» \(company\.employees\) — число, а «много» не число/,
    );
    refused('createdAt[gt]:вчера', /не дата/);
    refused('company.employees[ilike]:"%5%"', /только для текстовых полей/);
    refused('companyId[eq]:abc', /не идентификатор записи/);
    refused('city[containsAny]:[a]', /используйте \[in\]/);
    // The sdk's serializer would have Twenty misread a lone quote before another condition.
    refused(`and(city[eq]:"Мо'сква",jobTitle[is]:NULL)`, /«Город» \(city\) содержит кавычки/);
  });

  it('compiles to parameterised SQL over the person and company views', () => {
    const params: unknown[] = [];
    const sql = compileSegmentFilter(
      parseSegmentFilter(
        'and(city[eq]:"Москва",or(company.employees[gte]:50,jobTitle[is]:NULL),name.lastName[startsWith]:"50%")',
      ).filter,
      params,
    );
    assert.equal(
      sql,
      "(p.city = $1::text and (c.employees >= $2::numeric or (p.job_title is null or p.job_title = '')) and p.name_last_name like $3::text)",
    );
    assert.deepEqual(params, ['Москва', 50, '50\\%%']);
  });

  it('turns conditions on the company into a test of the person’s company id (no join)', () => {
    const parsed = parseSegmentFilter(
      'or(company.employees[gte]:50,not(company.name[is]:NULL),jobTitle[ilike]:"%дир%")',
    );
    const conditions = companyConditions(parsed.filter);
    const companyParams: unknown[] = [];
    assert.deepEqual(
      conditions.map((c) => c.sql(companyParams)),
      ['c.employees >= $1::numeric', "not (c.name is null or c.name = '')"],
    );
    const ids = new Map(conditions.map((c, i) => [c.node, [`00000000-0000-4000-8000-00000000000${i}`]]));
    const params: unknown[] = [];
    assert.equal(
      compileSegmentFilter(parsed.filter, params, ids),
      '(coalesce(p.company_id = any($1::uuid[]), false) or not coalesce(not coalesce(p.company_id = any($2::uuid[]), false), false) or lower(p.job_title) like lower($3::text))',
    );
  });
});

describe('segment stages', () => {
  it('moves forward one stage at a time and back to any earlier one', () => {
    assert.deepEqual(checkStageMove('DRAFT', 'REVIEW'), { ok: true });
    assert.deepEqual(checkStageMove('IN_PROGRESS', 'DRAFT'), { ok: true });
    const skip = checkStageMove('DRAFT', 'APPROVED');
    assert.equal(skip.ok, false);
    assert.match(skip.ok ? '' : skip.ru, /из «Черновик» в «Утверждён»: пропущен этап «На проверке»/);
    const same = checkStageMove('DONE', 'DONE');
    assert.match(same.ok ? '' : same.ru, /уже на этапе «Завершён»/);
  });
});
