// `realty setup [--dry-run] [--json]`: provision the enabled plugins' schema (REALTY_PLUGINS) and the webhook.

import type { PluginDefinition } from '../../plugins/core/plugin/index';
import {
  describeStep,
  formatPlan,
  type ProvisionReport,
  provision,
  provisionIframeWidgets,
  provisionSucceeded,
} from '../../plugins/core/provisioning/index';
import type { RealtyConfig } from '../../plugins/core/settings/index';
import type { TwentyClient } from '../../sdk/index';
import { cliContext } from '../cli-runtime';
import { printJson, say } from '../cli-support';
import { connectTwentyClient } from '../workspace';

export function webhookTargetUrl(config: RealtyConfig): string {
  return `${config.publicUrl.replace(/\/$/, '')}/webhooks/twenty`;
}

export async function runSetup(
  client: TwentyClient,
  options: {
    config: RealtyConfig;
    /** The enabled plugins: a workspace gets only their objects. */
    plugins: readonly PluginDefinition[];
    webhookSecret: string;
    dryRun?: boolean;
    quiet?: boolean;
  },
): Promise<ProvisionReport> {
  return provision({
    client,
    plugins: options.plugins,
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

export async function setupCommand(opts: {
  dryRun?: boolean;
  json?: boolean;
  iframeWidgets?: boolean;
}): Promise<void> {
  const ctx = cliContext();
  const { twenty, client } = await connectTwentyClient(ctx.config);
  say(
    `${opts.dryRun ? 'Planning' : 'Provisioning'} ${ctx.registry.plugins.length} plugin(s) (${ctx.registry.plugins.map((p) => p.name).join(', ')}) against ${twenty.url}${twenty.isDevhost ? ' (devhost)' : ''} …`,
  );
  const report = await runSetup(client, {
    config: ctx.config,
    plugins: ctx.registry.plugins,
    webhookSecret: (await ctx.secrets).webhookSecret,
    dryRun: opts.dryRun,
    quiet: opts.json,
  });
  if (opts.json) printJson(report);
  else say(formatPlan(report));
  if (!provisionSucceeded(report)) {
    process.exitCode = 1;
    return;
  }
  // Workspace features beyond the schema (e.g. the teams plugin's row-level predicate, C21).
  for (const plugin of ctx.registry.plugins) {
    if (!plugin.afterSetup) continue;
    try {
      const lines = await plugin.afterSetup({ twenty: client, dryRun: opts.dryRun === true });
      if (!opts.json) for (const line of lines) say(line);
    } catch (error) {
      say(`${plugin.name}: ${(error as Error).message}`);
      process.exitCode = 1;
    }
  }
  // The embed pages as iFrame widgets on a dashboard, where the workspace has page layouts (docs/readme/embed.md).
  if (opts.iframeWidgets === false) return;
  try {
    const widgets = await provisionIframeWidgets({
      client,
      publicUrl: ctx.config.publicUrl,
      pagePaths: ctx.registry.pages.map((p) => p.path),
      dryRun: opts.dryRun === true,
    });
    if (!opts.json) for (const line of widgets.lines) say(line);
  } catch (error) {
    say(`iFrame widgets: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
