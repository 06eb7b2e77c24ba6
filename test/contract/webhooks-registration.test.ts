/**
 * Contract C16: webhook registration — CRUD at /rest/metadata/webhooks and the
 * deprecated /rest/webhooks alias with its Deprecation and Link headers.
 * Registration needs no reachable receiver, so this also runs on a real Twenty.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { contractTargets } from './targets';
import { registerWebhook, unregisterWebhook, webhookOf, webhooksOf } from './webhook-registration';
import { expectStatus, uniqueName } from './wire-assertions';

for (const target of await contractTargets()) {
  describe(target.name, { skip: target.skip }, () => {
    const created: string[] = [];
    const marker = uniqueName('ctHookReg');
    const body = (extra: Record<string, unknown> = {}) => ({
      targetUrl: `https://hooks.example.com/${marker}`,
      operations: ['person.created', 'company.*'],
      description: marker,
      secret: 'contract-secret-1',
      ...extra,
    });
    after(async () => {
      for (const id of created) await unregisterWebhook(target, id);
    });

    describe('C16 registration', () => {
      it('creates a webhook with its target URL, operations and description', async () => {
        const hook = await registerWebhook(target, body());
        created.push(hook.id as string);
        assert.equal(hook.targetUrl, `https://hooks.example.com/${marker}`);
        assert.deepEqual(hook.operations, ['person.created', 'company.*']);
        assert.equal(hook.description, marker);
      });

      it('lists, reads, updates and deletes a webhook', async () => {
        const hook = await registerWebhook(target, body({ operations: ['*.*'] }));
        const id = hook.id as string;
        created.push(id);

        const listed = webhooksOf(await target.http('GET', '/rest/metadata/webhooks'));
        assert.ok(
          listed.some((w) => w.id === id),
          'the new webhook is listed',
        );

        const one = await target.http('GET', `/rest/metadata/webhooks/${id}`);
        expectStatus(one, 200);
        assert.equal(webhookOf(one).id, id);

        const patched = await target.http('PATCH', `/rest/metadata/webhooks/${id}`, {
          body: { operations: ['person.updated', '*.deleted'] },
        });
        expectStatus(patched, 200);
        assert.deepEqual(webhookOf(patched).operations, ['person.updated', '*.deleted']);
        const reread = await target.http('GET', `/rest/metadata/webhooks/${id}`);
        assert.deepEqual(webhookOf(reread).operations, ['person.updated', '*.deleted']);

        expectStatus(await target.http('DELETE', `/rest/metadata/webhooks/${id}`), 200);
        const after = webhooksOf(await target.http('GET', '/rest/metadata/webhooks'));
        assert.ok(!after.some((w) => w.id === id), 'a deleted webhook is no longer listed');
      });

      it('answers the legacy /rest/webhooks with Deprecation and a Link to the successor', async () => {
        const res = await target.http('GET', '/rest/webhooks');
        expectStatus(res, 200);
        assert.ok(res.headers.get('deprecation'), 'Deprecation header missing');
        const link = res.headers.get('link');
        assert.ok(link?.includes('/rest/metadata/webhooks'), `Link header: ${link}`);
        assert.ok(link?.includes('successor-version'), `Link header: ${link}`);
        // metadata-list-contract.integration-spec.ts (twentyhq/twenty 163788b): "keeps deprecated
        // non-metadata aliases as raw arrays".
        assert.ok(Array.isArray(res.body), `the legacy list is a raw array: ${res.text.slice(0, 200)}`);
      });

      it('refuses a target URL that is not http(s) with 400', async () => {
        const res = await target.http('POST', '/rest/metadata/webhooks', {
          body: body({ targetUrl: 'ftp://x/y' }),
        });
        if (res.status < 300) created.push(webhookOf(res).id as string);
        expectStatus(res, 400);
      });
    });
  });
}
