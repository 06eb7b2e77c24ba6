/**
 * Mango Office VPBX API (v1.9): Mango posts `application/x-www-form-urlencoded` with three fields —
 * `vpbx_api_key`, `sign` = lowercase hex SHA-256 of `vpbx_api_key + json + vpbx_api_salt` (a plain
 * hash, not an HMAC) and `json`, the event — to the URL set in its cabinet plus the event's path
 * (`/events/call`, `/events/summary`, …). Our commands to Mango (`commands/callback`) are signed the
 * same way. Sources: ../shared/research/domain-sources.md §4.1.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { PbxEvent } from './call-events';

export interface MangoCredentials {
  apiKey: string;
  apiSalt: string;
}

export const mangoSign = (apiKey: string, json: string, apiSalt: string): string =>
  createHash('sha256').update(`${apiKey}${json}${apiSalt}`, 'utf8').digest('hex');

/** Equal texts, compared in constant time (different lengths are simply unequal). */
export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  if (x.length !== y.length) {
    // Still spend the comparison, so a wrong length answers as fast as a wrong value.
    timingSafeEqual(x, x);
    return false;
  }
  return timingSafeEqual(x, y);
}

/** Whether a form Mango posted is signed with our key and salt: the hash over `json` as it came. */
export function mangoSigned(form: URLSearchParams, credentials: MangoCredentials): boolean {
  const key = form.get('vpbx_api_key');
  const sign = form.get('sign');
  const json = form.get('json');
  if (!key || !sign || json === null || !credentials.apiKey || !credentials.apiSalt) return false;
  const keyOk = sameText(key, credentials.apiKey);
  const signOk = sameText(sign.toLowerCase(), mangoSign(credentials.apiKey, json, credentials.apiSalt));
  return keyOk && signOk;
}

/** The form Mango expects for a command (and sends for an event). */
export function mangoForm(credentials: MangoCredentials, payload: unknown): URLSearchParams {
  const json = JSON.stringify(payload);
  return new URLSearchParams({
    vpbx_api_key: credentials.apiKey,
    sign: mangoSign(credentials.apiKey, json, credentials.apiSalt),
    json,
  });
}

interface MangoParty {
  extension?: string;
  number?: string;
  line_number?: string;
  acd_group?: string;
}

const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : undefined;

/** Unix seconds (a string in Mango's examples, a number from some senders) as ISO, else `fallback`. */
function unixIso(value: unknown, fallback: string): string {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? new Date(n * 1000).toISOString() : fallback;
}

export class PbxPayloadError extends Error {
  constructor(readonly ru: string) {
    super(ru);
    this.name = 'PbxPayloadError';
  }
}

function parseJson(json: string): Record<string, unknown> {
  try {
    const value = JSON.parse(json) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new PbxPayloadError('Поле json события Mango — не объект JSON');
}

/**
 * The event of a Mango form at `path` (`events/call`, `events/summary`; other paths are accepted and
 * ignored), or undefined when it concerns no call we keep.
 */
export function mangoEvent(path: string, json: string, receivedAt: string): PbxEvent | undefined {
  const body = parseJson(json);
  const entry = text(body.entry_id);
  const kind = path.replace(/^\/+|\/+$/g, '');
  if (kind !== 'events/call' && kind !== 'events/summary') return undefined;
  if (!entry) throw new PbxPayloadError('В событии Mango нет entry_id');
  const from = (body.from ?? {}) as MangoParty;
  const to = (body.to ?? {}) as MangoParty;
  if (kind === 'events/summary') {
    // call_direction: 1 incoming, 2 outgoing (UNCONFIRMED numbering; the call events decide first).
    const outgoing = String(body.call_direction ?? '') === '2';
    const talk = Number(body.talk_time);
    const end = Number(body.end_time);
    const answered = String(body.entry_result ?? '') === '1';
    return {
      provider: 'mango',
      callId: entry,
      key: 'summary',
      // After every call event of the entry.
      seq: Number.MAX_SAFE_INTEGER,
      kind: 'summary',
      at: unixIso(body.end_time, receivedAt),
      startedAt: unixIso(body.create_time, receivedAt),
      ...(answered && talk > 0 ? { answeredAt: unixIso(talk, receivedAt) } : {}),
      endedAt: unixIso(body.end_time, receivedAt),
      ...(answered && talk > 0 && end >= talk ? { durationSeconds: Math.round(end - talk) } : {}),
      status: answered ? 'ANSWERED' : 'MISSED',
      ...(text(outgoing ? to.number : from.number)
        ? { clientNumber: text(outgoing ? to.number : from.number) }
        : {}),
    };
  }
  const state = text(body.call_state);
  const seq = Number(body.seq);
  const leg = text(body.call_id) ?? entry;
  const at = unixIso(body.timestamp, receivedAt);
  // An employee dialled out: the call comes from an extension to an outside number.
  const outgoing = text(from.extension) !== undefined && text(to.extension) === undefined;
  const clientNumber = outgoing ? text(to.number) : text(from.number);
  const lineNumber = outgoing ? (text(from.line_number) ?? text(from.number)) : text(to.line_number);
  const extension = outgoing ? text(from.extension) : text(to.extension);
  const base = {
    provider: 'mango' as const,
    callId: entry,
    key: `call:${leg}:${Number.isFinite(seq) ? seq : state}`,
    seq: Number.isFinite(seq) ? seq : 0,
    at,
    leg,
    direction: outgoing ? ('OUTGOING' as const) : ('INCOMING' as const),
    ...(clientNumber ? { clientNumber } : {}),
    ...(lineNumber ? { lineNumber } : {}),
    // An IVR leg names no operator.
    ...(extension && text(body.location) !== 'ivr' ? { extension } : {}),
  };
  switch (state) {
    case 'Appeared':
      return { ...base, kind: 'ringing' };
    case 'Connected':
      return { ...base, kind: 'answered', answeredAt: at };
    case 'Disconnected':
      // Answered or missed is decided by whether a leg was connected (and by the summary);
      // Mango's disconnect_reason codes beyond the examples (1100, 1120) are UNCONFIRMED, not read.
      return { ...base, kind: 'ended', endedAt: at };
    default:
      // OnHold and states we do not know: kept as a ringing leg only if new.
      return undefined;
  }
}

/** The callback command: Mango rings the operator's extension, then dials the client. */
export function mangoCallbackCommand(commandId: string, extension: string, toNumber: string) {
  return { command_id: commandId, from: { extension }, to_number: toNumber };
}
