/**
 * Twenty's webhook signature (contract C18): hex HMAC-SHA256 with the
 * webhook's secret over `${X-Twenty-Webhook-Timestamp}:${raw body}` — a colon,
 * unlike Stripe's dot. The timestamp is milliseconds; the nonce is not signed.
 * `signTwentyWebhook` is the same code devhost and tests sign with.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { TwentyWebhookPayloadError, TwentyWebhookSignatureError } from './errors';
import { parseTwentyWebhookEvent, type TwentyWebhookEvent } from './webhook-event';

export const DEFAULT_WEBHOOK_TOLERANCE_MS = 300_000;
export const TWENTY_SIGNATURE_HEADER = 'X-Twenty-Webhook-Signature';
export const TWENTY_TIMESTAMP_HEADER = 'X-Twenty-Webhook-Timestamp';
export const TWENTY_NONCE_HEADER = 'X-Twenty-Webhook-Nonce';

// A type alias (not an interface) so it can be passed back as a HeaderSource.
export type TwentyWebhookHeaders = {
  'X-Twenty-Webhook-Timestamp': string;
  'X-Twenty-Webhook-Signature': string;
  'X-Twenty-Webhook-Nonce': string;
};

export type HeaderSource =
  | Record<string, string | string[] | undefined>
  | { get(name: string): string | null | undefined };

export function computeTwentySignature(secret: string, timestamp: string, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}:`).update(body).digest('hex');
}

export function signTwentyWebhook({
  secret,
  body,
  timestamp = Date.now(),
}: {
  secret: string;
  body: string | Buffer;
  timestamp?: number;
}): TwentyWebhookHeaders {
  const ts = String(Math.trunc(timestamp));
  return {
    'X-Twenty-Webhook-Timestamp': ts,
    'X-Twenty-Webhook-Signature': computeTwentySignature(secret, ts, body),
    'X-Twenty-Webhook-Nonce': randomBytes(16).toString('hex'),
  };
}

function readHeader(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(name: string): string | null | undefined }).get(name) ?? undefined;
  }
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers as Record<string, string | string[] | undefined>)) {
    if (key.toLowerCase() !== wanted) continue;
    return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a.toLowerCase(), 'utf8');
  const right = Buffer.from(b.toLowerCase(), 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

export function verifyTwentyWebhook({
  secret,
  rawBody,
  headers,
  toleranceMs = DEFAULT_WEBHOOK_TOLERANCE_MS,
  now = Date.now(),
}: {
  secret: string;
  rawBody: string | Buffer;
  headers: HeaderSource;
  toleranceMs?: number;
  now?: number;
}): TwentyWebhookEvent {
  const signature = readHeader(headers, TWENTY_SIGNATURE_HEADER)?.trim();
  if (!signature) {
    throw new TwentyWebhookSignatureError(
      'missing_signature',
      `no ${TWENTY_SIGNATURE_HEADER} header — Twenty signs only webhooks that have a secret; set one on the webhook`,
    );
  }
  const timestamp = readHeader(headers, TWENTY_TIMESTAMP_HEADER)?.trim();
  if (!timestamp) {
    throw new TwentyWebhookSignatureError(
      'missing_timestamp',
      `no ${TWENTY_TIMESTAMP_HEADER} header next to the signature`,
    );
  }
  if (!/^\d{1,16}$/.test(timestamp)) {
    throw new TwentyWebhookSignatureError(
      'bad_timestamp',
      `${TWENTY_TIMESTAMP_HEADER} must be milliseconds since the epoch, got ${JSON.stringify(timestamp.slice(0, 40))}`,
    );
  }

  // Callers sometimes hand over the parsed object; treat it as a re-serialised body below.
  const body: string | Buffer =
    typeof rawBody === 'string' || Buffer.isBuffer(rawBody)
      ? rawBody
      : (JSON.stringify(rawBody) ?? String(rawBody));
  const received = typeof rawBody === 'string' || Buffer.isBuffer(rawBody);
  const matchesRaw = received && sameHex(computeTwentySignature(secret, timestamp, body), signature);
  if (!matchesRaw) {
    let reserialised: string | undefined;
    try {
      reserialised = JSON.stringify(JSON.parse(body.toString('utf8')));
    } catch {
      reserialised = undefined;
    }
    if (
      reserialised !== undefined &&
      sameHex(computeTwentySignature(secret, timestamp, reserialised), signature)
    ) {
      throw new TwentyWebhookSignatureError(
        'body_reserialized',
        'the body was re-serialised before verification — verify the raw request bytes',
      );
    }
    throw new TwentyWebhookSignatureError(
      'signature_mismatch',
      `${TWENTY_SIGNATURE_HEADER} does not match HMAC-SHA256(secret, "<timestamp>:<raw body>") — wrong TWENTY_WEBHOOK_SECRET, or the body was changed in transit`,
    );
  }

  const skew = now - Number(timestamp);
  if (Math.abs(skew) > toleranceMs) {
    throw new TwentyWebhookSignatureError(
      'timestamp_out_of_window',
      `the signature is ${Math.round(Math.abs(skew) / 1000)} s ${skew > 0 ? 'old' : 'in the future'}, beyond ±${Math.round(toleranceMs / 1000)} s — a replay, or a clock out of sync`,
    );
  }

  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new TwentyWebhookPayloadError([
      `not JSON: ${error instanceof Error ? error.message : String(error)}`,
    ]);
  }
  return parseTwentyWebhookEvent(json);
}
