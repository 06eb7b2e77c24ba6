/**
 * What the access layer reads in a plugin's SQL before running it: the text is
 * split into code, string literals, quoted identifiers and comments, so that
 * `{unit}` placeholders, `$n` parameters, `;` and table names are looked for
 * in code and quoted names only — never inside a string or a comment.
 */
import { AccessError } from './access-types';

export interface SqlSegment {
  readonly kind: 'code' | 'string' | 'identifier' | 'comment';
  readonly text: string;
}

/** Splits SQL into segments; unterminated quotes run to the end (Postgres then reports the error). */
export function splitSql(sql: string): SqlSegment[] {
  const segments: SqlSegment[] = [];
  let code = '';
  let i = 0;
  const flush = () => {
    if (code) segments.push({ kind: 'code', text: code });
    code = '';
  };
  const take = (kind: SqlSegment['kind'], end: number) => {
    flush();
    segments.push({ kind, text: sql.slice(i, end) });
    i = end;
  };
  while (i < sql.length) {
    const c = sql[i] as string;
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      const eol = sql.indexOf('\n', i);
      take('comment', eol === -1 ? sql.length : eol);
    } else if (c === '/' && next === '*') {
      let depth = 0;
      let j = i;
      while (j < sql.length) {
        if (sql.startsWith('/*', j)) {
          depth++;
          j += 2;
        } else if (sql.startsWith('*/', j)) {
          depth--;
          j += 2;
          if (depth === 0) break;
        } else j++;
      }
      take('comment', j);
    } else if (c === "'") {
      // E'…' strings escape with a backslash; standard strings only by doubling the quote.
      const escapes = /[eE]$/.test(code) && !/[a-zA-Z0-9_$][eE]$/.test(code);
      let j = i + 1;
      while (j < sql.length) {
        if (escapes && sql[j] === '\\') j += 2;
        else if (sql[j] === "'" && sql[j + 1] === "'") j += 2;
        else if (sql[j] === "'") break;
        else j++;
      }
      take('string', Math.min(j + 1, sql.length));
    } else if (c === '"') {
      let j = i + 1;
      while (j < sql.length && !(sql[j] === '"' && sql[j + 1] !== '"')) j += sql[j] === '"' ? 2 : 1;
      take('identifier', Math.min(j + 1, sql.length));
    } else if (c === '$' && /[a-zA-Z_$]/.test(next ?? '') && !/[a-zA-Z0-9_]$/.test(code)) {
      const tag = /^\$([a-zA-Z_][a-zA-Z0-9_]*)?\$/.exec(sql.slice(i));
      if (!tag) {
        code += c;
        i++;
        continue;
      }
      const close = sql.indexOf(tag[0], i + tag[0].length);
      take('string', close === -1 ? sql.length : close + tag[0].length);
    } else {
      code += c;
      i++;
    }
  }
  flush();
  return segments;
}

/** The highest `$n` the statement uses (0 when none). */
export function highestParameter(segments: readonly SqlSegment[]): number {
  let max = 0;
  for (const s of segments) {
    if (s.kind !== 'code') continue;
    for (const m of s.text.matchAll(/\$(\d+)/g)) max = Math.max(max, Number(m[1]));
  }
  return max;
}

/** Refuses a text with more than one statement (a trailing `;` is fine). */
export function assertOneStatement(segments: readonly SqlSegment[]): void {
  let ended = false;
  for (const s of segments) {
    if (s.kind === 'comment') continue;
    const text = s.kind === 'code' ? s.text : 'x';
    for (const ch of text) {
      if (ended && !/\s/.test(ch) && ch !== ';')
        throw new AccessError(
          'access_bad_query',
          'one statement per query: this text holds more than one (split it at the ";")',
        );
      if (ch === ';') ended = true;
    }
  }
}

/** Names in code and quoted identifiers, lower-cased (`rm_unit`, `public.realty_queue` → both parts). */
export function namesIn(segments: readonly SqlSegment[]): string[] {
  const names: string[] = [];
  for (const s of segments) {
    if (s.kind === 'code') {
      for (const m of s.text.matchAll(/[a-zA-Z_][a-zA-Z0-9_$]*/g)) names.push(m[0].toLowerCase());
    } else if (s.kind === 'identifier') {
      names.push(s.text.slice(1, -1).replace(/""/g, '"').toLowerCase());
    }
  }
  return names;
}

/** Store tables no plugin statement may name: the read model's tables and views, the core's own. */
export const STORE_PREFIXES = ['rm_', 'rv_', 'realty_'] as const;

export function isStoreName(name: string): boolean {
  return STORE_PREFIXES.some((p) => name.startsWith(p));
}

/** The table prefix of a plugin: `agency-portal` → `agency_portal_`. */
export function pluginTablePrefix(plugin: string): string {
  return `${plugin.replace(/-/g, '_').toLowerCase()}_`;
}

/**
 * Replaces each `{object}` in code with what `replace(object)` returns; other segments pass as
 * they are.
 */
export function replacePlaceholders(
  segments: readonly SqlSegment[],
  replace: (object: string, rest: string) => string,
): string {
  return segments
    .map((s, index) => {
      if (s.kind !== 'code') return s.text;
      const after = segments
        .slice(index + 1)
        .map((x) => x.text)
        .join('');
      return s.text.replace(/\{([a-zA-Z][a-zA-Z0-9]*)\}/g, (_m, object: string, offset: number) =>
        replace(object, s.text.slice(offset + object.length + 2) + after),
      );
    })
    .join('');
}

/** Placeholders in code, in order of appearance. */
export function placeholdersIn(segments: readonly SqlSegment[]): string[] {
  return segments.flatMap((s) =>
    s.kind === 'code' ? [...s.text.matchAll(/\{([a-zA-Z][a-zA-Z0-9]*)\}/g)].map((m) => m[1] as string) : [],
  );
}

const NO_ALIAS_AFTER = new Set([
  'where',
  'join',
  'inner',
  'left',
  'right',
  'full',
  'cross',
  'on',
  'using',
  'group',
  'order',
  'limit',
  'offset',
  'union',
  'except',
  'intersect',
  'window',
  'having',
  'natural',
  'lateral',
  'for',
  'fetch',
  'returning',
  'and',
  'or',
  'then',
  'else',
  'end',
  'when',
]);

/** Whether the text after a placeholder starts with an alias (`{unit} u`, `{unit} as u`). */
export function startsWithAlias(rest: string): boolean {
  const m = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)/.exec(rest);
  if (!m) return false;
  const word = (m[1] as string).toLowerCase();
  return word === 'as' || !NO_ALIAS_AFTER.has(word);
}
