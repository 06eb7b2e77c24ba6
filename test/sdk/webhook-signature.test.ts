import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { TwentyWebhookPayloadError, TwentyWebhookSignatureError } from '../../sdk/errors';
import { parseTwentyWebhookEvent } from '../../sdk/webhook-event';
import { signTwentyWebhook, verifyTwentyWebhook } from '../../sdk/webhook-signature';

const SECRET = 'whsec_realty_test';
const TS = 1767225600000;
const BODY =
  '{"eventName":"unit.updated","record":{"id":"0b9f7a52-5c1e-4b7a-9d5e-2f1c3a4b5c6d","status":"FREE"}}';
// Computed once with createHmac('sha256', SECRET).update(`${TS}:${BODY}`).digest('hex') and pasted:
// a change of the signing formula must fail this test, not silently re-derive it.
const KNOWN_SIGNATURE = 'abbdad807fad590d55961123021e02c7c95c7d44ac41ac7c25e409014d1f2b3e';

function expectCode(fn: () => unknown, code: string): TwentyWebhookSignatureError {
  try {
    fn();
  } catch (error) {
    assert.ok(
      error instanceof TwentyWebhookSignatureError,
      `expected TwentyWebhookSignatureError, got ${String(error)}`,
    );
    assert.equal(error.code, code);
    return error;
  }
  assert.fail(`expected ${code}`);
}

describe('signTwentyWebhook', () => {
  it('signs "<timestamp>:<body>" with HMAC-SHA256 in lowercase hex, as Twenty does', () => {
    const headers = signTwentyWebhook({ secret: SECRET, body: BODY, timestamp: TS });
    const byHand = createHmac('sha256', SECRET).update(`${TS}:${BODY}`).digest('hex');
    assert.equal(headers['X-Twenty-Webhook-Signature'], byHand);
    assert.equal(headers['X-Twenty-Webhook-Signature'], KNOWN_SIGNATURE);
    assert.equal(headers['X-Twenty-Webhook-Timestamp'], String(TS));
  });

  it('sends a fresh 32-hex-character nonce that is not part of the signature', () => {
    const a = signTwentyWebhook({ secret: SECRET, body: BODY, timestamp: TS });
    const b = signTwentyWebhook({ secret: SECRET, body: BODY, timestamp: TS });
    assert.match(a['X-Twenty-Webhook-Nonce'], /^[0-9a-f]{32}$/);
    assert.notEqual(a['X-Twenty-Webhook-Nonce'], b['X-Twenty-Webhook-Nonce']);
    assert.equal(a['X-Twenty-Webhook-Signature'], b['X-Twenty-Webhook-Signature']);
  });
});

describe('verifyTwentyWebhook', () => {
  const headers = signTwentyWebhook({ secret: SECRET, body: BODY, timestamp: TS });

  it('accepts the raw body with headers in any letter case and returns the event', () => {
    const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    const event = verifyTwentyWebhook({ secret: SECRET, rawBody: BODY, headers: lower, now: TS + 1000 });
    assert.equal(event.eventName, 'unit.updated');
    assert.equal(event.objectName, 'unit');
    assert.equal(event.action, 'updated');
    assert.equal(event.record.id, '0b9f7a52-5c1e-4b7a-9d5e-2f1c3a4b5c6d');
  });

  it('accepts the body as a Buffer and a Headers-like object', () => {
    const h = new Headers(headers as unknown as Record<string, string>);
    const event = verifyTwentyWebhook({ secret: SECRET, rawBody: Buffer.from(BODY), headers: h, now: TS });
    assert.equal(event.record.status, 'FREE');
  });

  it('says missing_signature when the signature header is absent', () => {
    expectCode(
      () => verifyTwentyWebhook({ secret: SECRET, rawBody: BODY, headers: {}, now: TS }),
      'missing_signature',
    );
  });

  it('says missing_timestamp when only the signature is present', () => {
    const only = { 'X-Twenty-Webhook-Signature': headers['X-Twenty-Webhook-Signature'] };
    expectCode(
      () => verifyTwentyWebhook({ secret: SECRET, rawBody: BODY, headers: only, now: TS }),
      'missing_timestamp',
    );
  });

  it('says bad_timestamp when the timestamp is not milliseconds', () => {
    const bad = { ...headers, 'X-Twenty-Webhook-Timestamp': '2026-01-01T00:00:00Z' };
    expectCode(
      () => verifyTwentyWebhook({ secret: SECRET, rawBody: BODY, headers: bad, now: TS }),
      'bad_timestamp',
    );
  });

  it('rejects a correctly signed event older or newer than five minutes', () => {
    expectCode(
      () => verifyTwentyWebhook({ secret: SECRET, rawBody: BODY, headers, now: TS + 300_001 }),
      'timestamp_out_of_window',
    );
    expectCode(
      () => verifyTwentyWebhook({ secret: SECRET, rawBody: BODY, headers, now: TS - 300_001 }),
      'timestamp_out_of_window',
    );
    assert.doesNotThrow(() =>
      verifyTwentyWebhook({ secret: SECRET, rawBody: BODY, headers, now: TS + 300_000 }),
    );
  });

  it('says signature_mismatch for a wrong secret or a changed body', () => {
    expectCode(
      () => verifyTwentyWebhook({ secret: 'other', rawBody: BODY, headers, now: TS }),
      'signature_mismatch',
    );
    expectCode(
      () => verifyTwentyWebhook({ secret: SECRET, rawBody: BODY.replace('FREE', 'SOLD'), headers, now: TS }),
      'signature_mismatch',
    );
  });

  it('diagnoses a body that was parsed and re-serialised before verification', () => {
    const pretty = JSON.stringify(JSON.parse(BODY), null, 2);
    const error = expectCode(
      () => verifyTwentyWebhook({ secret: SECRET, rawBody: pretty, headers, now: TS }),
      'body_reserialized',
    );
    assert.equal(
      error.message,
      'the body was re-serialised before verification — verify the raw request bytes',
    );
  });
});

describe('parseTwentyWebhookEvent', () => {
  it("reads the server's payload shape with objectMetadata and updatedFields", () => {
    const event = parseTwentyWebhookEvent({
      targetUrl: 'http://x/hook',
      eventName: 'unitChange.updated',
      objectMetadata: { id: 'om-1', nameSingular: 'unitChange' },
      workspaceId: 'ws-1',
      webhookId: 'wh-1',
      eventDate: '2026-01-01T00:00:00.000Z',
      record: { id: 'r-1', updatedAt: '2026-01-01T00:00:00.000Z' },
      updatedFields: ['status'],
    });
    assert.deepEqual(event, {
      eventName: 'unitChange.updated',
      objectName: 'unitChange',
      action: 'updated',
      record: { id: 'r-1', updatedAt: '2026-01-01T00:00:00.000Z' },
      updatedFields: ['status'],
      webhookId: 'wh-1',
      workspaceId: 'ws-1',
      eventDate: '2026-01-01T00:00:00.000Z',
      objectMetadataId: 'om-1',
    });
  });

  it("reads the docs' { event, data, timestamp } shape", () => {
    const event = parseTwentyWebhookEvent({
      event: 'person.created',
      data: { id: 'p-1' },
      timestamp: '2026-02-03T04:05:06Z',
    });
    assert.equal(event.objectName, 'person');
    assert.equal(event.action, 'created');
    assert.equal(event.record.id, 'p-1');
    assert.equal(event.eventDate, '2026-02-03T04:05:06Z');
  });

  it('rejects a payload without a record id, naming the problem', () => {
    assert.throws(
      () => parseTwentyWebhookEvent({ eventName: 'unit.updated', record: { status: 'FREE' } }),
      (e: unknown) => e instanceof TwentyWebhookPayloadError && /record\.id/.test(e.message),
    );
  });
});
