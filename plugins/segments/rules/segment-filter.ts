/**
 * A segment's filter, written in the sdk's filter grammar (Twenty's REST `filter=`, contract C7):
 * `and(city[eq]:"Москва",company.employees[gte]:50)`, `or(…)`, `not(…)` with one condition, a bare
 * top-level list meaning `and`, values quoted `"…"`/`'…'` or bare, lists `[a,b]`, `[is]:NULL`.
 * People's fields are named as in Twenty (`name.lastName`), their company's behind `company.`.
 *
 * parseSegmentFilter reads the text into the sdk's `Filter` tree and checks every condition against
 * the known fields and their kinds before anything runs: text that does not parse, an unknown field,
 * a comparison a field does not take or a value of the wrong kind is a SegmentFilterError with a
 * Russian message naming the place and the reason. compileSegmentFilter turns a checked tree into a
 * parameterised SQL condition over the read model's person (p) and company (c) views.
 */
import {
  type Filter,
  type FilterScalar,
  type ListComparator,
  type ScalarComparator,
  serializeFilter,
  TwentyFilterError,
} from '../../../sdk/index';
import { FILTER_FIELDS, type FilterField, filterField } from './filter-fields';

export class SegmentFilterError extends Error {
  readonly code = 'segments_bad_filter';
  constructor(
    readonly ru: string,
    readonly en: string,
  ) {
    super(ru);
    this.name = 'SegmentFilterError';
  }
}

const SCALAR_OPS: readonly ScalarComparator[] = [
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
  'startsWith',
  'endsWith',
  'like',
  'ilike',
];
const LIST_OPS: readonly ListComparator[] = ['in', 'containsAny', 'containsExactly'];
const TEXT_ONLY = new Set(['startsWith', 'endsWith', 'like', 'ilike']);
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EXAMPLE = 'например: and(city[eq]:"Москва",company.employees[gte]:50)';
export const MAX_FILTER_LENGTH = 4000;

const KIND_RU = { text: 'текст', number: 'число', date: 'дата', uuid: 'идентификатор записи' } as const;

export interface ParsedSegmentFilter {
  filter: Filter;
  /** The filter as the sdk writes it (the canonical text kept on the segment). */
  text: string;
  fields: string[];
}

export function parseSegmentFilter(input: string): ParsedSegmentFilter {
  const source = input.trim();
  if (source === '')
    throw new SegmentFilterError(`Фильтр пуст — напишите условие, ${EXAMPLE}`, 'the filter is empty');
  if (source.length > MAX_FILTER_LENGTH)
    throw new SegmentFilterError(
      `Фильтр длиннее ${MAX_FILTER_LENGTH} символов`,
      `the filter is longer than ${MAX_FILTER_LENGTH} characters`,
    );
  const parser = new Parser(source);
  const filter = parser.root();
  const fields = new Set<string>();
  check(filter, fields);
  return { filter, text: canonical(filter), fields: [...fields] };
}

/** The sdk writes the filter back; a value Twenty's own splitter would misread is refused here too. */
function canonical(filter: Filter): string {
  try {
    return serializeFilter(filter);
  } catch (error) {
    if (!(error instanceof TwentyFilterError)) throw error;
    const field = filterField(error.field);
    throw new SegmentFilterError(
      `Значение поля «${field?.ru ?? error.field}» (${error.field}) содержит кавычки, скобки или запятые, которые фильтр Twenty прочитает иначе — уберите их или поставьте это условие последним`,
      error.message,
    );
  }
}

class Parser {
  private pos = 0;
  constructor(private readonly s: string) {}

  private fail(reason: string, en: string): never {
    const at = Math.min(this.pos, this.s.length);
    const near = this.s.slice(Math.max(0, at - 12), at + 12);
    throw new SegmentFilterError(
      `Фильтр не разобран: ${reason} (символ ${at + 1}, около «${near}») — ${EXAMPLE}`,
      `the filter does not parse: ${en} at character ${at + 1}`,
    );
  }

  private skipSpaces() {
    while (this.s[this.pos] === ' ' || this.s[this.pos] === '\n' || this.s[this.pos] === '\t') this.pos++;
  }

  root(): Filter {
    const items = this.list();
    this.skipSpaces();
    if (this.pos < this.s.length)
      this.fail(
        this.s[this.pos] === ')'
          ? 'лишняя закрывающая скобка «)»'
          : `лишний текст «${this.s.slice(this.pos, this.pos + 20)}»`,
        'unexpected text',
      );
    return items.length === 1 ? (items[0] as Filter) : { kind: 'and', filters: items };
  }

  private list(): Filter[] {
    const items = [this.expression()];
    this.skipSpaces();
    while (this.s[this.pos] === ',') {
      this.pos++;
      items.push(this.expression());
      this.skipSpaces();
    }
    return items;
  }

  private expression(): Filter {
    this.skipSpaces();
    const junction = /^(and|or|not)\s*\(/.exec(this.s.slice(this.pos));
    if (!junction) return this.condition();
    const kind = junction[1] as 'and' | 'or' | 'not';
    this.pos += junction[0].length;
    this.skipSpaces();
    if (this.s[this.pos] === ')')
      this.fail(`пустое «${kind}()» — внутри нужно хотя бы одно условие`, `empty ${kind}()`);
    const children = this.list();
    this.skipSpaces();
    if (this.s[this.pos] !== ')') this.fail(`не закрыта скобка «${kind}(»`, `unclosed ${kind}(`);
    this.pos++;
    if (kind === 'not') {
      if (children.length !== 1)
        this.fail('«not(…)» принимает ровно одно условие', 'not() takes exactly one condition');
      return { kind: 'not', filter: children[0] as Filter };
    }
    return { kind, filters: children };
  }

  private condition(): Filter {
    const start = this.pos;
    const m = /^([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*\[([A-Za-z]*)\]\s*:/.exec(
      this.s.slice(this.pos),
    );
    if (!m) {
      const word = /^[^,()[\]:]*/.exec(this.s.slice(this.pos))?.[0] ?? '';
      this.fail(
        word
          ? `«${word.trim()}» — не условие вида поле[сравнение]:значение`
          : 'ожидалось условие вида поле[сравнение]:значение',
        'expected field[op]:value',
      );
    }
    const field = m[1] as string;
    const op = m[2] as string;
    this.pos += m[0].length;
    this.skipSpaces();
    if (op === 'is') {
      const word = /^(NULL|NOT_NULL)\b/i.exec(this.s.slice(this.pos));
      if (!word) this.fail(`после «${field}[is]:» пишется NULL или NOT_NULL`, '[is] takes NULL or NOT_NULL');
      this.pos += word[0].length;
      return { kind: 'is', field, value: word[1]?.toUpperCase() === 'NULL' ? 'NULL' : 'NOT_NULL' };
    }
    if ((LIST_OPS as readonly string[]).includes(op)) {
      if (this.s[this.pos] !== '[')
        this.fail(`после «${field}[${op}]:» нужен список в квадратных скобках: [a,b]`, 'a list expected');
      this.pos++;
      const values: string[] = [];
      for (;;) {
        this.skipSpaces();
        values.push(this.value(']'));
        this.skipSpaces();
        if (this.s[this.pos] === ',') {
          this.pos++;
          continue;
        }
        if (this.s[this.pos] === ']') {
          this.pos++;
          break;
        }
        this.fail('список не закрыт «]»', 'unclosed list');
      }
      return { kind: 'list', field, op: op as ListComparator, values };
    }
    if (!(SCALAR_OPS as readonly string[]).includes(op)) {
      this.pos = start + m[1].length;
      this.fail(
        `неизвестное сравнение «[${op}]» у поля «${field}»; есть: ${[...SCALAR_OPS, 'in', 'is'].join(', ')}`,
        `unknown comparison ${op}`,
      );
    }
    return { kind: 'compare', field, op: op as ScalarComparator, value: this.value(')') };
  }

  /** A quoted or bare value; a bare one ends at a comma or at `close` (`)` or `]`). */
  private value(close: string): string {
    const q = this.s[this.pos];
    if (q === '"' || q === "'") {
      const end = this.s.indexOf(q, this.pos + 1);
      if (end < 0) this.fail(`не закрыта кавычка ${q}`, 'unclosed quote');
      const v = this.s.slice(this.pos + 1, end);
      this.pos = end + 1;
      return v;
    }
    let end = this.pos;
    while (end < this.s.length && this.s[end] !== ',' && this.s[end] !== close && this.s[end] !== ')') end++;
    const v = this.s.slice(this.pos, end).trim();
    if (v === '') this.fail('пропущено значение', 'a value is missing');
    this.pos = end;
    return v;
  }
}

function unknownField(path: string): SegmentFilterError {
  const near = FILTER_FIELDS.filter((f) =>
    f.path.toLowerCase().includes(path.split('.').pop()?.toLowerCase() ?? '\u0000'),
  );
  const suggestions = (near.length ? near : FILTER_FIELDS).map((f) => `${f.path} (${f.ru})`).join(', ');
  return new SegmentFilterError(
    `Неизвестное поле «${path}» в фильтре — ${near.length ? 'может быть, имелось в виду' : 'доступны'}: ${suggestions}`,
    `unknown field ${path}`,
  );
}

/** The value as the field's kind reads it: a number, an ISO date, a uuid, or the text. */
function typed(field: FilterField, raw: FilterScalar): FilterScalar {
  const v = String(raw);
  const bad = (what: string) =>
    new SegmentFilterError(
      `Поле «${field.ru}» (${field.path}) — ${KIND_RU[field.kind]}, а «${v}» ${what}`,
      `${field.path}: ${v} is not a ${field.kind}`,
    );
  switch (field.kind) {
    case 'number': {
      const n = Number(v.replace(',', '.'));
      if (v.trim() === '' || !Number.isFinite(n)) throw bad('не число');
      return n;
    }
    case 'date': {
      const m = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(v);
      const iso = m ? `${m[3]}-${m[2]}-${m[1]}` : v;
      if (!/^\d{4}-\d{2}-\d{2}/.test(iso) || Number.isNaN(Date.parse(iso)))
        throw bad('не дата (дд.мм.гггг или гггг-мм-дд)');
      return iso;
    }
    case 'uuid':
      if (!UUID_RE.test(v)) throw bad('не идентификатор записи');
      return v.toLowerCase();
    case 'text':
      return v;
    default: {
      const never: never = field.kind;
      return never;
    }
  }
}

function check(filter: Filter, fields: Set<string>): void {
  switch (filter.kind) {
    case 'and':
    case 'or':
      for (const f of filter.filters) check(f, fields);
      return;
    case 'not':
      check(filter.filter, fields);
      return;
    case 'is': {
      if (!filterField(filter.field)) throw unknownField(filter.field);
      fields.add(filter.field);
      return;
    }
    case 'compare': {
      const field = filterField(filter.field);
      if (!field) throw unknownField(filter.field);
      if (TEXT_ONLY.has(filter.op) && field.kind !== 'text')
        throw new SegmentFilterError(
          `Сравнение «[${filter.op}]» — только для текстовых полей, а «${field.ru}» (${field.path}) — ${KIND_RU[field.kind]}`,
          `${filter.op} takes text fields only`,
        );
      if (field.kind === 'uuid' && filter.op !== 'eq' && filter.op !== 'neq')
        throw new SegmentFilterError(
          `Поле «${field.ru}» (${field.path}) сравнивается только на равенство: [eq], [neq], [in] или [is]`,
          `${field.path} takes eq, neq, in or is`,
        );
      (filter as { value: FilterScalar }).value = typed(field, filter.value);
      fields.add(filter.field);
      return;
    }
    case 'list': {
      const field = filterField(filter.field);
      if (!field) throw unknownField(filter.field);
      if (filter.op !== 'in')
        throw new SegmentFilterError(
          `Сравнение «[${filter.op}]» — для полей-списков, а «${field.ru}» (${field.path}) — ${KIND_RU[field.kind]}; используйте [in]`,
          `${filter.op} takes array fields only`,
        );
      (filter as unknown as { values: FilterScalar[] }).values = filter.values.map((v) => typed(field, v));
      fields.add(filter.field);
      return;
    }
    default: {
      const never: never = filter;
      throw new Error(`unknown filter node ${JSON.stringify(never)}`);
    }
  }
}

const SQL_OP: Record<string, string> = { eq: '=', neq: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' };
const likeEscape = (v: string) => v.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A checked filter as a SQL condition over `p` (person) and `c` (company); values go to `params`. */
export function compileSegmentFilter(
  filter: Filter,
  params: unknown[],
  /**
   * The ids of the companies each company condition admits (see companyConditions): given, a
   * condition on the person's company becomes a membership test of the person's company id — no join
   * over the views; without it, the conditions name the joined company (c).
   */
  companyIds?: ReadonlyMap<Filter, readonly string[]>,
): string {
  const param = (v: unknown, cast: string) => {
    params.push(v);
    return `$${params.length}::${cast}`;
  };
  const castOf = (f: FilterField) =>
    f.kind === 'number' ? 'numeric' : f.kind === 'date' ? 'timestamptz' : f.kind === 'uuid' ? 'uuid' : 'text';
  const node = (f: Filter): string => {
    const ids = companyIds?.get(f);
    if (ids) {
      const member = `coalesce(p.company_id = any(${param(ids, 'uuid[]')}), false)`;
      // [is]:NULL admits a person without a company, or whose company has no value; the ids are those with one.
      return f.kind === 'is' && f.value === 'NULL' ? `not ${member}` : member;
    }
    switch (f.kind) {
      case 'and':
      case 'or':
        return `(${f.filters.map(node).join(f.kind === 'and' ? ' and ' : ' or ')})`;
      case 'not':
        return `not coalesce(${node(f.filter)}, false)`;
      case 'is': {
        const field = filterField(f.field) as FilterField;
        const empty =
          field.kind === 'text'
            ? `(${field.column} is null or ${field.column} = '')`
            : `${field.column} is null`;
        return f.value === 'NULL' ? empty : `not ${empty}`;
      }
      case 'list': {
        const field = filterField(f.field) as FilterField;
        return `${field.column} = any(${param(f.values, `${castOf(field)}[]`)})`;
      }
      case 'compare': {
        const field = filterField(f.field) as FilterField;
        const v = f.value;
        switch (f.op) {
          case 'startsWith':
            return `${field.column} like ${param(`${likeEscape(String(v))}%`, 'text')}`;
          case 'endsWith':
            return `${field.column} like ${param(`%${likeEscape(String(v))}`, 'text')}`;
          case 'like':
            return `${field.column} like ${param(String(v), 'text')}`;
          case 'ilike':
            // lower() like lower(): the same match as ilike, and faster on Cyrillic text.
            return `lower(${field.column}) like lower(${param(String(v), 'text')})`;
          default:
            return `${field.column} ${SQL_OP[f.op]} ${param(v, castOf(field))}`;
        }
      }
      default: {
        const never: never = f;
        return never;
      }
    }
  };
  return node(filter);
}

/**
 * The conditions on the person's company, each with the SQL over the company view (c) that lists
 * the companies it admits ([is] conditions: the companies that have a value).
 */
export function companyConditions(
  filter: Filter,
): Array<{ node: Filter; sql: (params: unknown[]) => string }> {
  const out: Array<{ node: Filter; sql: (params: unknown[]) => string }> = [];
  const walk = (f: Filter) => {
    if (f.kind === 'and' || f.kind === 'or') for (const x of f.filters) walk(x);
    else if (f.kind === 'not') walk(f.filter);
    else if ('field' in f && f.field.startsWith('company.'))
      out.push({
        node: f,
        sql: (params) =>
          compileSegmentFilter(
            f.kind === 'is' ? { kind: 'is', field: f.field, value: 'NOT_NULL' } : f,
            params,
          ),
      });
  };
  walk(filter);
  return out;
}
