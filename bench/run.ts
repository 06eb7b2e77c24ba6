/**
 * `npm run bench [NAME…] [--json]`: runs bench/*.bench.ts (all, or those whose
 * name contains one of the NAMEs), prints one line per figure and a closing
 * table; `--json` prints the results as one JSON object on stdout.
 * Exit code 1 when any figure is BELOW its target or a bench crashed.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  type BenchDefinition,
  evaluateFigure,
  type FigureResult,
  formatFigureLine,
  formatTable,
} from './harness';

async function main(argv: string[]) {
  const json = argv.includes('--json');
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stderr.write(
      'usage: npm run bench -- [NAME…] [--json]\n  runs bench/*.bench.ts and prints figures as ratios\n',
    );
    return 0;
  }
  const names = argv.filter((a) => !a.startsWith('--'));
  const dir = new URL('.', import.meta.url).pathname;
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort();
  const results: FigureResult[] = [];
  const failures: { bench: string; error: string }[] = [];
  for (const file of files) {
    const mod = (await import(join(dir, file))) as { default: BenchDefinition };
    const bench = mod.default;
    if (names.length > 0 && !names.some((n) => bench.name.includes(n))) continue;
    process.stderr.write(`\n▶ ${bench.name} — ${bench.description}\n`);
    try {
      await bench.run({
        report(figure) {
          const r = evaluateFigure(bench.name, figure);
          results.push(r);
          process.stderr.write(`${formatFigureLine(r)}\n`);
          return r;
        },
        progress(message) {
          process.stderr.write(`  … ${message}\n`);
        },
      });
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      failures.push({ bench: bench.name, error: message });
      process.stderr.write(`✖ ${bench.name} crashed: ${message}\n`);
    }
  }
  if (json) process.stdout.write(`${JSON.stringify({ results, failures }, null, 2)}\n`);
  else process.stdout.write(`\n${formatTable(results)}\n`);
  const below = results.filter((r) => !r.pass).length;
  process.stderr.write(
    `\n${results.length} figures, ${results.length - below} PASS, ${below} BELOW, ${failures.length} crashed\n`,
  );
  return below > 0 || failures.length > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
