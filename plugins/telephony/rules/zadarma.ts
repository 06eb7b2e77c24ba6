/**
 * Zadarma PBX notifications: a form POST whose `event` field names the event (NOTIFY_START,
 * NOTIFY_INTERNAL, NOTIFY_ANSWER, NOTIFY_END, NOTIFY_OUT_START, NOTIFY_OUT_END, NOTIFY_RECORD, …),
 * signed in the `Signature` header = base64 of the *hex* HMAC-SHA1 (PHP's hash_hmac) of the event's
 * signature string with the API secret. Saving the URL in the cabinet first GETs it with
 * `?zd_echo=X`, which must answer X. The REST API (`/v1/request/callback/`) signs
 * `method + params + md5(params)` the same way in `Authorization: key:signature`.
 * Sources: zadarma/user-api-v1 lib/Webhook/*.php, lib/Client.php (../shared/research/domain-sources.md §4.2).
 */
import { createHash, createHmac } from 'node:crypto';
import type { CallStatus, PbxEvent } from './call-events';
import { PbxPayloadError, sameText } from './mango';

export interface ZadarmaCredentials {
  key: string;
  secret: string;
}

/** base64 of the hex HMAC-SHA1 (PHP `base64_encode(hash_hmac('sha1', s, secret))`). */
export const zadarmaSign = (text: string, secret: string): string =>
  Buffer.from(createHmac('sha1', secret).update(text, 'utf8').digest('hex'), 'utf8').toString('base64');

const field = (form: URLSearchParams, name: string) => form.get(name) ?? '';

/** The text an event's signature covers (lib/Webhook/Notify*.php getSignatureString). */
export function zadarmaSignatureString(form: URLSearchParams): string | undefined {
  switch (form.get('event')) {
    case 'NOTIFY_START':
    case 'NOTIFY_INTERNAL':
    case 'NOTIFY_END':
      return field(form, 'caller_id') + field(form, 'called_did') + field(form, 'call_start');
    case 'NOTIFY_ANSWER':
      return field(form, 'caller_id') + field(form, 'destination') + field(form, 'call_start');
    case 'NOTIFY_OUT_START':
    case 'NOTIFY_OUT_END':
      return field(form, 'internal') + field(form, 'destination') + field(form, 'call_start');
    case 'NOTIFY_RECORD':
      return field(form, 'pbx_call_id') + field(form, 'call_id_with_rec');
    default:
      return undefined;
  }
}

export function zadarmaSigned(
  form: URLSearchParams,
  signature: string | undefined,
  credentials: ZadarmaCredentials,
): boolean {
  const text = zadarmaSignatureString(form);
  if (text === undefined || !signature || !credentials.secret) return false;
  return sameText(signature.trim(), zadarmaSign(text, credentials.secret));
}

/**
 * `call_start` is `YYYY-MM-DD HH:MM:SS` in the account's time zone (UNCONFIRMED which; Moscow by
 * default — Russia keeps UTC+3 all year).
 */
export function zadarmaTime(value: string | null, fallback: string, offset = '+03:00'): string {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})$/.exec((value ?? '').trim());
  if (!m) return fallback;
  const at = Date.parse(`${m[1]}T${m[2]}${offset}`);
  return Number.isFinite(at) ? new Date(at).toISOString() : fallback;
}

const DISPOSITION: Readonly<Record<string, CallStatus>> = {
  answered: 'ANSWERED',
  busy: 'BUSY',
  cancel: 'MISSED',
  'no answer': 'MISSED',
};

const ORDER: Readonly<Record<string, number>> = {
  NOTIFY_START: 1,
  NOTIFY_OUT_START: 1,
  NOTIFY_IVR: 2,
  NOTIFY_INTERNAL: 3,
  NOTIFY_ANSWER: 4,
  NOTIFY_END: 5,
  NOTIFY_OUT_END: 5,
  NOTIFY_RECORD: 6,
};

const nonEmpty = (v: string | null) => (v !== null && v.trim() !== '' ? v.trim() : undefined);

/** The event of a Zadarma form, or undefined for events that concern no call card. */
export function zadarmaEvent(
  form: URLSearchParams,
  receivedAt: string,
  offset?: string,
): PbxEvent | undefined {
  const event = form.get('event') ?? '';
  const order = ORDER[event];
  if (order === undefined || event === 'NOTIFY_IVR') return undefined;
  const callId = nonEmpty(form.get('pbx_call_id'));
  if (!callId) throw new PbxPayloadError('В уведомлении Zadarma нет pbx_call_id');
  const outgoing = event.startsWith('NOTIFY_OUT_');
  const startedAt = zadarmaTime(form.get('call_start'), receivedAt, offset);
  const internal = nonEmpty(form.get('internal'));
  const clientNumber = outgoing ? nonEmpty(form.get('destination')) : nonEmpty(form.get('caller_id'));
  const lineNumber = outgoing ? nonEmpty(form.get('caller_id')) : nonEmpty(form.get('called_did'));
  const base = {
    provider: 'zadarma' as const,
    callId,
    key: `${event}:${internal ?? ''}`,
    seq: order,
    at: receivedAt,
    ...(event === 'NOTIFY_RECORD'
      ? {}
      : { startedAt, direction: outgoing ? ('OUTGOING' as const) : ('INCOMING' as const) }),
    ...(clientNumber ? { clientNumber } : {}),
    ...(lineNumber ? { lineNumber } : {}),
    ...(internal ? { extension: internal } : {}),
  };
  switch (event) {
    case 'NOTIFY_START':
    case 'NOTIFY_OUT_START':
    case 'NOTIFY_INTERNAL':
      return { ...base, at: event === 'NOTIFY_INTERNAL' ? receivedAt : startedAt, kind: 'ringing' };
    case 'NOTIFY_ANSWER':
      return { ...base, kind: 'answered', answeredAt: receivedAt };
    case 'NOTIFY_END':
    case 'NOTIFY_OUT_END': {
      const disposition = (form.get('disposition') ?? '').trim().toLowerCase();
      const duration = Number(form.get('duration'));
      const recording = form.get('is_recorded') === '1' ? nonEmpty(form.get('call_id_with_rec')) : undefined;
      return {
        ...base,
        kind: 'ended',
        endedAt: receivedAt,
        status: DISPOSITION[disposition] ?? 'FAILED',
        ...(Number.isFinite(duration) && duration >= 0 ? { durationSeconds: Math.round(duration) } : {}),
        ...(recording ? { recordingId: recording } : {}),
      };
    }
    case 'NOTIFY_RECORD': {
      const recording = nonEmpty(form.get('call_id_with_rec'));
      return { ...base, kind: 'recording', ...(recording ? { recordingId: recording } : {}) };
    }
    default:
      return undefined;
  }
}

/** RFC 1738 form encoding of ksorted params (PHP http_build_query), as Zadarma signs them. */
export function zadarmaParams(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .sort()
    .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(params[k] ?? '').replace(/%20/g, '+')}`)
    .join('&');
}

/** `Authorization` for a REST call: `key:base64(hex hmac_sha1(method + params + md5(params)))`. */
export function zadarmaAuthorization(
  method: string,
  params: Readonly<Record<string, string>>,
  credentials: ZadarmaCredentials,
): string {
  const query = zadarmaParams(params);
  const md5 = createHash('md5').update(query, 'utf8').digest('hex');
  return `${credentials.key}:${zadarmaSign(method + query + md5, credentials.secret)}`;
}
