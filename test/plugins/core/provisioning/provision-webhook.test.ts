import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startDevhost } from '../../../../devhost/server';
import {
  ensureWebhook,
  normalizeWebhookUrl,
  planWebhook,
} from '../../../../plugins/core/provisioning/provision-webhook';
import { createTwentyClient, type Webhook } from '../../../../sdk/index';

const spec = { targetUrl: 'https://realty.example.com', secret: 'whsec-0123456789abcdef' };
const hook = (over: Partial<Webhook> = {}): Webhook => ({
  id: 'w1',
  targetUrl: 'https://realty.example.com/',
  operations: ['*.*'],
  secret: spec.secret,
  ...over,
});

describe('planWebhook', () => {
  it('creates the webhook when none targets the URL, with every operation by default', () => {
    const plan = planWebhook([hook({ targetUrl: 'https://elsewhere.example.com/' })], spec);
    assert.equal(plan.action, 'create');
    assert.deepEqual(plan.body?.operations, ['*.*']);
    assert.equal(plan.body?.targetUrl, 'https://realty.example.com/');
    assert.equal(plan.body?.secret, spec.secret);
  });

  it('compares URLs the way Twenty stores them, so a trailing slash is the same target', () => {
    assert.equal(normalizeWebhookUrl('https://realty.example.com'), 'https://realty.example.com/');
    assert.deepEqual(planWebhook([hook()], spec), {
      action: 'none',
      webhookId: 'w1',
      changes: [],
      duplicates: [],
      notes: [],
    });
  });

  it('patches only what differs, ignoring the order of operations', () => {
    const ops = { ...spec, operations: ['unit.*', '*.created'] };
    assert.equal(planWebhook([hook({ operations: ['*.created', 'unit.*'] })], ops).action, 'none');
    const plan = planWebhook([hook({ secret: 'old-secret-value-000' })], ops);
    assert.equal(plan.action, 'update');
    assert.deepEqual(plan.changes, ['operations', 'secret']);
    assert.deepEqual(plan.body, { operations: ['unit.*', '*.created'], secret: spec.secret });
  });

  it('rewrites the secret when Twenty does not return it, and says so', () => {
    const { secret: _hidden, ...withoutSecret } = hook();
    const plan = planWebhook([withoutSecret as Webhook], spec);
    assert.deepEqual(plan.changes, ['secret']);
    assert.match(plan.notes[0], /did not return the webhook secret/);
  });

  it('keeps the first of several registrations and reports the others without deleting them', () => {
    const plan = planWebhook(
      [hook(), hook({ id: 'w2' }), hook({ id: 'w3', targetUrl: 'https://realty.example.com' })],
      spec,
    );
    assert.equal(plan.webhookId, 'w1');
    assert.deepEqual(plan.duplicates, ['w2', 'w3']);
    assert.match(plan.notes[0], /2 more webhook\(s\).*doubles deliveries/);
  });
});

describe('ensureWebhook from several instances at once', () => {
  it('leaves one webhook for the URL when instances with one PUBLIC_URL set up at the same moment', async () => {
    const devhost = await startDevhost({ port: 0 });
    try {
      const clients = [0, 1, 2].map(() => createTwentyClient({ url: devhost.url, apiKey: devhost.apiKey }));
      const outcomes = await Promise.all(clients.map((client) => ensureWebhook(client, spec)));
      const left = (await (clients[0] as (typeof clients)[number]).webhooks.list()).filter(
        (w) => normalizeWebhookUrl(w.targetUrl) === normalizeWebhookUrl(spec.targetUrl),
      );
      assert.equal(left.length, 1, JSON.stringify(left));
      assert.deepEqual(
        outcomes.map((o) => o.webhookId),
        outcomes.map(() => left[0]?.id),
        'every instance names the one kept',
      );
    } finally {
      await devhost.close();
    }
  });
});
