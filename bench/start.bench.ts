/**
 * How long an operator waits for `npm start`: cold (installed, empty
 * REALTY_HOME — devhost created, every plugin provisioned, the demo registry
 * seeded) and warm (the same home again — everything kept). Wall time from
 * spawning the command that `npm start` runs to its `twenty-realty ready`
 * line, on free ports and a temp home that is removed afterwards.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { newInstall, REPO_ROOT, type RunningRealty, startRealty } from '../test/scripts/realty-process';
import { defineBench } from './harness';

const COLD_TARGET_S = 30;
const WARM_TARGET_S = 5;

/** The bench must time what `npm start` really runs, so it reads the script rather than assume it. */
async function assertNpmStartIsRealtyStart(): Promise<void> {
  const pkg = JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  if (pkg.scripts?.start !== 'node bin/realty.mjs start') {
    throw new Error(
      `package.json "start" is ${JSON.stringify(pkg.scripts?.start)}; this bench times "node bin/realty.mjs start" — update it`,
    );
  }
}

export default defineBench({
  name: 'start',
  description: 'npm start to the ready line: cold on an empty REALTY_HOME, then warm on the same home',
  async run(ctx) {
    await assertNpmStartIsRealtyStart();
    const install = await newInstall('realty-bench-start-');
    let running: RunningRealty | undefined;
    try {
      ctx.progress(`cold start on ${install.home} (app :${install.port}, devhost :${install.devhostPort})`);
      running = await startRealty(install.env, { timeoutMs: 120_000 });
      const cold = running;
      const stopCode = await running.stop('SIGTERM');
      running = undefined;
      if (stopCode !== 0)
        throw new Error(
          `realty start exited with ${stopCode} on SIGTERM:\n${cold.output().stderr.slice(-2000)}`,
        );

      ctx.progress('warm start on the same home');
      running = await startRealty(install.env, { timeoutMs: 60_000 });
      const warm = running;
      const seededAgain = /seeding the demo registry/.test(warm.output().stderr);

      ctx.report({
        name: 'npm start cold (empty REALTY_HOME) → ready',
        value: cold.wallSeconds,
        unit: 's',
        target: COLD_TARGET_S,
        comparison: 'atMost',
        details: { reportedByStart: cold.ready.seconds },
      });
      ctx.report({
        name: 'npm start warm (same REALTY_HOME) → ready',
        value: warm.wallSeconds,
        unit: 's',
        target: WARM_TARGET_S,
        comparison: 'atMost',
        details: { reportedByStart: warm.ready.seconds, seededAgain: String(seededAgain) },
      });
    } finally {
      await running?.stop('SIGTERM');
      await rm(install.home, { recursive: true, force: true });
    }
  },
});
