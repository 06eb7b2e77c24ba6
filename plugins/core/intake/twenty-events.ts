/**
 * Twenty's webhook intake (contract C16–C19), framework-agnostic:
 * `(request) → response`. It verifies the signature over the raw bytes,
 * drops duplicates (Twenty sends no event id; the key is derived) and events
 * for objects no plugin cares about, and enqueues the rest — handlers never
 * run inline, so Twenty's 5-second delivery timeout is answered within
 * milliseconds. Echoes of the project's own writes are queued as well (the
 * replica must show them) and the dispatcher keeps them from the handlers.
 * Its one store statement, the enqueue, is group-committed with concurrent
 * deliveries — one insert per batch, not per request — and the answer is
 * sent only once the event's own row is committed.
 */
import { createHash } from 'node:crypto';
import {
  type TwentyWebhookEvent,
  TwentyWebhookPayloadError,
  TwentyWebhookSignatureError,
  verifyTwentyWebhook,
} from '../../../sdk/index';
import { EVENT_JOB, type EventJobPayload, webhookDedupeKey } from '../events/dispatcher-jobs';
import { errorBody, preferredLang } from '../plugin/route-error';
import type { EnqueueItem } from '../queue/queue';
import type { Logger } from '../runtime/logger';
import type { Store } from '../store/store';
import type { IntakeJournal, IntakeJournalStats } from './intake-journal';

export interface IntakeRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  /** The body exactly as received; a parsed-and-re-serialised body will not verify. */
  rawBody: Buffer | string | undefined;
}

export interface IntakeResponse {
  status: number;
  headers?: Record<string, string>;
  body: Record<string, unknown>;
}

export type IntakeOutcome =
  | 'accepted'
  | 'duplicate'
  | 'echo'
  | 'ignored'
  | 'unauthorized'
  | 'malformed'
  | 'failed';

export interface IntakeStats {
  outcomes: Record<IntakeOutcome, number>;
  /** Events for objects outside `knownObjects`, by object name. */
  ignoredObjects: Record<string, number>;
  /** With a journal: lines waiting to be queued, moved, dropped as duplicates, failed moves, recovered. */
  journal?: IntakeJournalStats;
}

export interface TwentyEventsHandlerOptions {
  store: Store;
  secret: string;
  toleranceMs?: number;
  /** Objects the plugins handle or replicate; others are acknowledged and counted, not queued. Omitted = all. */
  knownObjects?: Iterable<string> | ((objectName: string) => boolean);
  log: Logger;
  /** Called after each enqueue, e.g. `worker.wake` so the job starts without waiting for a poll. */
  onEnqueued?: () => void;
  /**
   * Where deliveries become durable before the answer (embedded store only; see intake-journal.ts).
   * Without it each delivery waits for its queue row; the journal's `onMoved` wakes the worker instead.
   */
  journal?: IntakeJournal;
  now?: () => number;
}

export type TwentyEventsHandler = ((req: IntakeRequest) => Promise<IntakeResponse>) & {
  stats(): IntakeStats;
};

export class IntakeOptionsError extends Error {
  readonly code = 'intake_options_invalid';
  constructor(message: string) {
    super(message);
    this.name = 'IntakeOptionsError';
  }
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

export function secretFingerprint(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 8);
}

function reply(
  status: number,
  body: Record<string, unknown>,
  extra: Record<string, string> = {},
): IntakeResponse {
  return { status, headers: { ...JSON_HEADERS, ...extra }, body };
}

/** Why a delivery was refused, in Russian (the operator reads it in Twenty's webhook log); the sdk's English diagnosis beside it. */
const SIGNATURE_RU: Readonly<Record<string, string>> = {
  missing_signature:
    'Нет заголовка подписи: Twenty подписывает только вебхуки с секретом — задайте секрет вебхуку',
  missing_timestamp: 'Нет заголовка времени рядом с подписью',
  bad_timestamp: 'Время подписи должно быть числом миллисекунд от начала эпохи',
  body_reserialized: 'Тело пересобрано до проверки подписи — проверяйте сырые байты запроса',
  signature_mismatch:
    'Подпись не сходится с HMAC-SHA256(секрет, «время:тело») — неверный TWENTY_WEBHOOK_SECRET, или тело изменено в пути',
  timestamp_out_of_window:
    'Подпись слишком старая или из будущего — повтор запроса или часы не синхронизированы',
};

/** A refusal in the one error body `{ status, code, message }`, Russian unless the caller asked for English. */
function refuse(
  req: IntakeRequest,
  status: number,
  code: string,
  message: { ru: string; en: string },
  extra: Record<string, string> = {},
): IntakeResponse {
  const lang = preferredLang(req.headers['accept-language']);
  return reply(status, { ...errorBody(status, code, message, {}, lang) }, extra);
}

function toKnownPredicate(known: TwentyEventsHandlerOptions['knownObjects']): (name: string) => boolean {
  if (known === undefined) return () => true;
  if (typeof known === 'function') return known;
  const set = new Set(known);
  return (name) => set.has(name);
}

export function createTwentyEventsHandler(options: TwentyEventsHandlerOptions): TwentyEventsHandler {
  if (typeof options.secret !== 'string' || options.secret.length === 0) {
    throw new IntakeOptionsError(
      'createTwentyEventsHandler needs the webhook secret (TWENTY_WEBHOOK_SECRET); unsigned events are never accepted',
    );
  }
  const { store, secret, log } = options;
  const fingerprint = secretFingerprint(secret);
  const isKnown = toKnownPredicate(options.knownObjects);
  const now = options.now ?? Date.now;
  const stats: IntakeStats = {
    outcomes: { accepted: 0, duplicate: 0, echo: 0, ignored: 0, unauthorized: 0, malformed: 0, failed: 0 },
    ignoredObjects: {},
  };
  const count = (outcome: IntakeOutcome): void => {
    stats.outcomes[outcome]++;
  };

  const journal = options.journal;
  /** Durable before the answer: a journal line (no database wait), else the queue row itself. */
  const persist = async (
    item: EnqueueItem,
    facts: Record<string, unknown>,
  ): Promise<'stored' | 'duplicate' | 'failed'> => {
    if (journal) {
      try {
        return journal.append(item) === 'duplicate' ? 'duplicate' : 'stored';
      } catch (error) {
        log.error({ ...facts, err: error }, 'could not journal a Twenty event; queueing it directly');
      }
    }
    try {
      const fresh = await store.queue.enqueue(item.kind, item.payload, { dedupeKey: item.dedupeKey });
      if (!fresh) return 'duplicate';
      options.onEnqueued?.();
      return 'stored';
    } catch (error) {
      log.error(
        { ...facts, err: error },
        'could not enqueue a Twenty event; Twenty will not retry, the sweep will',
      );
      return 'failed';
    }
  };

  const handle = async (req: IntakeRequest): Promise<IntakeResponse> => {
    if (req.method.toUpperCase() !== 'POST') {
      return refuse(
        req,
        405,
        'method_not_allowed',
        { ru: 'Twenty присылает вебхуки методом POST', en: 'Twenty delivers webhooks with POST' },
        { allow: 'POST' },
      );
    }
    if (req.rawBody === undefined) {
      count('malformed');
      return refuse(req, 400, 'no_raw_body', {
        ru: 'Запрос дошёл до обработчика без сырого тела; сервер должен передавать байты как получены',
        en: 'the request reached the handler without its raw body; the host must pass the bytes as received',
      });
    }

    let event: TwentyWebhookEvent;
    try {
      event = verifyTwentyWebhook({
        secret,
        rawBody: req.rawBody,
        headers: req.headers,
        ...(options.toleranceMs !== undefined ? { toleranceMs: options.toleranceMs } : {}),
        now: now(),
      });
    } catch (error) {
      if (error instanceof TwentyWebhookSignatureError) {
        count('unauthorized');
        // The fingerprint lets an operator compare secrets without either side revealing one.
        log.warn(
          { code: error.code, secretFingerprint: fingerprint },
          `rejected a Twenty webhook: ${error.message}`,
        );
        return refuse(req, 401, error.code, {
          ru: SIGNATURE_RU[error.code] ?? 'Подпись вебхука не проверена',
          en: error.message,
        });
      }
      if (error instanceof TwentyWebhookPayloadError) {
        count('malformed');
        log.warn(
          { code: error.code, issues: error.issues.slice(0, 5) },
          'rejected a signed but malformed Twenty webhook',
        );
        return refuse(req, 400, error.code, {
          ru: `Тело вебхука — не событие Twenty: ${error.issues.slice(0, 5).join('; ')}`,
          en: error.message,
        });
      }
      throw error;
    }

    const facts = { eventName: event.eventName, recordId: event.record.id, webhookId: event.webhookId };
    if (!isKnown(event.objectName)) {
      count('ignored');
      stats.ignoredObjects[event.objectName] = (stats.ignoredObjects[event.objectName] ?? 0) + 1;
      log.debug(facts, 'ignored an event for an object no plugin handles');
      return reply(200, { status: 'ignored', reason: `no plugin handles "${event.objectName}"` });
    }

    // Echoes of our own writes are queued too (the replica must show them; the dispatcher keeps them
    // from the handlers). Only this process's memory is asked here: no query before the one write.
    const echo = store.ownWrites.isKnownEcho(event);
    const item: EnqueueItem = {
      kind: EVENT_JOB,
      payload: {
        event,
        source: 'webhook',
        receivedAt: new Date(now()).toISOString(),
      } satisfies EventJobPayload,
      dedupeKey: webhookDedupeKey(event),
    };
    const stored = await persist(item, facts);
    if (stored === 'failed') {
      count('failed');
      return refuse(req, 503, 'store_unavailable', {
        ru: 'Событие не сохранено; повторите доставку',
        en: 'the event could not be stored; try again',
      });
    }
    if (stored === 'duplicate') {
      count('duplicate');
      log.debug(facts, 'dropped a duplicate delivery');
      return reply(200, { status: 'duplicate' });
    }
    if (echo) {
      count('echo');
      log.debug(facts, 'queued the echo of our own write for the replica only');
      return reply(200, { status: 'echo' });
    }
    count('accepted');
    return reply(202, { status: 'queued' });
  };

  return Object.assign(handle, {
    stats: (): IntakeStats => ({
      outcomes: { ...stats.outcomes },
      ignoredObjects: { ...stats.ignoredObjects },
      ...(journal ? { journal: journal.stats() } : {}),
    }),
  });
}
