/**
 * Ensures Twenty's webhook to this app exists with the right secret and
 * operations (contract C16). One registration per target URL: a second one
 * would deliver every event twice. Twenty normalises the URL with
 * `new URL(x).toString()`, so URLs are compared in that form.
 *
 * Two instances of the app with one PUBLIC_URL may set up at the same moment:
 * both see no webhook and both create one. So a create is followed by a look
 * at the list: of the registrations for the URL, the first registered (then
 * the lowest id) is the one — every instance picks the same — and an instance
 * whose own new registration is not it deletes its own.
 */
import type { TwentyClient, Webhook, WebhookInput } from '../../../sdk/index';

export const DEFAULT_WEBHOOK_OPERATIONS = ['*.*'];
export const DEFAULT_WEBHOOK_DESCRIPTION = 'twenty-realty: events for plugin handlers and the read model';

export interface WebhookSpec {
  targetUrl: string;
  secret: string;
  operations?: string[];
  description?: string;
}

export type WebhookChange = 'created' | 'operations' | 'secret';

export interface WebhookPlan {
  action: 'create' | 'update' | 'none';
  webhookId?: string;
  changes: WebhookChange[];
  /** The body to POST or PATCH; holds the secret, so never log it. */
  body?: Partial<WebhookInput>;
  /** Other registrations with the same target URL (left alone; each doubles deliveries). */
  duplicates: string[];
  notes: string[];
}

export interface WebhookOutcome extends Omit<WebhookPlan, 'body'> {
  applied: boolean;
}

export function normalizeWebhookUrl(url: string): string {
  try {
    return new URL(url).toString();
  } catch {
    return url;
  }
}

/** The order every instance agrees on: first registered, then lowest id. The first is the one kept. */
export function byRegistration(webhooks: readonly Webhook[]): Webhook[] {
  const key = (w: Webhook) => w.createdAt ?? '';
  return [...webhooks].sort((a, b) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
}

const sameOperations = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/** Pure: what to do given the registrations Twenty already has. */
export function planWebhook(existing: readonly Webhook[], spec: WebhookSpec): WebhookPlan {
  const targetUrl = normalizeWebhookUrl(spec.targetUrl);
  const operations = spec.operations ?? DEFAULT_WEBHOOK_OPERATIONS;
  const matches = byRegistration(existing.filter((w) => normalizeWebhookUrl(w.targetUrl) === targetUrl));
  const [current, ...others] = matches;
  const duplicates = others.map((w) => w.id);
  const notes = duplicates.length
    ? [
        `${duplicates.length} more webhook(s) target ${targetUrl} (${duplicates.join(', ')}); each doubles deliveries — delete them in Twenty`,
      ]
    : [];
  if (!current) {
    return {
      action: 'create',
      changes: ['created'],
      body: {
        targetUrl,
        operations,
        secret: spec.secret,
        description: spec.description ?? DEFAULT_WEBHOOK_DESCRIPTION,
      },
      duplicates,
      notes,
    };
  }
  const changes: WebhookChange[] = [];
  const body: Partial<WebhookInput> = {};
  if (!sameOperations(current.operations ?? DEFAULT_WEBHOOK_OPERATIONS, operations)) {
    changes.push('operations');
    body.operations = operations;
  }
  if (current.secret === undefined) {
    // Some releases do not return the secret: it cannot be compared, so it is written.
    changes.push('secret');
    body.secret = spec.secret;
    notes.push('Twenty did not return the webhook secret; it was set again to be sure it matches');
  } else if (current.secret !== spec.secret) {
    changes.push('secret');
    body.secret = spec.secret;
  }
  return changes.length
    ? { action: 'update', webhookId: current.id, changes, body, duplicates, notes }
    : { action: 'none', webhookId: current.id, changes, duplicates, notes };
}

export async function ensureWebhook(
  client: TwentyClient,
  spec: WebhookSpec,
  options: { dryRun?: boolean } = {},
): Promise<WebhookOutcome> {
  const { body, ...plan } = planWebhook(await client.webhooks.list(), spec);
  if (options.dryRun || plan.action === 'none' || !body) return { ...plan, applied: false };
  if (plan.action === 'create') {
    const created = await client.webhooks.create(body as WebhookInput);
    const targetUrl = normalizeWebhookUrl(spec.targetUrl);
    const [kept] = byRegistration(
      (await client.webhooks.list()).filter((w) => normalizeWebhookUrl(w.targetUrl) === targetUrl),
    );
    if (kept && kept.id !== created.id) {
      // Another instance registered the same URL at the same moment: its registration is the one.
      await client.webhooks.delete(created.id);
      return {
        ...plan,
        action: 'none',
        changes: [],
        webhookId: kept.id,
        applied: false,
        notes: [
          ...plan.notes,
          `another instance registered ${targetUrl} at the same moment; its webhook ${kept.id} is kept`,
        ],
      };
    }
    return { ...plan, webhookId: created.id, applied: true };
  }
  await client.webhooks.update(plan.webhookId as string, body);
  return { ...plan, applied: true };
}
