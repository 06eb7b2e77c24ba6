// `realty seed-demo`: every enabled plugin's demo data, in dependency order; idempotent (deterministic
// ids + upsert). While `realty start` runs it owns the embedded store, so the app runs the seeds.
import { appServerRunning, callAppAdmin, cliContext, withLocalRuntime } from '../cli-runtime';
import { printJson, say } from '../cli-support';
import { createProgress } from '../command-context';
import { describeSeeds, runSeeds, type SeedOutcome } from '../seeds';

export async function seedDemoCommand(opts: { json?: boolean }): Promise<void> {
  const ctx = cliContext();
  let outcomes: SeedOutcome[];
  if (await appServerRunning(ctx.config)) {
    say(
      `realty start is running: it loads the demo data (${ctx.registry.seeds.map((s) => s.plugin).join(', ')}) …`,
    );
    outcomes = (await callAppAdmin<{ seeds: SeedOutcome[] }>(ctx, 'POST', '/api/admin/seed', {})).seeds;
  } else {
    outcomes = await withLocalRuntime(ctx, async (runtime) => {
      const bars = new Map<string, ReturnType<typeof createProgress>>();
      const done = await runSeeds(runtime.registry, runtime.contextFor, {
        onStart: (plugin, description) => say(`${plugin}: ${description}`),
        onProgress: (plugin, count, total) => {
          let bar = bars.get(plugin);
          if (!bar) {
            bar = createProgress(`${plugin} demo data`, total);
            bars.set(plugin, bar);
          }
          bar.update(count, total);
        },
      });
      for (const bar of bars.values()) bar.stop();
      // No app runs to receive the seed's webhooks: bring the read model up to date here.
      await runtime.store.readModel.resync(runtime.twenty, runtime.store.readModel.objects());
      return done;
    });
  }
  if (opts.json) printJson({ seeds: outcomes });
  else for (const line of describeSeeds(outcomes)) say(`demo ${line}`);
}
