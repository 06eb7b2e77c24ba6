/**
 * The change feed as a partner hears it, over real HTTP: an agency's live
 * chessboard (GET /api/chessboard/stream with its bearer token) is told about
 * the units of its scope that change — including one that leaves the scope,
 * once — and never about a unit outside it, not even as a removed id.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type AgenciesApp, buildingId, startAgenciesApp, unitId } from '../../agencies/agencies-app';

let app: AgenciesApp;

/** «Этажи-Партнёр» sees flats and storage rooms of «Северный парк» while FREE or RESERVED. */
const BUILDING = buildingId('SEVERNY', '1');
const FREE_FLAT = unitId('SEVERNY', '1', 1, 0);
const FREE_STORAGE = unitId('SEVERNY', '1', 2, 2);
const PARKING = unitId('SEVERNY', '1', 1, 3);
const SOLD_FLAT = unitId('SEVERNY', '1', 2, 1);

interface UnitsEvent {
  units: { id: string }[];
  removed: string[];
}

async function openStream(token: string) {
  const controller = new AbortController();
  const res = await fetch(`${app.url}/api/chessboard/stream?buildingId=${BUILDING}`, {
    headers: { authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  assert.equal(res.status, 200, await (res.status === 200 ? '' : res.text()));
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    events(): UnitsEvent[] {
      return [...buffer.matchAll(/event: units\ndata: (.*)\n/g)].map((m) => JSON.parse(m[1] ?? '{}'));
    },
    async until(pattern: RegExp, timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs;
      while (!pattern.test(buffer)) {
        const left = until - Date.now();
        if (left <= 0) throw new Error(`no ${pattern} within ${timeoutMs} ms; got: ${buffer}`);
        const chunk = await Promise.race([
          reader.read(),
          new Promise<undefined>((r) => setTimeout(() => r(undefined), left)),
        ]);
        if (chunk?.value) buffer += decoder.decode(chunk.value, { stream: true });
      }
    },
    async close() {
      controller.abort();
      await reader.cancel().catch(() => undefined);
    },
  };
}

const mentioned = (events: UnitsEvent[], id: string) =>
  events.some((e) => e.units.some((u) => u.id === id) || e.removed.includes(id));

describe('the change feed through the principal’s row rule', () => {
  before(async () => {
    app = await startAgenciesApp({ name: 'change-feed-principal' });
  });
  after(async () => {
    await app?.close();
  });

  it('a partner’s live board hears of its own units, never of units outside its scope', async () => {
    const stream = await openStream(await app.token('anna@etazhi.demo'));
    try {
      await stream.until(/event: ready/, 5_000);
      await new Promise((r) => setTimeout(r, 1_000)); // the feed's first poll learns the mark
      // Outside the scope: a parking space, and a sold flat.
      await app.twentyRest('PATCH', `/rest/units/${PARKING}`, { floor: -2 });
      await app.twentyRest('PATCH', `/rest/units/${SOLD_FLAT}`, { floor: 3 });
      // Inside: a free flat changes; a free storage room is sold (leaves the scope).
      await app.twentyRest('PATCH', `/rest/units/${FREE_FLAT}`, { floor: 3 });
      await stream.until(new RegExp(`"id":"${FREE_FLAT}"`));
      await app.twentyRest('PATCH', `/rest/units/${FREE_STORAGE}`, { status: 'SOLD' });
      await stream.until(new RegExp(`"removed":\\[[^\\]]*"${FREE_STORAGE}"`));
      // One more change inside, so anything the outside changes could have caused has arrived.
      await app.twentyRest('PATCH', `/rest/units/${FREE_FLAT}`, { floor: 4 });
      await stream.until(new RegExp(`"floor":4[^}]*"id":"${FREE_FLAT}"|"id":"${FREE_FLAT}"[^}]*"floor":4`));
      const events = stream.events();
      assert.ok(mentioned(events, FREE_FLAT));
      assert.equal(mentioned(events, PARKING), false, 'a parking space is outside the agency’s kinds');
      assert.equal(mentioned(events, SOLD_FLAT), false, 'a sold flat is outside the agency’s statuses');
      // Once out of the scope, the storage room is not heard of again.
      const heardOfStorage = events.filter((e) => mentioned([e], FREE_STORAGE)).length;
      await app.twentyRest('PATCH', `/rest/units/${FREE_STORAGE}`, { floor: 4 });
      await app.twentyRest('PATCH', `/rest/units/${FREE_FLAT}`, { floor: 5 });
      await stream.until(new RegExp(`"floor":5[^}]*"id":"${FREE_FLAT}"|"id":"${FREE_FLAT}"[^}]*"floor":5`));
      assert.equal(stream.events().filter((e) => mentioned([e], FREE_STORAGE)).length, heardOfStorage);
    } finally {
      await stream.close();
    }
  });
});
