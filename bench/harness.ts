/**
 * The benchmark harness: a bench file default-exports `defineBench(...)`; each
 * bench reports figures (measured value, target, and the ratio measured in the
 * same run). Ratios, not wall times, are what issues ask for: they stay
 * meaningful on a slower machine because numerator and denominator come from
 * one run.
 */

export type Comparison = 'atLeast' | 'atMost';

export interface Figure {
  /** e.g. "createMany 10k records: throughput ÷ rate-limit ceiling" */
  name: string;
  value: number;
  unit: string;
  target: number;
  /** atLeast: value ≥ target passes; atMost: value ≤ target passes. */
  comparison: Comparison;
  /** Extra facts printed beside the figure (e.g. 429s seen, records). */
  details?: Record<string, string | number>;
}

export interface FigureResult extends Figure {
  bench: string;
  ratio: number;
  pass: boolean;
}

export interface BenchContext {
  report(figure: Figure): FigureResult;
  /** Progress lines on stderr, so --json stays clean on stdout. */
  progress(message: string): void;
}

export interface BenchDefinition {
  name: string;
  description: string;
  run(ctx: BenchContext): Promise<void>;
}

export function defineBench(definition: BenchDefinition): BenchDefinition {
  if (!/^[a-z][a-z0-9-]*$/.test(definition.name)) {
    throw new Error(`bench name "${definition.name}" must be kebab-case`);
  }
  return definition;
}

/**
 * ratio > 1 means better than the target in both directions:
 * atLeast → value / target, atMost → target / value.
 */
export function figureRatio(figure: Pick<Figure, 'value' | 'target' | 'comparison'>): number {
  if (figure.comparison === 'atLeast')
    return figure.target === 0 ? Number.POSITIVE_INFINITY : figure.value / figure.target;
  return figure.value === 0 ? Number.POSITIVE_INFINITY : figure.target / figure.value;
}

export function evaluateFigure(bench: string, figure: Figure): FigureResult {
  const ratio = figureRatio(figure);
  const pass =
    figure.comparison === 'atLeast' ? figure.value >= figure.target : figure.value <= figure.target;
  return { ...figure, bench, ratio, pass };
}

const fmt = (n: number) =>
  Number.isFinite(n) ? (Math.abs(n) >= 100 ? n.toFixed(0) : n.toPrecision(3)) : '∞';

export function formatFigureLine(r: FigureResult): string {
  const op = r.comparison === 'atLeast' ? '≥' : '≤';
  const details = r.details
    ? `  (${Object.entries(r.details)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')})`
    : '';
  return `${r.pass ? 'PASS ' : 'BELOW'} ${r.bench} · ${r.name}: ${fmt(r.value)} ${r.unit} (target ${op} ${fmt(r.target)}, ratio ${fmt(r.ratio)})${details}`;
}

export function formatTable(results: FigureResult[]): string {
  const rows = results.map((r) => [
    r.bench,
    r.name,
    `${fmt(r.value)} ${r.unit}`,
    `${r.comparison === 'atLeast' ? '≥' : '≤'} ${fmt(r.target)}`,
    fmt(r.ratio),
    r.pass ? 'PASS' : 'BELOW',
  ]);
  const header = ['bench', 'figure', 'measured', 'target', 'ratio', 'result'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(' │ ');
  return [line(header), widths.map((w) => '─'.repeat(w)).join('─┼─'), ...rows.map(line)].join('\n');
}
