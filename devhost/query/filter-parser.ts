/**
 * Twenty's REST filter grammar (engine/api/rest/input-request-parsers/
 * filter-parser-utils): `field[op]:value`, dotted sub-fields, `and(…)`,
 * `or(…)`, `not(…)` with exactly one child, and a bare top-level list meaning
 * `and(…)`. Commas inside quotes or `[]` do not split; a value wrapped in
 * matching `"…"` or `'…'` loses its quotes.
 *
 * Written as a small recursive-descent parser rather than Twenty's
 * character-toggling splitter, and deliberately stricter in two places where
 * Twenty's splitter misreads input: a quote only opens a quoted value at the
 * start of a value (so `O'Brien` is a plain value), and quotes protect commas
 * inside `[…]` elements too (Twenty splits `[a,"b,c"]` into three).
 */
import {
  ARRAY_COMPARATORS,
  COMPARATORS,
  type FilterNode,
  isComparator,
  type PredicateNode,
} from './filter-node';
import { invalidFilter } from './query-errors';

const EXAMPLE = 'eg: price[gte]:10';
const JUNCTION = /^(and|or|not)\(/;
const isQuote = (c: string | undefined) => c === '"' || c === "'";
/** A quote opens a quoted segment only where a value (or list element) starts. */
const VALUE_STARTS = new Set([':', '[', ',']);

export function parseFilter(input: string): FilterNode {
  checkParentheses(input);
  const parser = new FilterParser(input);
  return parser.parseRoot();
}

class FilterParser {
  private pos = 0;

  constructor(private readonly text: string) {}

  parseRoot(): FilterNode {
    const items = this.parseList();
    if (this.pos < this.text.length) throw this.unbalanced();
    // Twenty: a query wholly wrapped in one conjunction is taken as is, anything else gets `and(…)`.
    if (items.length === 1 && items[0].kind !== 'predicate') return items[0];
    return { kind: 'and', children: items };
  }

  private parseList(): FilterNode[] {
    const items = [this.parseExpression()];
    while (this.text[this.pos] === ',') {
      this.pos++;
      items.push(this.parseExpression());
    }
    return items;
  }

  private parseExpression(): FilterNode {
    const junction = JUNCTION.exec(this.text.slice(this.pos));
    if (!junction) return this.parsePredicate();
    const start = this.pos;
    const kind = junction[1] as 'and' | 'or' | 'not';
    this.pos += junction[0].length;
    if (this.text[this.pos] === ')') {
      throw invalidFilter(`'filter' invalid for '${this.text.slice(start, this.pos + 1)}'. ${EXAMPLE}`);
    }
    const children = this.parseList();
    if (this.text[this.pos] !== ')') throw this.unbalanced();
    this.pos++;
    if (kind !== 'not') return { kind, children };
    if (children.length !== 1) {
      throw invalidFilter(
        `'filter' invalid. 'not' conjunction should contain only 1 condition. eg: not(field[eq]:1)`,
      );
    }
    return { kind: 'not', child: children[0] };
  }

  private parsePredicate(): PredicateNode {
    const start = this.pos;
    const open = this.text.indexOf('[', start);
    const path = open < 0 ? '' : this.text.slice(start, open);
    if (open < 0 || path === '' || /[,()\]:]/.test(path)) throw this.malformed(start);
    const close = this.text.indexOf(']', open);
    if (close < 0 || this.text[close + 1] !== ':') throw this.malformed(start);
    const comparator = this.text.slice(open + 1, close);
    this.pos = close + 2;
    const raw = this.readValue(start);
    if (!isComparator(comparator)) {
      throw invalidFilter(
        `'filter' invalid for '${this.text.slice(start, this.pos)}', comparator ${comparator} not in ${COMPARATORS.join(', ')}`,
      );
    }
    const segments = path.split('.');
    if (segments.length > 2 || segments.some((s) => s === '')) {
      throw invalidFilter(
        `'filter' invalid for '${this.text.slice(start, this.pos)}': '${path}' should be a field or field.subField`,
      );
    }
    if (raw === '') throw this.malformed(start);
    const value = ARRAY_COMPARATORS.includes(comparator) ? parseList(raw, comparator) : unquote(raw);
    return { kind: 'predicate', field: segments[0], subField: segments[1] ?? null, comparator, value };
  }

  /** Reads one value: up to a `,` or `)` that is outside quotes, `[]` and the value's own `()`. */
  private readValue(predicateStart: number): string {
    const start = this.pos;
    let parens = 0;
    let brackets = 0;
    for (; this.pos < this.text.length; this.pos++) {
      const c = this.text[this.pos];
      if (isQuote(c) && (this.pos === start || VALUE_STARTS.has(this.text[this.pos - 1]))) {
        const end = this.text.indexOf(c, this.pos + 1);
        if (end < 0) {
          throw invalidFilter(
            `'filter' invalid for '${this.text.slice(predicateStart)}': the quote ${c} is never closed`,
          );
        }
        this.pos = end;
      } else if (c === '[') brackets++;
      else if (c === ']' && brackets > 0) brackets--;
      else if (c === '(') parens++;
      else if (c === ')') {
        if (parens === 0) break;
        parens--;
      } else if (c === ',' && parens === 0 && brackets === 0) break;
    }
    return this.text.slice(start, this.pos);
  }

  private malformed(start: number): Error {
    const end = start + this.text.slice(start).search(/[,)]|$/);
    return invalidFilter(`'filter' invalid for '${this.text.slice(start, end)}'. ${EXAMPLE}`);
  }

  private unbalanced(): Error {
    return invalidFilter(
      `'filter' invalid at position ${this.pos}: '${this.text.slice(this.pos, this.pos + 20)}' is unexpected. ${EXAMPLE}`,
    );
  }
}

/** `[a,"b,c",'d']` → ['a', 'b,c', 'd']; Twenty's message when the brackets are missing. */
function parseList(raw: string, comparator: string): string[] {
  if (raw[0] !== '[' || raw[raw.length - 1] !== ']') {
    throw invalidFilter(
      `'filter' invalid for '${comparator}' operator. Received '${raw}' but array value expected eg: 'field[${comparator}]:[value_1,value_2]'`,
    );
  }
  const inner = raw.slice(1, -1);
  if (inner === '') return [];
  const items: string[] = [];
  let current = '';
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (isQuote(c) && current === '') {
      const end = inner.indexOf(c, i + 1);
      if (end < 0) throw invalidFilter(`'filter' invalid for '${raw}': the quote ${c} is never closed`);
      current = inner.slice(i, end + 1);
      i = end;
    } else if (c === ',') {
      items.push(unquote(current));
      current = '';
    } else current += c;
  }
  items.push(unquote(current));
  return items;
}

function unquote(raw: string): string {
  if (raw.length >= 2 && isQuote(raw[0]) && raw[raw.length - 1] === raw[0]) return raw.slice(1, -1);
  return raw;
}

/**
 * Twenty's checkFilterQuery message (`1 close bracket is missing`), counting
 * only parentheses outside quoted values so `name[eq]:"a(b"` is accepted.
 */
function checkParentheses(text: string): void {
  let open = 0;
  let close = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (isQuote(c) && i > 0 && VALUE_STARTS.has(text[i - 1])) {
      const end = text.indexOf(c, i + 1);
      if (end < 0) return; // reported with its predicate by the parser
      i = end;
    } else if (c === '(') open++;
    else if (c === ')') close++;
  }
  const diff = open - close;
  if (diff === 0) return;
  const n = Math.abs(diff);
  const what = `${n} ${diff > 0 ? 'close' : 'open'} bracket${n > 1 ? 's are' : ' is'}`;
  throw invalidFilter(`'filter' invalid. ${what} missing in the query`);
}
