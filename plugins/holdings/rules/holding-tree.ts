/**
 * Holding trees, pure: whether a new parent would close a cycle, the subtree of a company at any
 * depth (a cycle already in the data is cut, never followed forever), and the roll-up of each
 * company's own figures over its subsidiaries.
 */

export interface CompanyNode {
  readonly id: string;
  readonly name: string | null;
  readonly parentId: string | null;
}

/**
 * The chain that a new parent would close into a cycle (`[company, …, company]`), or null when
 * `parentId` may be set. A company cannot be its own parent.
 */
export function cycleThrough(
  companyId: string,
  parentId: string | null,
  parentOf: (id: string) => string | null | undefined,
): string[] | null {
  if (parentId === null) return null;
  const chain = [companyId, parentId];
  if (parentId === companyId) return chain;
  const seen = new Set(chain);
  let at: string | null | undefined = parentOf(parentId);
  while (at) {
    chain.push(at);
    if (at === companyId) return chain;
    if (seen.has(at)) return null; // a cycle above, not through this company
    seen.add(at);
    at = parentOf(at);
  }
  return null;
}

export interface TreeEntry {
  readonly id: string;
  readonly parentId: string | null;
  readonly depth: number;
}

/** The company and every subsidiary below it, breadth first, each once. */
export function subtree(rootId: string, childrenOf: (id: string) => readonly string[]): TreeEntry[] {
  const out: TreeEntry[] = [{ id: rootId, parentId: null, depth: 0 }];
  const seen = new Set([rootId]);
  for (let i = 0; i < out.length; i++) {
    const node = out[i] as TreeEntry;
    for (const child of childrenOf(node.id)) {
      if (seen.has(child)) continue;
      seen.add(child);
      out.push({ id: child, parentId: node.id, depth: node.depth + 1 });
    }
  }
  return out;
}

/** What one company has itself; amounts in micros (integers as bigint: no float arithmetic on money). */
export interface CompanyFigures {
  openDeals: number;
  openAmountMicros: bigint;
  wonAmountMicros: bigint;
  /** The revenue plugin's received amounts of the deals' primary scenarios (null without it). */
  receivedMicros: bigint | null;
  plannedMicros: bigint | null;
  openTasks: number;
  tasks: number;
  notes: number;
  contacts: number;
}

export const NO_FIGURES: Readonly<CompanyFigures> = Object.freeze({
  openDeals: 0,
  openAmountMicros: 0n,
  wonAmountMicros: 0n,
  receivedMicros: null,
  plannedMicros: null,
  openTasks: 0,
  tasks: 0,
  notes: 0,
  contacts: 0,
});

const addNullable = (a: bigint | null, b: bigint | null) =>
  a === null && b === null ? null : (a ?? 0n) + (b ?? 0n);

export function addFigures(a: CompanyFigures, b: CompanyFigures): CompanyFigures {
  return {
    openDeals: a.openDeals + b.openDeals,
    openAmountMicros: a.openAmountMicros + b.openAmountMicros,
    wonAmountMicros: a.wonAmountMicros + b.wonAmountMicros,
    receivedMicros: addNullable(a.receivedMicros, b.receivedMicros),
    plannedMicros: addNullable(a.plannedMicros, b.plannedMicros),
    openTasks: a.openTasks + b.openTasks,
    tasks: a.tasks + b.tasks,
    notes: a.notes + b.notes,
    contacts: a.contacts + b.contacts,
  };
}

/** Each company's total: its own figures plus every subsidiary's, at any depth. */
export function rollUp(
  tree: readonly TreeEntry[],
  own: (id: string) => CompanyFigures,
): Map<string, { own: CompanyFigures; total: CompanyFigures }> {
  const result = new Map<string, { own: CompanyFigures; total: CompanyFigures }>();
  for (const node of tree) result.set(node.id, { own: own(node.id), total: own(node.id) });
  // Deepest first: a child's total is complete before it is added to its parent.
  for (const node of [...tree].sort((a, b) => b.depth - a.depth)) {
    if (node.parentId === null) continue;
    const parent = result.get(node.parentId);
    const child = result.get(node.id);
    if (parent && child) parent.total = addFigures(parent.total, child.total);
  }
  return result;
}
