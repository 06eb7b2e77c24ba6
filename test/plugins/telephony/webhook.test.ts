/**
 * The PBX webhook end to end (issue 24), through the app's HTTP server, devhost and the read model:
 * recorded-format Mango and Zadarma events replayed through `/webhooks/telephony/:provider`; an
 * operator's open stream gets the screen pop with the client's card (their contract and unit) the
 * moment the call appears, and the card is written to Twenty; a missed call nobody had open
 * becomes one callback task for the client (not two on a second run or a repeated event); an
 * unknown number pops the new-client form and the form creates the person; notes and outcome are
 * saved; click-to-call reaches a local fake of Mango's API in its format; forged or unsigned
 * events are refused (401) and change nothing; Zadarma's URL check is echoed.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { auctionsPlugin } from '../../../plugins/auctions/index';
import { dataAccessOf } from '../../../plugins/core/access/index';
import { issueStaffToken } from '../../../plugins/core/auth/staff-token';
import { readModelView } from '../../../plugins/core/read-model/index';
import { paymentsPlugin } from '../../../plugins/payments/index';
import { registryPlugin } from '../../../plugins/registry/index';
import { recordEvent } from '../../../plugins/telephony/inbox';
import {
  phoneCallId,
  syncPendingCalls,
  telephonyPlugin,
  zadarmaSign,
} from '../../../plugins/telephony/index';
import { mangoEvent, mangoSign } from '../../../plugins/telephony/rules/mango';
import { type AppStack, startAppStack } from '../../support/app-stack';
import { waitFor } from '../../support/wait';

// biome-ignore lint/suspicious/noExplicitAny: the API's JSON answers, checked field by field below
type Json = any;

const MANGO = { apiKey: 'test-vpbx-key', apiSalt: 'test-vpbx-salt' };
const ZADARMA = { key: 'test-zd-key', secret: 'test-zd-secret' };
const OPERATOR = randomUUID();
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../fixtures/telephony/${name}`, import.meta.url), 'utf8'));

let stack: AppStack;
let token: string;
let fake: Server;
const mangoCommands: Array<{ path: string; form: URLSearchParams }> = [];
const clientId = randomUUID();
const buyerUnitId = randomUUID();

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${stack.server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : text };
}

async function postForm(path: string, form: URLSearchParams, headers: Record<string, string> = {}) {
  const res = await fetch(`${stack.server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: form.toString(),
  });
  const text = await res.text();
  return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : text };
}

const mangoPost = (path: string, json: string) =>
  postForm(
    `/webhooks/telephony/mango/${path}`,
    new URLSearchParams({
      vpbx_api_key: MANGO.apiKey,
      sign: mangoSign(MANGO.apiKey, json, MANGO.apiSalt),
      json,
    }),
  );

function zadarmaPost(fields: Record<string, string>) {
  const form = new URLSearchParams(fields);
  const signed =
    fields.event === 'NOTIFY_OUT_START' || fields.event === 'NOTIFY_OUT_END'
      ? `${fields.internal}${fields.destination}${fields.call_start}`
      : `${fields.caller_id}${fields.called_did ?? fields.destination ?? ''}${fields.call_start}`;
  return postForm('/webhooks/telephony/zadarma', form, { Signature: zadarmaSign(signed, ZADARMA.secret) });
}

/** An operator's live stream: the parsed `call` events as they come. */
function openStream(as = token) {
  const controller = new AbortController();
  const events: Json[] = [];
  const ready = (async () => {
    const res = await fetch(`${stack.server.url}/api/telephony/stream`, {
      headers: { authorization: `Bearer ${as}`, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    assert.equal(res.status, 200);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    let opened: (() => void) | undefined;
    const open = new Promise<void>((resolve) => {
      opened = resolve;
    });
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let cut = buffer.indexOf('\n\n');
          while (cut >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            if (block.includes('event: ready')) opened?.();
            const data = block.split('\n').find((l) => l.startsWith('data: '));
            if (block.includes('event: call') && data) events.push(JSON.parse(data.slice(6)));
            cut = buffer.indexOf('\n\n');
          }
        }
      } catch {
        // aborted
      }
    })();
    await open;
  })();
  return { events, ready, close: () => controller.abort() };
}

const inReadModel = (object: string, where: string, params: unknown[]) =>
  stack.runtime.store.sql
    .query(`select id::text as id from ${readModelView(object)} where ${where}`, params)
    .then((r) => (r.rows.length > 0 ? r.rows : undefined));

before(async () => {
  fake = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      if (req.url?.startsWith('/zd/v1/pbx/record/request/')) {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(
            '{"status":"success","link":"https://api.zadarma.com/rec/bench.mp3","lifetime_till":"2026-12-31 23:59:59"}',
          );
        return;
      }
      mangoCommands.push({ path: req.url ?? '', form: new URLSearchParams(body) });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"result":1000}');
    });
  });
  await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
  Object.assign(process.env, {
    TELEPHONY_MANGO_API_KEY: MANGO.apiKey,
    TELEPHONY_MANGO_API_SALT: MANGO.apiSalt,
    TELEPHONY_MANGO_API_URL: `http://127.0.0.1:${(fake.address() as AddressInfo).port}/vpbx/`,
    TELEPHONY_ZADARMA_KEY: ZADARMA.key,
    TELEPHONY_ZADARMA_SECRET: ZADARMA.secret,
    TELEPHONY_ZADARMA_API_URL: `http://127.0.0.1:${(fake.address() as AddressInfo).port}/zd`,
    TELEPHONY_OPERATORS: `102=${OPERATOR}`,
  });
  stack = await startAppStack({
    name: 'telephony',
    plugins: [registryPlugin, auctionsPlugin, paymentsPlugin, telephonyPlugin],
    webhook: true,
    rateLimit: { requestsPerMinute: 6000, requestsPerSecond: 100 },
    devhostRequestsPerMinute: 6000,
  });
  token = issueStaffToken(
    { memberId: OPERATOR, email: 'operator@realty.test', role: 'callcenter' },
    { secret: stack.staffSecret, ttl: '10m' },
  );
  const twenty = stack.runtime.twenty;
  // The client: stored as Twenty keeps numbers (national number + calling code), with a contract for a unit.
  await twenty.records('person').create({
    id: clientId,
    name: { firstName: 'Анна', lastName: 'Кузнецова' },
    phones: {
      primaryPhoneNumber: '9161230001',
      primaryPhoneCountryCode: 'RU',
      primaryPhoneCallingCode: '+7',
      additionalPhones: null,
    },
  });
  await twenty.records('person').create({
    name: { firstName: 'Пётр', lastName: 'Лебедев' },
    phones: {
      primaryPhoneNumber: '+79161230002',
      primaryPhoneCountryCode: 'RU',
      primaryPhoneCallingCode: '+7',
      additionalPhones: null,
    },
  });
  const complex = await twenty.records('residentialComplex').create({ name: 'ЖК Тестовый' });
  const building = await twenty.records('building').create({ name: 'Корпус 1', complexId: complex.id });
  await twenty
    .records('unit')
    .create({ id: buyerUnitId, number: '105', buildingId: building.id, status: 'SOLD', kind: 'FLAT' });
  await twenty
    .records('saleContract')
    .create({ number: 'ДКП-77', buyerId: clientId, unitId: buyerUnitId, status: 'SIGNED' });
  await waitFor(
    'the client and the contract in the read model',
    async () =>
      (await inReadModel('saleContract', 'buyer_id = $1', [clientId])) &&
      (await inReadModel('person', 'id = $1', [clientId])),
  );
});

after(async () => {
  await stack?.close();
  await new Promise<void>((resolve) => fake?.close(() => resolve()));
});

describe('the PBX webhook', () => {
  it('answers Zadarma’s URL check with the zd_echo value', async () => {
    const res = await fetch(`${stack.server.url}/webhooks/telephony/zadarma?zd_echo=Zd1a2b3c`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'Zd1a2b3c');
  });

  it('refuses forged and unsigned events with 401 and keeps nothing', async () => {
    const json =
      '{"entry_id":"forged-1","call_id":"c","seq":1,"call_state":"Appeared","from":{"number":"79160000000"},"to":{"extension":"101"}}';
    const forged = await postForm(
      '/webhooks/telephony/mango/events/call',
      new URLSearchParams({
        vpbx_api_key: MANGO.apiKey,
        sign: mangoSign(MANGO.apiKey, json, 'wrong-salt'),
        json,
      }),
    );
    assert.equal(forged.status, 401);
    assert.match(forged.body.message, /не подписан/);
    const unsigned = await postForm(
      '/webhooks/telephony/mango/events/call',
      new URLSearchParams({ vpbx_api_key: MANGO.apiKey, json }),
    );
    assert.equal(unsigned.status, 401);
    const zd = await postForm(
      '/webhooks/telephony/zadarma',
      new URLSearchParams({
        event: 'NOTIFY_START',
        pbx_call_id: 'forged-2',
        caller_id: '79160000000',
        called_did: '74951234567',
        call_start: '2024-12-07 11:40:00',
      }),
      { Signature: zadarmaSign('79160000000', ZADARMA.secret) },
    );
    assert.equal(zd.status, 401);
    const empty = await fetch(`${stack.server.url}/webhooks/telephony/mango/events/call`, { method: 'POST' });
    assert.equal(empty.status, 401, 'an empty POST is unsigned');
    assert.equal(
      (await postForm('/webhooks/telephony/asterisk', new URLSearchParams({ a: '1' }))).status,
      404,
    );
    const kept = await stack.runtime.store.sql.query(
      "select count(*)::int as n from telephony_events where call_id like 'forged-%'",
    );
    assert.equal(kept.rows[0]?.n, 0);
  });

  it('pops the client’s card on the operator’s open page and writes the call card (Mango, answered)', async () => {
    const stream = openStream();
    await stream.ready;
    const events = fixture('mango-answered.json').events as Array<{ path: string; json: string }>;
    const [ivr, ringing, ...rest] = events;
    assert.equal((await mangoPost(ivr?.path ?? '', ivr?.json ?? '')).status, 200);
    assert.equal((await mangoPost(ringing?.path ?? '', ringing?.json ?? '')).status, 200);
    const pop = await waitFor('the screen pop', () => stream.events.find((e) => e.client));
    assert.equal(pop.phase, 'ringing');
    assert.equal(pop.phoneText, '+7 916 123-00-01');
    assert.equal(pop.client.person.name, 'Кузнецова Анна');
    assert.deepEqual(
      pop.client.contracts.map((c: Json) => [c.number, c.unit]),
      [['ДКП-77', '№ 105, Корпус 1']],
    );
    assert.deepEqual(
      pop.client.units.map((u: Json) => u.number),
      ['105'],
    );
    for (const e of rest) assert.equal((await mangoPost(e.path, e.json)).status, 200);
    // A repeated delivery is kept once.
    assert.equal((await mangoPost(events[5]?.path ?? '', events[5]?.json ?? '')).status, 200);
    const id = phoneCallId('mango', 'MTAzNDU2Nzg5MA==');
    const card = await waitFor('the call card in Twenty', async () => {
      const c = await stack.runtime.twenty
        .records('phoneCall')
        .get(id)
        .catch(() => undefined);
      return c?.status === 'ANSWERED' ? c : undefined;
    });
    assert.equal(card.personId, clientId);
    assert.equal(card.fromNumber, '+79161230001');
    assert.equal(card.toNumber, '+74951234567');
    assert.equal(card.durationSeconds, 180);
    assert.equal(card.direction, 'INCOMING');
    assert.equal(card.provider, 'mango');
    const ended = await waitFor('the pop saying the call ended', () =>
      stream.events.find((e) => e.phase === 'ended'),
    );
    assert.equal(ended.statusRu, 'Принят');
    stream.close();
    const kept = await stack.runtime.store.sql.query(
      "select count(*)::int as n from telephony_events where call_id = 'MTAzNDU2Nzg5MA=='",
    );
    assert.equal(kept.rows[0]?.n, 6);
  });

  it('turns a missed call nobody had open into one callback task for the client (Zadarma)', async () => {
    for (const e of fixture('zadarma-missed.json').events) assert.equal((await zadarmaPost(e)).status, 200);
    await zadarmaPost(fixture('zadarma-missed.json').events[2]);
    const context = stack.runtime.contextFor('telephony');
    assert.deepEqual(await syncPendingCalls(context), { synced: 1, failed: 0 });
    assert.deepEqual(
      await syncPendingCalls(context),
      { synced: 0, failed: 0 },
      'a second run writes nothing',
    );
    const id = phoneCallId('zadarma', 'in_5b2b3c4d5e6f7a8b9c0d');
    const card = await stack.runtime.twenty.records('phoneCall').get(id);
    assert.equal(card.status, 'MISSED');
    assert.equal(card.fromNumber, '+79161230002');
    const tasks = await stack.runtime.twenty
      .records('task')
      .list({ filter: 'title[like]:"%+7 916 123-00-02%"', limit: 10 });
    assert.equal(tasks.records.length, 1);
    assert.match(String(tasks.records[0]?.title), /Перезвонить/);
    const targets = await stack.runtime.twenty
      .records('taskTarget')
      .list({ filter: `taskId[eq]:${tasks.records[0]?.id}`, limit: 10 });
    assert.equal(targets.records.length, 1);
    const person = await stack.runtime.twenty.records('person').get(String(targets.records[0]?.personId));
    assert.equal((person.name as Json).lastName, 'Лебедев');
  });

  it('links a recorded Zadarma call’s recording through our route (a fresh provider link on each click)', async () => {
    const call = {
      pbx_call_id: 'in_recorded_1',
      caller_id: '79161230001',
      called_did: '74951234567',
      call_start: '2024-12-07 12:00:00',
    };
    await zadarmaPost({ event: 'NOTIFY_START', ...call });
    await zadarmaPost({ event: 'NOTIFY_ANSWER', ...call, destination: '74951234567', internal: '101' });
    await zadarmaPost({
      event: 'NOTIFY_END',
      ...call,
      internal: '101',
      duration: '64',
      disposition: 'answered',
      status_code: '16',
      is_recorded: '1',
      call_id_with_rec: '1733562000.123456',
    });
    await syncPendingCalls(stack.runtime.contextFor('telephony'));
    const id = phoneCallId('zadarma', 'in_recorded_1');
    const card = await stack.runtime.twenty.records('phoneCall').get(id);
    assert.equal(card.status, 'ANSWERED');
    assert.equal(card.durationSeconds, 64);
    const link = (card.recordingUrl as Json).primaryLinkUrl as string;
    assert.match(link, new RegExp(`/api/telephony/calls/${id}/recording$`));
    const res = await fetch(`${stack.server.url}/api/telephony/calls/${id}/recording`, {
      headers: { authorization: `Bearer ${token}` },
      redirect: 'manual',
    });
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), 'https://api.zadarma.com/rec/bench.mp3');
  });

  it('pops a new-client form for an unknown number; the form creates the person and links the call', async () => {
    const stream = openStream();
    await stream.ready;
    const json = JSON.stringify({
      entry_id: 'unknown-1',
      call_id: 'u1',
      timestamp: 1733561000,
      seq: 1,
      call_state: 'Appeared',
      location: 'abonent',
      from: { number: '79035550011' },
      to: { extension: '101', line_number: '74951234567' },
    });
    await mangoPost('events/call', json);
    const pop = await waitFor('the new-client pop', () =>
      stream.events.find((e) => e.callId === phoneCallId('mango', 'unknown-1')),
    );
    stream.close();
    assert.equal(pop.client, null);
    assert.equal(pop.newClient.phoneText, '+7 903 555-00-11');
    const bad = await api('POST', '/api/telephony/clients', {
      firstName: 'Олег',
      phone: '12345',
      callId: pop.callId,
    });
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /Телефон.*не номер телефона/);
    const made = await api('POST', '/api/telephony/clients', {
      firstName: 'Олег',
      lastName: 'Новиков',
      phone: pop.newClient.phoneText,
      callId: pop.callId,
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const person = await stack.runtime.twenty.records('person').get(made.body.id);
    assert.equal((person.phones as Json).primaryPhoneNumber, '9035550011');
    const card = await stack.runtime.twenty.records('phoneCall').get(pop.callId);
    assert.equal(card.personId, made.body.id);
  });

  it('pops a call the PBX rings at an operator’s extension on that operator’s page only', async () => {
    const colleague = issueStaffToken(
      { memberId: randomUUID(), email: 'colleague@realty.test', role: 'callcenter' },
      { secret: stack.staffSecret, ttl: '10m' },
    );
    const mine = openStream();
    const theirs = openStream(colleague);
    await Promise.all([mine.ready, theirs.ready]);
    const ring = (entry: string, extension: string) =>
      mangoPost(
        'events/call',
        JSON.stringify({
          entry_id: entry,
          call_id: `${entry}:1`,
          timestamp: 1733563000,
          seq: 1,
          call_state: 'Appeared',
          location: 'abonent',
          from: { number: '79161230001' },
          to: { extension },
        }),
      );
    await ring('targeted-1', '102');
    await waitFor('the pop on the operator’s page', () =>
      mine.events.find((e) => e.callId === phoneCallId('mango', 'targeted-1')),
    );
    // A call naming no known extension reaches everyone; by the time the colleague has it, the
    // first would have arrived too.
    await ring('everyone-1', '101');
    await waitFor('the shared pop on the colleague’s page', () =>
      theirs.events.find((e) => e.callId === phoneCallId('mango', 'everyone-1')),
    );
    mine.close();
    theirs.close();
    assert.equal(theirs.events.filter((e) => e.callId === phoneCallId('mango', 'targeted-1')).length, 0);
  });

  it('brings a call another instance took to the open page (the stream also reads the calls table)', async () => {
    const stream = openStream();
    await stream.ready;
    const json = JSON.stringify({
      entry_id: 'other-instance-1',
      call_id: 'o1',
      timestamp: 1733562000,
      seq: 1,
      call_state: 'Appeared',
      location: 'abonent',
      from: { number: '79161230001' },
      to: { extension: '101' },
    });
    const event = mangoEvent('events/call', json, new Date().toISOString());
    assert.ok(event);
    // Kept by "another instance": into the shared store, not onto this process's bus.
    await recordEvent(
      dataAccessOf(stack.runtime.contextFor('telephony'), 'telephony').storage,
      event,
      new Date(),
    );
    const pop = await waitFor('the pop from the calls table', () =>
      stream.events.find((e) => e.callId === phoneCallId('mango', 'other-instance-1')),
    );
    stream.close();
    assert.equal(pop.client.person.name, 'Кузнецова Анна');
  });

  it('saves the operator’s notes and outcome, refusing an outcome not on the list', async () => {
    const id = phoneCallId('mango', 'MTAzNDU2Nzg5MA==');
    const saved = await api('PATCH', `/api/telephony/calls/${id}`, {
      notes: 'Уточнить график платежей',
      outcome: 'CONSULTATION',
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    const card = await stack.runtime.twenty.records('phoneCall').get(id);
    assert.equal(card.notes, 'Уточнить график платежей');
    assert.equal(card.outcome, 'CONSULTATION');
    const bad = await api('PATCH', `/api/telephony/calls/${id}`, { outcome: 'SOLD_EVERYTHING' });
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /Результат/);
  });

  it('places a click-to-call through Mango’s callback command, signed, from the operator’s extension', async () => {
    const placed = await api('POST', '/api/telephony/originate', { phone: '8 (916) 123-00-01' });
    assert.equal(placed.status, 200, JSON.stringify(placed.body));
    assert.match(placed.body.message, /102.*\+7 916 123-00-01/);
    const command = mangoCommands.at(-1);
    assert.equal(command?.path, '/vpbx/commands/callback');
    const json = command?.form.get('json') ?? '';
    assert.equal(command?.form.get('sign'), mangoSign(MANGO.apiKey, json, MANGO.apiSalt));
    assert.deepEqual(
      { ...JSON.parse(json), command_id: 'x' },
      { command_id: 'x', from: { extension: '102' }, to_number: '79161230001' },
    );
    const bad = await api('POST', '/api/telephony/originate', { phone: 'позвони мне' });
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /не номер телефона/);
    const other = issueStaffToken(
      { memberId: randomUUID(), email: 'x@realty.test', role: 'callcenter' },
      { secret: stack.staffSecret, ttl: '10m' },
    );
    const noExtension = await fetch(`${stack.server.url}/api/telephony/originate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${other}`, 'content-type': 'application/json' },
      body: JSON.stringify({ phone: '+79161230001' }),
    });
    assert.equal(noExtension.status, 409);
  });

  it('lists calls on /calls for the call center, with a status filter', async () => {
    await waitFor('the calls in the read model', () => inReadModel('phoneCall', "status = 'MISSED'", []));
    const page = await fetch(`${stack.server.url}/calls?status=MISSED`, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/html' },
    });
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /Лебедев Пётр/);
    assert.doesNotMatch(html, /Кузнецова Анна/);
    const bad = await fetch(`${stack.server.url}/calls?from=2024-13-45`, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/html' },
    });
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /С даты/);
  });
});
