// `realty setup [--dry-run] [--json]`: provision every plugin's schema and the webhook.

import {
  describeStep,
  formatPlan,
  type ProvisionReport,
  provision,
  provisionSucceeded,
} from '../../plugins/core/provisioning/index';
import type { RealtyConfig } from '../../plugins/core/settings/index';
import { allPlugins } from '../../plugins/index';
import { createTwentyClient, type TwentyClient } from '../../sdk/index';
import { cliContext } from '../cli-runtime';
import { printJson, say } from '../cli-support';
import { connectTwenty } from '../workspace';

export function webhookTargetUrl(config: RealtyConfig): string {
  return `${config.publicUrl.replace(/\/$/, '')}/webhooks/twenty`;
}

export async function runSetup(
  client: TwentyClient,
  options: { config: RealtyConfig; webhookSecret: string; dryRun?: boolean; quiet?: boolean },
): Promise<ProvisionReport> {
  return provision({
    client,
    plugins: allPlugins,
    dryRun: options.dryRun,
    webhook: {
      targetUrl: webhookTargetUrl(options.config),
      secret: options.webhookSecret,
      operations: ['*.*'],
    },
    onStep: options.quiet
      ? undefined
      : (event) =>
          say(
            `  [${event.index + 1}/${event.total}] ${event.status}: ${describeStep(event.step)}${event.reason ? ` — ${event.reason}` : ''}`,
          ),
  });
}

export async function setupCommand(opts: { dryRun?: boolean; json?: boolean }): Promise<void> {
  const ctx = cliContext();
  const twenty = await connectTwenty(ctx.config);
  const client = createTwentyClient({ url: twenty.url, apiKey: twenty.apiKey });
  say(
    `${opts.dryRun ? 'Planning' : 'Provisioning'} ${allPlugins.length} plugin(s) against ${twenty.url}${twenty.isDevhost ? ' (devhost)' : ''} …`,
  );
  const report = await runSetup(client, {
    config: ctx.config,
    webhookSecret: ctx.secrets.webhookSecret,
    dryRun: opts.dryRun,
    quiet: opts.json,
  });
  if (opts.json) printJson(report);
  else say(formatPlan(report));
  if (!provisionSucceeded(report)) process.exitCode = 1;
}
