/**
 * Assertions on Twenty's wire format shared by the contract files. Failures
 * print the method-independent facts a devhost engineer needs: status and body.
 */
import assert from 'node:assert/strict';
import type { HttpResponse } from './targets';

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describeResponse(res: HttpResponse): string {
  return `HTTP ${res.status}: ${res.text.slice(0, 600)}`;
}

export function expectStatus(res: HttpResponse, status: number | number[]): void {
  const allowed = Array.isArray(status) ? status : [status];
  assert.ok(allowed.includes(res.status), `expected HTTP ${allowed.join('|')}, got ${describeResponse(res)}`);
}

const ERROR_NAME_BY_STATUS: Record<number, string> = {
  400: 'BadRequestException',
  401: 'UnauthorizedException',
  403: 'ForbiddenException',
  404: 'NotFoundException',
};

/**
 * C12: `{ statusCode, error, messages: [string] }`. `fragment` must appear in one
 * of the messages (case-sensitive, since clients match on Twenty's wording).
 */
export function expectTwentyError(res: HttpResponse, status: number, fragment?: string | RegExp): string[] {
  expectStatus(res, status);
  assert.ok(isObject(res.body), `error body is not a JSON object: ${describeResponse(res)}`);
  const body = res.body;
  assert.equal(body.statusCode, status, `statusCode in the body: ${describeResponse(res)}`);
  assert.equal(typeof body.error, 'string', `error name missing: ${describeResponse(res)}`);
  const expectedName = ERROR_NAME_BY_STATUS[status];
  if (expectedName) assert.equal(body.error, expectedName, `error name: ${describeResponse(res)}`);
  assert.ok(Array.isArray(body.messages), `messages must be an array (C12): ${describeResponse(res)}`);
  const messages = body.messages as unknown[];
  assert.ok(messages.length > 0, `messages is empty: ${describeResponse(res)}`);
  for (const m of messages)
    assert.equal(typeof m, 'string', `a message is not a string: ${describeResponse(res)}`);
  if (fragment !== undefined) {
    const texts = messages as string[];
    const hit = texts.some((m) => (typeof fragment === 'string' ? m.includes(fragment) : fragment.test(m)));
    assert.ok(hit, `no message matches ${String(fragment)}: ${describeResponse(res)}`);
  }
  return messages as string[];
}

/** `data.<key>` of a success envelope, asserted to exist. */
export function dataOf(res: HttpResponse, key: string): unknown {
  assert.ok(isObject(res.body), `body is not a JSON object: ${describeResponse(res)}`);
  const data = res.body.data;
  assert.ok(isObject(data), `no data object in the envelope: ${describeResponse(res)}`);
  assert.ok(key in data, `data has no key '${key}' (keys: ${Object.keys(data).join(', ')})`);
  return data[key];
}

export function recordOf(res: HttpResponse, key: string): Json {
  const value = dataOf(res, key);
  assert.ok(isObject(value), `data.${key} is not a record: ${describeResponse(res)}`);
  return value;
}

export function recordsOf(res: HttpResponse, key: string): Json[] {
  const value = dataOf(res, key);
  assert.ok(Array.isArray(value), `data.${key} is not an array: ${describeResponse(res)}`);
  for (const item of value)
    assert.ok(isObject(item), `data.${key} holds a non-object: ${describeResponse(res)}`);
  return value as Json[];
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage?: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

/** C3 list envelope: `{ data: { <plural>: [...] }, totalCount, pageInfo }`. */
export function listOf(
  res: HttpResponse,
  plural: string,
): { records: Json[]; totalCount: number; pageInfo: PageInfo } {
  expectStatus(res, 200);
  const records = recordsOf(res, plural);
  const body = res.body as Json;
  assert.equal(typeof body.totalCount, 'number', `totalCount missing: ${describeResponse(res)}`);
  assert.ok(isObject(body.pageInfo), `pageInfo missing: ${describeResponse(res)}`);
  const pageInfo = body.pageInfo;
  assert.equal(typeof pageInfo.hasNextPage, 'boolean', `pageInfo.hasNextPage: ${describeResponse(res)}`);
  for (const cursor of ['startCursor', 'endCursor'] as const) {
    const value = pageInfo[cursor];
    assert.ok(value === null || typeof value === 'string', `pageInfo.${cursor}: ${describeResponse(res)}`);
  }
  return { records, totalCount: body.totalCount as number, pageInfo: pageInfo as unknown as PageInfo };
}

export function idsOf(records: Json[]): string[] {
  return records.map((r) => {
    assert.equal(typeof r.id, 'string', `a record without an id: ${JSON.stringify(r)}`);
    return r.id as string;
  });
}

export { sleep, waitFor } from '../support/wait';

/** A name unique to this run, valid as a Twenty metadata name (`^[a-z][a-zA-Z0-9]*$`). */
export function uniqueName(prefix: string): string {
  const suffix = Math.random()
    .toString(36)
    .slice(2, 8)
    .replace(/[^a-z0-9]/g, 'x');
  return `${prefix}${suffix.charAt(0).toUpperCase()}${suffix.slice(1)}`;
}
