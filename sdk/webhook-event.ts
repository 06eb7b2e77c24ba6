/**
 * Twenty's webhook payload (contract C17). The server sends
 * `{ eventName, objectMetadata, workspaceId, webhookId, eventDate, record, updatedFields? }`;
 * Twenty's public docs show `{ event, data, timestamp }`. Both become one
 * `TwentyWebhookEvent`.
 */
import { z } from 'zod';
import { zodIssues } from './envelopes';
import { TwentyWebhookPayloadError } from './errors';
import type { TwentyRecord } from './types';

export interface TwentyWebhookEvent {
  /** `<object>.<action>`, e.g. `unit.updated`. */
  eventName: string;
  objectName: string;
  /** created | updated | deleted | destroyed | restored | upserted */
  action: string;
  /** The state after the change (before it, for deletes). */
  record: TwentyRecord;
  updatedFields?: string[];
  webhookId?: string;
  workspaceId?: string;
  eventDate?: string;
  objectMetadataId?: string;
  /** Present when a signed-in user's session made the change (Twenty's UI); absent for API keys. */
  workspaceMemberId?: string;
  userId?: string;
}

const EVENT_NAME = /^[A-Za-z][A-Za-z0-9]*\.[A-Za-z]+$/;
const eventRecord = z.looseObject({ id: z.string() });

const serverShape = z.looseObject({
  eventName: z.string().regex(EVENT_NAME, 'expected <object>.<action>'),
  record: eventRecord,
  objectMetadata: z
    .looseObject({ id: z.string().optional(), nameSingular: z.string().optional() })
    .optional(),
  updatedFields: z.array(z.string()).optional(),
  webhookId: z.string().optional(),
  workspaceId: z.string().optional(),
  eventDate: z.string().optional(),
  workspaceMemberId: z.string().optional(),
  userId: z.string().optional(),
});

const docsShape = z.looseObject({
  event: z.string().regex(EVENT_NAME, 'expected <object>.<action>'),
  data: eventRecord,
  timestamp: z.union([z.string(), z.number()]).optional(),
  updatedFields: z.array(z.string()).optional(),
  webhookId: z.string().optional(),
  workspaceId: z.string().optional(),
});

function splitEventName(eventName: string): { objectName: string; action: string } {
  const dot = eventName.lastIndexOf('.');
  return { objectName: eventName.slice(0, dot), action: eventName.slice(dot + 1) };
}

export function parseTwentyWebhookEvent(json: unknown): TwentyWebhookEvent {
  const server = serverShape.safeParse(json);
  if (server.success) {
    const p = server.data;
    const { objectName, action } = splitEventName(p.eventName);
    return {
      eventName: p.eventName,
      objectName: p.objectMetadata?.nameSingular ?? objectName,
      action,
      record: p.record as TwentyRecord,
      ...(p.updatedFields ? { updatedFields: p.updatedFields } : {}),
      ...(p.webhookId ? { webhookId: p.webhookId } : {}),
      ...(p.workspaceId ? { workspaceId: p.workspaceId } : {}),
      ...(p.eventDate ? { eventDate: p.eventDate } : {}),
      ...(p.objectMetadata?.id ? { objectMetadataId: p.objectMetadata.id } : {}),
      ...(p.workspaceMemberId ? { workspaceMemberId: p.workspaceMemberId } : {}),
      ...(p.userId ? { userId: p.userId } : {}),
    };
  }
  const docs = docsShape.safeParse(json);
  if (docs.success) {
    const p = docs.data;
    const { objectName, action } = splitEventName(p.event);
    const eventDate =
      p.timestamp === undefined
        ? undefined
        : typeof p.timestamp === 'number'
          ? new Date(p.timestamp).toISOString()
          : p.timestamp;
    return {
      eventName: p.event,
      objectName,
      action,
      record: p.data as TwentyRecord,
      ...(p.updatedFields ? { updatedFields: p.updatedFields } : {}),
      ...(p.webhookId ? { webhookId: p.webhookId } : {}),
      ...(p.workspaceId ? { workspaceId: p.workspaceId } : {}),
      ...(eventDate ? { eventDate } : {}),
    };
  }
  // Report against the shape the payload most looks like.
  const looksLikeDocs =
    typeof json === 'object' && json !== null && 'event' in json && !('eventName' in json);
  throw new TwentyWebhookPayloadError(zodIssues(looksLikeDocs ? docs.error : server.error));
}
