// `realty seed-demo`: the demo registry, idempotent (deterministic ids + upsert).
import { seedDemoRegistry } from '../../plugins/registry/seed-demo';
import { createTwentyClient } from '../../sdk/index';
import { cliContext } from '../cli-runtime';
import { printJson, progressReporter, say } from '../cli-support';
import { connectTwenty } from '../workspace';

export async function seedDemoCommand(opts: { json?: boolean }): Promise<void> {
  const ctx = cliContext();
  const twenty = await connectTwenty(ctx.config);
  const client = createTwentyClient({ url: twenty.url, apiKey: twenty.apiKey });
  say(`Loading the demo registry into ${twenty.url} …`);
  const bars = new Map<string, ReturnType<typeof progressReporter>>();
  const summary = await seedDemoRegistry(client, {
    chessboardBaseUrl: ctx.config.publicUrl,
    onProgress: (step, done, total) => {
      let bar = bars.get(step);
      if (!bar) {
        bar = progressReporter(step, total);
        bars.set(step, bar);
      }
      bar.update(done);
      if (done === total) bar.done();
    },
  });
  if (opts.json) printJson(summary);
  else
    say(
      `demo registry: ${summary.complexes} complexes, ${summary.buildings} buildings, ${summary.sections} sections, ${summary.units} units`,
    );
}
