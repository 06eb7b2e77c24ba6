/**
 * `provision()`: what `realty setup` runs. Reads the workspace's metadata,
 * plans against every installed plugin's declarations, applies the plan
 * unless it is a dry run, and ensures the webhook. Never destructive: the
 * report lists conflicts instead of resolving them.
 */
import type { TwentyClient } from '../../../sdk/index';
import type { LabelLocale } from '../plugin/define-object';
import type { PluginDefinition } from '../plugin/define-plugin';
import { createRegistry, type PluginRegistry } from '../plugin/plugin-registry';
import { type ApplyResult, applyProvisioning, type StepEvent } from './provision-apply';
import { labelLocaleFrom } from './provision-labels';
import { type ProvisionPlan, planProvisioning } from './provision-plan';
import { ensureStartingViews, type ViewOutcome } from './provision-views';
import { ensureWebhook, type WebhookOutcome, type WebhookSpec } from './provision-webhook';

export interface ProvisionOptions {
  client: TwentyClient;
  plugins: readonly PluginDefinition[] | PluginRegistry;
  dryRun?: boolean;
  /** Omit to leave webhooks alone (e.g. when only the schema is wanted). */
  webhook?: WebhookSpec;
  onStep?: (event: StepEvent) => void;
  /** The language of Twenty's labels; `REALTY_LOCALE` (default `ru`) unless given. */
  locale?: LabelLocale;
  /** Create the plugins' starting views where missing (default true). */
  views?: boolean;
}

/** A plan plus what happened to it; still a `ProvisionPlan`, and plain JSON. */
export interface ProvisionReport extends ProvisionPlan {
  dryRun: boolean;
  locale: LabelLocale;
  result?: ApplyResult;
  webhook?: WebhookOutcome;
  /** The starting views: created, already there, or why not. */
  views?: ViewOutcome[];
}

export async function provision(options: ProvisionOptions): Promise<ProvisionReport> {
  const registry = 'schema' in options.plugins ? options.plugins : createRegistry(options.plugins);
  const dryRun = options.dryRun ?? false;
  const locale = options.locale ?? labelLocaleFrom(process.env.REALTY_LOCALE);
  const plan = planProvisioning(registry.schema, await options.client.metadata.objects.list(), { locale });
  const report: ProvisionReport = { ...plan, dryRun, locale };
  if (!dryRun && plan.steps.length > 0) {
    report.result = await applyProvisioning(options.client, plan, { onStep: options.onStep });
  }
  if (options.views !== false) {
    const views = await ensureStartingViews(options.client, registry.schema, locale, { dryRun });
    if (views.length > 0) report.views = views;
  }
  if (options.webhook) report.webhook = await ensureWebhook(options.client, options.webhook, { dryRun });
  return report;
}

/** True when the workspace now matches: nothing failed and nothing conflicts. */
export function provisionSucceeded(report: ProvisionReport): boolean {
  return report.conflicts.length === 0 && (report.result?.failed.length ?? 0) === 0;
}
