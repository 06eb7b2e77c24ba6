/**
 * Contract C17 (payload), C18 (signature) and C19 (asynchronous, no retry):
 * deliveries are caught by a local receiver; each test registers its own
 * webhook at its own receiver path. A real Twenty needs a receiver it can reach
 * (TWENTY_WEBHOOK_RECEIVER_URL, see webhook-receiver.ts), else it is skipped.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createScratchObject, type ScratchObject } from './scratch-object';
import { contractTargets } from './targets';
import { type Delivery, startWebhookReceiver, type WebhookReceiver } from './webhook-receiver';
import { registerWebhook, unregisterWebhook } from './webhook-registration';
import { expectStatus, isObject, type Json, recordOf, recordsOf, sleep, waitFor } from './wire-assertions';

const SECRET = 'contract-webhook-secret';

for (const target of await contractTargets()) {
  const receiverUrl = process.env.TWENTY_WEBHOOK_RECEIVER_URL;
  const skip =
    target.skip ??
    (target.isDevhost || receiverUrl
      ? undefined
      : 'TWENTY_WEBHOOK_RECEIVER_URL not set: real Twenty cannot reach us');
  // Real Twenty delivers from a worker queue; allow it more time than devhost.
  const deliveryWaitMs = target.isDevhost ? 5000 : 30_000;

  describe(target.name, { skip }, () => {
    let receiver: WebhookReceiver;
    let obj: ScratchObject;
    const hooks: string[] = [];
    let pathSeq = 0;

    const hookAt = async (operations: (s: string) => string[], secret: string | null = SECRET) => {
      pathSeq += 1;
      const path = `/hook-${pathSeq}`;
      const hook = await registerWebhook(target, {
        targetUrl: receiver.urlFor(path),
        operations: operations(obj.nameSingular),
        description: `contract ${path}`,
        ...(secret === null ? {} : { secret }),
      });
      hooks.push(hook.id as string);
      return { path, id: hook.id as string };
    };
    const payloads = (path: string, recordId?: string) =>
      receiver
        .deliveries(path)
        .filter(
          (d) =>
            isObject(d.json) && (!recordId || (isObject(d.json.record) && d.json.record.id === recordId)),
        );
    const oneDelivery = (path: string, eventName: string, recordId: string): Promise<Delivery> =>
      waitFor(
        `${eventName} of ${recordId} at ${path}`,
        () => payloads(path, recordId).find((d) => (d.json as Json).eventName === eventName),
        deliveryWaitMs,
      );
    const createRecord = async (name: string) => {
      const res = await target.http('POST', `/rest/${obj.namePlural}`, { body: { name } });
      expectStatus(res, 201);
      return recordOf(res, `create${obj.capitalSingular}`);
    };

    before(async () => {
      receiver = await startWebhookReceiver(target.isDevhost ? undefined : receiverUrl);
      obj = await createScratchObject(target, 'ctHook', [{ type: 'NUMBER', name: 'floor' }]);
    });
    after(async () => {
      for (const id of hooks) await unregisterWebhook(target, id);
      await obj?.remove();
      await receiver?.close();
    });

    describe('C17 events and payload', () => {
      it('posts created with eventName, objectMetadata, workspaceId, webhookId, eventDate and record', async () => {
        const hook = await hookAt((s) => [`${s}.created`]);
        const record = await createRecord('Лот 7');
        const payload = (await oneDelivery(hook.path, `${obj.nameSingular}.created`, record.id as string))
          .json as Json;
        assert.equal(payload.eventName, `${obj.nameSingular}.created`);
        assert.deepEqual(payload.objectMetadata, { id: obj.id, nameSingular: obj.nameSingular });
        assert.equal(typeof payload.workspaceId, 'string');
        if (target.workspaceId) assert.equal(payload.workspaceId, target.workspaceId);
        assert.equal(payload.webhookId, hook.id);
        assert.equal(payload.targetUrl, receiver.urlFor(hook.path));
        assert.ok(!Number.isNaN(Date.parse(payload.eventDate as string)), 'eventDate is a date');
        assert.ok(isObject(payload.record));
        assert.equal(payload.record.name, 'Лот 7');
        assert.equal(payload.updatedFields, undefined, 'updatedFields only on updates');
        assert.equal(payload.secret, undefined, 'the secret is never in the body');
      });

      it('posts updated with the record after the change and updatedFields', async () => {
        const hook = await hookAt((s) => [`${s}.updated`]);
        const record = await createRecord('before');
        const res = await target.http('PATCH', `/rest/${obj.namePlural}/${record.id}`, {
          body: { floor: 9 },
        });
        expectStatus(res, 200);
        const payload = (await oneDelivery(hook.path, `${obj.nameSingular}.updated`, record.id as string))
          .json as Json;
        assert.equal((payload.record as Json).floor, 9);
        assert.ok(Array.isArray(payload.updatedFields), 'updatedFields is an array');
        assert.ok((payload.updatedFields as string[]).includes('floor'));
        assert.ok(!(payload.updatedFields as string[]).includes('name'), 'unchanged fields are not listed');
      });

      it('posts deleted, restored and destroyed for soft delete, restore and destroy', async () => {
        const hook = await hookAt((s) => [`${s}.*`]);
        const record = await createRecord('short-lived');
        const id = record.id as string;
        const s = obj.nameSingular;
        expectStatus(
          await target.http('DELETE', `/rest/${obj.namePlural}/${id}`, { query: { soft_delete: 'true' } }),
          200,
        );
        await oneDelivery(hook.path, `${s}.deleted`, id);
        let restore = await target.http('PATCH', `/rest/${obj.namePlural}/${id}/restore`);
        if (restore.status !== 200)
          restore = await target.http('PATCH', `/rest/restore/${obj.namePlural}/${id}`);
        expectStatus(restore, 200);
        await oneDelivery(hook.path, `${s}.restored`, id);
        expectStatus(await target.http('DELETE', `/rest/${obj.namePlural}/${id}`), 200);
        const destroyed = (await oneDelivery(hook.path, `${s}.destroyed`, id)).json as Json;
        assert.equal((destroyed.record as Json).name, 'short-lived', 'a destroy sends the record before it');
      });

      it('posts once per record for a batch', async () => {
        const hook = await hookAt((s) => [`${s}.created`]);
        const res = await target.http('POST', `/rest/batch/${obj.namePlural}`, {
          body: [{ name: 'b1' }, { name: 'b2' }, { name: 'b3' }],
        });
        expectStatus(res, 201);
        const ids = recordsOf(res, `create${obj.capitalPlural}`).map((r) => r.id as string);
        for (const id of ids) await oneDelivery(hook.path, `${obj.nameSingular}.created`, id);
        await sleep(300);
        assert.equal(payloads(hook.path).length, 3, 'exactly one POST per record');
      });

      it('fires only webhooks whose operations name the event or a * form of it', async () => {
        const s = obj.nameSingular;
        const exact = await hookAt(() => [`${s}.created`]);
        const anyObject = await hookAt(() => ['*.created']);
        const anyAction = await hookAt(() => [`${s}.*`]);
        const everything = await hookAt(() => ['*.*']);
        const otherAction = await hookAt(() => [`${s}.updated`]);
        const otherObject = await hookAt(() => ['company.created']);
        const record = await createRecord('matching');
        for (const hook of [exact, anyObject, anyAction, everything]) {
          await oneDelivery(hook.path, `${s}.created`, record.id as string);
        }
        await sleep(500);
        assert.equal(payloads(otherAction.path, record.id as string).length, 0);
        assert.equal(payloads(otherObject.path, record.id as string).length, 0);
      });
    });

    describe('C18 signature', () => {
      it('signs with the hex HMAC-SHA256 of timestamp, colon, raw body and sends a 32-hex nonce', async () => {
        const hook = await hookAt((s) => [`${s}.created`]);
        const before = Date.now();
        const record = await createRecord('signed');
        const delivery = await oneDelivery(hook.path, `${obj.nameSingular}.created`, record.id as string);
        const timestamp = delivery.headers['x-twenty-webhook-timestamp'];
        const signature = delivery.headers['x-twenty-webhook-signature'];
        const nonce = delivery.headers['x-twenty-webhook-nonce'];
        assert.equal(typeof timestamp, 'string');
        assert.match(timestamp as string, /^\d{13}$/, 'milliseconds since the epoch');
        assert.ok(Math.abs(Number(timestamp) - before) < 60_000, 'timestamp is now');
        const expected = createHmac('sha256', SECRET)
          .update(`${timestamp}:${delivery.rawBody}`)
          .digest('hex');
        assert.equal(signature, expected);
        assert.match(nonce as string, /^[0-9a-f]{32}$/);
        assert.match(String(delivery.headers['content-type']), /application\/json/);
      });

      it('sends a new nonce with every delivery', async () => {
        const hook = await hookAt((s) => [`${s}.created`]);
        const a = await createRecord('n1');
        const b = await createRecord('n2');
        const da = await oneDelivery(hook.path, `${obj.nameSingular}.created`, a.id as string);
        const db = await oneDelivery(hook.path, `${obj.nameSingular}.created`, b.id as string);
        assert.notEqual(da.headers['x-twenty-webhook-nonce'], db.headers['x-twenty-webhook-nonce']);
      });

      it('sends no signature headers when the webhook has no secret', async () => {
        const hook = await hookAt((s) => [`${s}.created`], null);
        const record = await createRecord('unsigned');
        const delivery = await oneDelivery(hook.path, `${obj.nameSingular}.created`, record.id as string);
        for (const header of [
          'x-twenty-webhook-signature',
          'x-twenty-webhook-timestamp',
          'x-twenty-webhook-nonce',
        ]) {
          assert.equal(delivery.headers[header], undefined, `${header} sent without a secret`);
        }
      });
    });

    describe('C19 delivery', () => {
      it('answers the API call before a slow receiver has finished', async () => {
        const hook = await hookAt((s) => [`${s}.created`]);
        receiver.behave(hook.path, { delayMs: 2000 });
        const res = await target.http('POST', `/rest/${obj.namePlural}`, { body: { name: 'async' } });
        expectStatus(res, 201);
        const answeredApiAt = Date.now();
        assert.ok(res.elapsedMs < 1500, `the API waited ${Math.round(res.elapsedMs)} ms for the receiver`);
        const id = recordOf(res, `create${obj.capitalSingular}`).id as string;
        const delivery = await oneDelivery(hook.path, `${obj.nameSingular}.created`, id);
        await waitFor('the slow receiver to answer', () => delivery.answeredAt, deliveryWaitMs);
        assert.ok(
          (delivery.answeredAt as number) > answeredApiAt,
          'the receiver finished after the API answered',
        );
      });

      it('does not retry a delivery the receiver answered with 500', async () => {
        const hook = await hookAt((s) => [`${s}.created`]);
        receiver.behave(hook.path, { status: 500 });
        const record = await createRecord('failing receiver');
        await oneDelivery(hook.path, `${obj.nameSingular}.created`, record.id as string);
        await sleep(target.isDevhost ? 3000 : 20_000);
        assert.equal(payloads(hook.path, record.id as string).length, 1, 'the failed delivery was retried');
      });
    });
  });
}
