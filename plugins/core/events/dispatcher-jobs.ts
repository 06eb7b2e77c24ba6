/**
 * The two kinds of queue job the dispatcher runs, and the keys that make
 * them idempotent. An event job (`twenty.event`) is one change of one record,
 * from the webhook intake or the sweep; it updates the read model and fans out
 * into one handler job (`plugin.handler`) per subscribed handler. A handler
 * job's dedupe key names the change and the handler, so a change reaching us
 * twice — by webhook and by sweep, or twice by webhook — runs a handler once.
 */
import { z } from 'zod';
import type { TwentyRecord, TwentyWebhookEvent } from '../../../sdk/index';
import { WRITE_ORIGIN_KINDS, type WriteOrigin } from './origin';

export const EVENT_JOB = 'twenty.event';
export const HANDLER_JOB = 'plugin.handler';

export type EventSource = 'webhook' | 'sweep' | 'replay';

const eventSchema = z.object({
  eventName: z.string(),
  objectName: z.string(),
  action: z.string(),
  record: z.looseObject({ id: z.string() }),
  updatedFields: z.array(z.string()).optional(),
  webhookId: z.string().optional(),
  workspaceId: z.string().optional(),
  eventDate: z.string().optional(),
  objectMetadataId: z.string().optional(),
  workspaceMemberId: z.string().optional(),
  userId: z.string().optional(),
});

export const eventJobPayload = z.object({
  event: eventSchema,
  source: z.enum(['webhook', 'sweep', 'replay']),
  receivedAt: z.string(),
});

const writeOriginSchema = z.object({
  plugin: z.string(),
  kind: z.enum(WRITE_ORIGIN_KINDS),
  name: z.string(),
});

export const handlerJobPayload = eventJobPayload.extend({
  plugin: z.string(),
  handler: z.string(),
  writtenBy: writeOriginSchema.optional(),
});

export interface EventJobPayload {
  event: TwentyWebhookEvent;
  source: EventSource;
  receivedAt: string;
}

export interface HandlerJobPayload extends EventJobPayload {
  plugin: string;
  handler: string;
  /** The change echoes the project's own write made by this origin (never this handler itself). */
  writtenBy?: WriteOrigin;
}

export function readEventJob(payload: unknown): EventJobPayload {
  const p = eventJobPayload.parse(payload);
  return { ...p, event: { ...p.event, record: p.event.record as TwentyRecord } };
}

export function readHandlerJob(payload: unknown): HandlerJobPayload {
  const { writtenBy, ...p } = handlerJobPayload.parse(payload);
  return {
    ...p,
    event: { ...p.event, record: p.event.record as TwentyRecord },
    ...(writtenBy ? { writtenBy } : {}),
  };
}

/** The version of the record a change produced: its `updatedAt`, else the event time. */
function changeVersion(event: Pick<TwentyWebhookEvent, 'record' | 'eventDate'>): string {
  const at = event.record.updatedAt ?? event.eventDate;
  if (!at) return 'unversioned';
  const ms = Date.parse(at);
  // Normalised so "…00Z" from a webhook and "…00.000Z" from a list call are one change.
  return Number.isNaN(ms) ? at : new Date(ms).toISOString();
}

/**
 * C19: Twenty sends no event id, so a delivery is named by webhook, event and
 * record version. Twenty's own retries and replays within the window collide here.
 */
export function webhookDedupeKey(event: TwentyWebhookEvent): string {
  return `webhook:${event.webhookId ?? '-'}:${event.eventName}:${event.record.id}:${changeVersion(event)}`;
}

/**
 * Soft delete and restore need not move `updatedAt` (devhost's do not; the
 * webhook even carries the record as it was before a delete), so those
 * changes carry a marker of their own, or they would collide with the update
 * that produced the same `updatedAt`. Sweep and webhook derive the same marker.
 */
const ACTION_MARKERS: Record<string, string> = {
  deleted: '|deleted',
  restored: '|restored',
  destroyed: '|destroyed',
};

/**
 * `${object}:${recordId}:${updatedAt}:${plugin}:${handler}` — deliberately
 * without created/updated, so the sweep calling a change `created` and the
 * webhook calling it `updated` still collide (see ACTION_MARKERS for the rest).
 */
export function handlerIdempotencyKey(
  event: Pick<TwentyWebhookEvent, 'objectName' | 'action' | 'record' | 'eventDate'>,
  plugin: string,
  handler: string,
): string {
  const version = `${changeVersion(event)}${ACTION_MARKERS[event.action] ?? ''}`;
  return `${event.objectName}:${event.record.id}:${version}:${plugin}:${handler}`;
}
