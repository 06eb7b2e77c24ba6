/**
 * Just enough GraphQL to serve the metadata endpoint's file mutations: one
 * operation, root fields with arguments (variables or literals) and a flat
 * selection. Anything else is answered as Twenty's GraphQL server would refuse
 * it, with a GRAPHQL_VALIDATION_FAILED / GRAPHQL_PARSE_FAILED error.
 */

export interface RootField {
  /** The key in `data` (the alias when one is given). */
  key: string;
  name: string;
  args: Record<string, unknown>;
  /** Selected sub-fields; empty when none was given. */
  selection: string[];
}

export interface GraphQLOperation {
  type: 'query' | 'mutation';
  fields: RootField[];
}

export class GraphQLRequestError extends Error {
  constructor(
    message: string,
    readonly code: 'GRAPHQL_PARSE_FAILED' | 'GRAPHQL_VALIDATION_FAILED',
  ) {
    super(message);
  }
}

type Token = { kind: 'name' | 'punct' | 'string' | 'number' | 'variable'; value: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re =
    /\s+|,|#[^\n]*|"((?:[^"\\]|\\.)*)"|(\$[_A-Za-z][_0-9A-Za-z]*)|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|([_A-Za-z][_0-9A-Za-z]*)|(\.\.\.|[{}():!=[\]@])/y;
  let at = 0;
  while (at < text.length) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m)
      throw new GraphQLRequestError(
        `Syntax Error: Unexpected character "${text[at]}".`,
        'GRAPHQL_PARSE_FAILED',
      );
    at = re.lastIndex;
    if (m[1] !== undefined) tokens.push({ kind: 'string', value: JSON.parse(`"${m[1]}"`) as string });
    else if (m[2]) tokens.push({ kind: 'variable', value: m[2].slice(1) });
    else if (m[3]) tokens.push({ kind: 'number', value: m[3] });
    else if (m[4]) tokens.push({ kind: 'name', value: m[4] });
    else if (m[5]) tokens.push({ kind: 'punct', value: m[5] });
  }
  return tokens;
}

export function parseOperation(query: unknown, variables: unknown): GraphQLOperation {
  if (typeof query !== 'string' || query.trim() === '')
    throw new GraphQLRequestError('Must provide query string.', 'GRAPHQL_PARSE_FAILED');
  const vars = (variables && typeof variables === 'object' ? variables : {}) as Record<string, unknown>;
  const tokens = tokenize(query);
  let i = 0;
  const peek = () => tokens[i];
  const expect = (value: string) => {
    const t = tokens[i++];
    if (!t || t.value !== value)
      throw new GraphQLRequestError(
        `Syntax Error: Expected "${value}", found ${t ? `"${t.value}"` : '<EOF>'}.`,
        'GRAPHQL_PARSE_FAILED',
      );
  };
  let type: 'query' | 'mutation' = 'query';
  if (peek()?.kind === 'name' && (peek().value === 'mutation' || peek().value === 'query')) {
    type = peek().value as 'query' | 'mutation';
    i++;
    if (peek()?.kind === 'name') i++;
    if (peek()?.value === '(') {
      // Variable definitions: skipped up to the matching parenthesis.
      let depth = 0;
      do {
        const t = tokens[i++];
        if (!t) throw new GraphQLRequestError('Syntax Error: Expected ")".', 'GRAPHQL_PARSE_FAILED');
        if (t.value === '(') depth++;
        if (t.value === ')') depth--;
      } while (depth > 0);
    }
  }
  expect('{');
  const value = (): unknown => {
    const t = tokens[i++];
    if (!t) throw new GraphQLRequestError('Syntax Error: Unexpected <EOF>.', 'GRAPHQL_PARSE_FAILED');
    if (t.kind === 'variable') return vars[t.value];
    if (t.kind === 'string') return t.value;
    if (t.kind === 'number') return Number(t.value);
    if (t.kind === 'name')
      return t.value === 'null' ? null : t.value === 'true' ? true : t.value === 'false' ? false : t.value;
    throw new GraphQLRequestError(`Syntax Error: Unexpected "${t.value}".`, 'GRAPHQL_PARSE_FAILED');
  };
  const fields: RootField[] = [];
  while (peek() && peek().value !== '}') {
    const first = tokens[i++];
    if (first.kind !== 'name')
      throw new GraphQLRequestError(
        `Syntax Error: Expected Name, found "${first.value}".`,
        'GRAPHQL_PARSE_FAILED',
      );
    const key = first.value;
    let name = first.value;
    if (peek()?.value === ':') {
      i++;
      name = tokens[i++]?.value ?? '';
    }
    const args: Record<string, unknown> = {};
    if (peek()?.value === '(') {
      i++;
      while (peek() && peek().value !== ')') {
        const argName = tokens[i++].value;
        expect(':');
        args[argName] = value();
      }
      expect(')');
    }
    const selection: string[] = [];
    if (peek()?.value === '{') {
      i++;
      while (peek() && peek().value !== '}') {
        const t = tokens[i++];
        if (t.kind !== 'name')
          throw new GraphQLRequestError(`Syntax Error: Unexpected "${t.value}".`, 'GRAPHQL_PARSE_FAILED');
        selection.push(t.value);
      }
      expect('}');
    }
    fields.push({ key, name, args, selection });
  }
  expect('}');
  return { type, fields };
}
