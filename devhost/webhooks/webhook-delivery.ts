/**
 * Sends webhook calls the way Twenty's CallWebhookJob does (contract C17–C19):
 * one POST per record per matching webhook, body keys in Twenty's order,
 * signed when the webhook has a secret, 5 s timeout, no retry — a failure is
 * only logged. Calls run in the background, at most `concurrency` at a time.
 */
import { signTwentyWebhook } from '../../sdk/webhook-signature';
import type { RecordEvent } from './record-event';
import type { Webhook, WebhookStore } from './webhook-store';

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 5000;
export const DEFAULT_WEBHOOK_CONCURRENCY = 20;

export interface DeliveryLogger {
  warn(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

export interface WebhookCall {
  webhook: Webhook;
  body: string;
}

export function buildWebhookBody(
  webhook: Webhook,
  workspaceId: string,
  event: RecordEvent,
  eventDate: string,
): string {
  const payload: Record<string, unknown> = {
    targetUrl: webhook.targetUrl,
    eventName: `${event.object.nameSingular}.${event.action}`,
    objectMetadata: { id: event.object.id, nameSingular: event.object.nameSingular },
    workspaceId,
    webhookId: webhook.id,
    eventDate,
    ...(event.workspaceMemberId ? { workspaceMemberId: event.workspaceMemberId } : {}),
    record: event.record,
  };
  if (event.action === 'updated') payload.updatedFields = event.updatedFields ?? [];
  return JSON.stringify(payload);
}

export class WebhookDispatcher {
  private queue: WebhookCall[] = [];
  private running = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly store: WebhookStore,
    private readonly options: {
      workspaceId: string;
      timeoutMs?: number;
      concurrency?: number;
      log?: DeliveryLogger;
    },
  ) {}

  /** Queues the calls for committed events and returns at once. */
  dispatch(events: RecordEvent[]): void {
    if (this.store.list().length === 0) return;
    const eventDate = new Date().toISOString();
    for (const event of events) {
      for (const webhook of this.store.matching(event.object.nameSingular, event.action)) {
        this.queue.push({
          webhook,
          body: buildWebhookBody(webhook, this.options.workspaceId, event, eventDate),
        });
      }
    }
    this.pump();
  }

  /** Resolves when nothing is queued or in flight (tests, shutdown). */
  idle(): Promise<void> {
    if (this.running === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    const limit = this.options.concurrency ?? DEFAULT_WEBHOOK_CONCURRENCY;
    while (this.running < limit && this.queue.length > 0) {
      const call = this.queue.shift() as WebhookCall;
      this.running += 1;
      void this.send(call).finally(() => {
        this.running -= 1;
        this.pump();
        if (this.running === 0 && this.queue.length === 0)
          for (const resolve of this.idleWaiters.splice(0)) resolve();
      });
    }
  }

  private async send({ webhook, body }: WebhookCall): Promise<void> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (webhook.secret) Object.assign(headers, signTwentyWebhook({ secret: webhook.secret, body }));
    try {
      const response = await fetch(webhook.targetUrl, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (!response.ok)
        this.options.log?.warn(
          { webhookId: webhook.id, status: response.status },
          'webhook call answered with an error status',
        );
      else this.options.log?.debug({ webhookId: webhook.id, status: response.status }, 'webhook delivered');
    } catch (error) {
      this.options.log?.warn(
        { webhookId: webhook.id, err: (error as Error).message },
        'webhook call failed (not retried, like Twenty)',
      );
    }
  }
}
