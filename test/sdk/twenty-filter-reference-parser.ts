/**
 * A reference parser that follows the algorithm of Twenty's REST filter parser
 * (twentyhq/twenty, packages/twenty-server/src/engine/api/rest/input-request-parsers/filter-parser-utils/:
 * check-filter-query, add-default-conjunction, parse-filter, parse-filter-content, parse-base-filter,
 * format-field-values), written independently for the tests. Its output has the shape Twenty produces:
 * `{ and: [ { name: { firstName: { eq: 'Ivan' } } } ] }`; values stay strings because the REST
 * layer parses without field types.
 *
 * One liberty: Twenty passes a `containsExactly` value on as the raw `[...]` string; this parser
 * splits it like `in`, which is how devhost reads it.
 */

export class ReferenceParseError extends Error {}

export type Parsed = { [key: string]: Parsed | Parsed[] | string | string[] };

const COMPARATORS = [
  'eq',
  'neq',
  'in',
  'containsAny',
  'containsExactly',
  'is',
  'gt',
  'gte',
  'lt',
  'lte',
  'startsWith',
  'endsWith',
  'like',
  'ilike',
];
const ROOT_CONJUNCTION = /^(or|and|not)\((.+)\)$/;

export function parseTwentyFilterParam(query: string): Parsed {
  const opened = (query.match(/\(/g) ?? []).length;
  const closed = (query.match(/\)/g) ?? []).length;
  if (opened !== closed) throw new ReferenceParseError(`unbalanced parentheses: ${opened} ( vs ${closed} )`);
  const rooted = ROOT_CONJUNCTION.test(query) ? query : `and(${query})`;
  return parseNode(rooted);
}

function parseNode(text: string): Parsed {
  const match = text.match(ROOT_CONJUNCTION);
  if (match) {
    const children = splitConjunctionBody(text).map(parseNode);
    if (match[1] === 'not') {
      if (children.length > 1) throw new ReferenceParseError('not() with more than one condition');
      return { not: children[0] };
    }
    return { [match[1]]: children };
  }
  const { fields, comparator, value } = splitCondition(text);
  let leaf: Parsed = { [comparator]: formatValue(value, comparator) };
  for (const field of [...fields].reverse()) leaf = { [field]: leaf };
  return leaf;
}

/** Splits at commas on paren level 1 outside brackets and quotes; each of [ ] " ' flips its own flag. */
function splitConjunctionBody(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let level = 0;
  let brackets = false;
  let doubleQuoted = false;
  let singleQuoted = false;
  for (const ch of text) {
    let keep = level >= 1;
    if (ch === '(') level += 1;
    if (ch === ')') {
      level -= 1;
      keep = level >= 1;
    }
    if (ch === '[' || ch === ']') brackets = !brackets;
    if (ch === '"') doubleQuoted = !doubleQuoted;
    if (ch === "'") singleQuoted = !singleQuoted;
    if (ch === ',' && level === 1 && !brackets && !doubleQuoted && !singleQuoted) {
      parts.push(current);
      current = '';
      keep = false;
    }
    if (keep) current += ch;
  }
  parts.push(current);
  return parts;
}

function splitCondition(text: string): { fields: string[]; comparator: string; value: string } {
  if (!/^(.+)\[(.+)\]:(.+)$/.test(text)) throw new ReferenceParseError(`malformed condition ${text}`);
  let fields = '';
  let comparator = '';
  let value = '';
  let inFields = true;
  let inComparator = false;
  let inValue = false;
  for (const ch of text) {
    if (inValue) value += ch;
    if (ch === ']' && !inValue) inComparator = false;
    if (ch === ':' && !inComparator) inValue = true;
    if (inComparator) comparator += ch;
    if (ch === '[' && inFields) {
      inFields = false;
      inComparator = true;
    }
    if (inFields) fields += ch;
  }
  if (!COMPARATORS.includes(comparator)) throw new ReferenceParseError(`unknown comparator ${comparator}`);
  return { fields: fields.split('.'), comparator, value };
}

function formatValue(value: string, comparator?: string): string | string[] {
  if (comparator === 'in' || comparator === 'containsAny' || comparator === 'containsExactly') {
    if (value[0] !== '[' || value[value.length - 1] !== ']')
      throw new ReferenceParseError(`array expected, got ${value}`);
    return value
      .slice(1, -1)
      .split(',')
      .map((element) => formatValue(element) as string);
  }
  if (comparator === 'is') return value;
  const quote = (c: string | undefined) => c === '"' || c === "'";
  if (quote(value[0]) && quote(value[value.length - 1])) return value.slice(1, -1);
  return value;
}
