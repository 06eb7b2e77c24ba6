/**
 * Registering webhooks at /rest/metadata/webhooks (C16). The contract fixes the
 * paths and the body, not the envelope: newest Twenty answers the bare entity,
 * other generations wrap it in `data` — both are read here.
 */
import assert from 'node:assert/strict';
import type { ContractTarget, HttpResponse } from './targets';
import { describeResponse, expectStatus, isObject, type Json } from './wire-assertions';

export interface WebhookBody {
  targetUrl: string;
  operations: string[];
  description?: string;
  secret?: string;
}

/** The webhook entity in a create/get/update answer, bare or under `data` (any key). */
export function webhookOf(res: HttpResponse): Json {
  const body = res.body;
  assert.ok(isObject(body), `webhook answer is not an object: ${describeResponse(res)}`);
  if (typeof body.id === 'string') return body;
  const data = body.data;
  if (isObject(data)) {
    if (typeof data.id === 'string') return data;
    const inner = Object.values(data).find((v) => isObject(v) && typeof v.id === 'string');
    if (isObject(inner)) return inner;
  }
  assert.fail(`no webhook entity in the answer: ${describeResponse(res)}`);
}

/** The webhooks of a list answer: `data: [...]` (newest) or `data: { webhooks: [...] }`. */
export function webhooksOf(res: HttpResponse): Json[] {
  expectStatus(res, 200);
  const body = res.body;
  assert.ok(isObject(body), `webhook list is not an object: ${describeResponse(res)}`);
  const data = body.data;
  const list = Array.isArray(data) ? data : isObject(data) ? data.webhooks : undefined;
  assert.ok(Array.isArray(list), `no webhook array in the list answer: ${describeResponse(res)}`);
  return list as Json[];
}

export async function registerWebhook(target: ContractTarget, body: WebhookBody): Promise<Json> {
  const res = await target.http('POST', '/rest/metadata/webhooks', { body });
  expectStatus(res, [200, 201]);
  const hook = webhookOf(res);
  assert.equal(typeof hook.id, 'string');
  return hook;
}

export async function unregisterWebhook(target: ContractTarget, id: string): Promise<void> {
  try {
    await target.http('DELETE', `/rest/metadata/webhooks/${id}`);
  } catch (error) {
    console.error(`[contract] could not delete webhook ${id}:`, error);
  }
}
