/**
 * The rule of DESIGN.md "Between plugins" that no import graph shows: SQL in
 * one plugin never names another plugin's objects or `rv_` tables. Every
 * string and template literal of a plugin's source is read (TypeScript's own
 * parser, so comments never count), and reported are:
 * - `{object}` placeholders of the scoped reader naming another plugin's
 *   object, unless that plugin publishes it (`publishedViews`) and the reader
 *   lists that plugin in `dependsOn` or `uses`;
 * - any `rv_…` / `rm_…` name (the read model's views and tables are core's:
 *   a plugin names objects, never storage);
 * - `readModelView('x')` / `readModelTable('x')` (the project's own reads, in
 *   jobs and handlers) of another plugin's object, under the same condition.
 * Twenty's standard objects (company, opportunity, …) belong to no plugin.
 */
import ts from 'typescript';

export interface PluginFacts {
  readonly name: string;
  readonly dependsOn: readonly string[];
  readonly uses: readonly string[];
  readonly publishedViews: readonly string[];
}

export interface SourceFile {
  /** Relative to the repository: `plugins/<folder>/…`. */
  readonly path: string;
  readonly text: string;
}

const PLACEHOLDER = /\{([a-z][a-zA-Z0-9]*)\}/g;
const STORAGE_NAME = /\b(r[vm]_[a-z0-9_]+)/g;
const READ_MODEL_CALLS = new Set(['readModelView', 'readModelTable']);

interface Literal {
  readonly text: string;
  readonly line: number;
}

interface NamedObject {
  readonly object: string;
  readonly line: number;
  readonly how: 'placeholder' | 'call';
  readonly callee?: string;
}

function scan(file: SourceFile): { literals: Literal[]; calls: NamedObject[] } {
  const source = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const literals: Literal[] = [];
  const calls: NamedObject[] = [];
  const lineOf = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const visit = (node: ts.Node) => {
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node)
    )
      literals.push({ text: node.text, line: lineOf(node) });
    if (ts.isCallExpression(node)) {
      const callee = ts.isIdentifier(node.expression)
        ? node.expression.text
        : ts.isPropertyAccessExpression(node.expression)
          ? node.expression.name.text
          : undefined;
      const [first] = node.arguments;
      if (callee && READ_MODEL_CALLS.has(callee) && first && ts.isStringLiteralLike(first))
        calls.push({ object: first.text, line: lineOf(node), how: 'call', callee });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { literals, calls };
}

/**
 * One line per violation: `plugins/x/file.ts:12: <what> — <why>`. `folders` maps each plugin folder
 * to its plugin; `owners` each custom object to the plugin declaring it.
 */
export function crossPluginSqlProblems(
  files: readonly SourceFile[],
  folders: ReadonlyMap<string, PluginFacts>,
  owners: ReadonlyMap<string, string>,
): string[] {
  const byName = new Map([...folders.values()].map((p) => [p.name, p]));
  const problems: string[] = [];
  for (const file of files) {
    const folder = /^plugins\/([^/]+)\//.exec(file.path)?.[1];
    if (!folder || folder === 'core') continue;
    const reader = folders.get(folder);
    if (!reader) continue;
    const { literals, calls } = scan(file);
    const named: NamedObject[] = [...calls];
    for (const literal of literals) {
      for (const m of literal.text.matchAll(PLACEHOLDER))
        named.push({ object: m[1] as string, line: literal.line, how: 'placeholder' });
      for (const m of literal.text.matchAll(STORAGE_NAME))
        problems.push(
          `${file.path}:${literal.line}: names the store's "${m[1]}" — name objects in braces ({unit}) or call the owner's published read`,
        );
    }
    for (const n of named) {
      const owner = owners.get(n.object);
      if (!owner || owner === reader.name) continue;
      const at = `${file.path}:${n.line}`;
      const what = n.how === 'call' ? `${n.callee}("${n.object}")` : `SQL names {${n.object}}`;
      const published = byName.get(owner)?.publishedViews.includes(n.object) ?? false;
      const listed = reader.dependsOn.includes(owner) || reader.uses.includes(owner);
      if (!published)
        problems.push(
          `${at}: ${what}, ${owner}'s object, which ${owner} does not publish (publishedViews) — call a read ${owner} publishes`,
        );
      else if (!listed)
        problems.push(
          `${at}: ${what} of "${owner}", which "${reader.name}" lists in neither dependsOn nor uses`,
        );
    }
  }
  return problems;
}
