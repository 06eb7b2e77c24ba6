import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Devhost, startDevhost } from '../../../../devhost/server';
import { issueStaffToken, type StaffRole } from '../../../../plugins/core/auth/index';
import { provision, provisionSucceeded } from '../../../../plugins/core/provisioning/index';
import { createRecordingLogger, openRuntime, type Runtime } from '../../../../plugins/core/runtime/index';
import { loadConfig } from '../../../../plugins/core/settings/index';
import { type AppServer, startAppServer } from '../../../../webhooks/local-server';
import { estateServedPlugin } from './estate-routes';
import { estateRecords } from './estate-store';

const ids = {
  complexA: randomUUID(),
  complexB: randomUUID(),
  buildingA: randomUUID(),
  buildingB: randomUUID(),
  unitA1: randomUUID(),
  unitA2: randomUUID(),
  unitB1: randomUUID(),
  noteA: randomUUID(),
  noteB: randomUUID(),
};

describe('plugin routes through the access layer (app server, devhost)', () => {
  let home: string;
  let devhost: Devhost;
  let runtime: Runtime;
  let server: AppServer;
  const log = createRecordingLogger();
  const staffSecret = randomBytes(32).toString('hex');
  const token = (role: StaffRole) =>
    issueStaffToken(
      { memberId: randomUUID(), email: `${role}@realty.test`, role },
      { secret: staffSecret, ttl: '10m' },
    );
  const call = async (
    method: string,
    url: string,
    options: { role?: StaffRole; json?: unknown; bytes?: Buffer; headers?: Record<string, string> } = {},
  ) => {
    const res = await fetch(`${server.url}${url}`, {
      method,
      headers: {
        ...options.headers,
        ...(options.role ? { authorization: `Bearer ${token(options.role)}` } : {}),
        ...(options.json !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.bytes ? { 'content-type': 'application/octet-stream' } : {}),
      },
      ...(options.json !== undefined ? { body: JSON.stringify(options.json) } : {}),
      ...(options.bytes ? { body: new Uint8Array(options.bytes) } : {}),
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    const text = bytes.toString('utf8');
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      text,
      bytes,
      json: () => JSON.parse(text) as Record<string, unknown>,
    };
  };

  before(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'realty-access-routes-'));
    devhost = await startDevhost({ port: 0 });
    runtime = await openRuntime({
      config: loadConfig({ REALTY_HOME: home }),
      plugins: [estateServedPlugin],
      twenty: { url: devhost.url, apiKey: devhost.apiKey },
      webhookSecret: randomBytes(24).toString('hex'),
      log,
      worker: false,
      scheduler: false,
      rateLimit: { requestsPerMinute: 6_000, requestsPerSecond: 100 },
    });
    assert.ok(provisionSucceeded(await provision({ client: runtime.twenty, plugins: [estateServedPlugin] })));
    for (const [object, record] of estateRecords(ids)) await runtime.twenty.records(object).create(record);
    await runtime.store.readModel.resync(runtime.twenty);
    // Tokens here name made-up members: the workspace membership check is tested in staff-sessions.test.ts.
    server = await startAppServer({
      runtime,
      staffSecret,
      twentyUrl: devhost.url,
      port: 0,
      memberCheck: false,
    });
  });
  after(async () => {
    await server?.close();
    await runtime?.close();
    await devhost?.close();
    await rm(home, { recursive: true, force: true });
  });

  const unitsUrl = () => `/api/estate/buildings/${ids.buildingA}/units`;

  it('answers 401 without a token and 403 for a role not listed, in the one error body', async () => {
    const anonymous = await call('GET', unitsUrl());
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.type, /application\/json/);
    assert.deepEqual(Object.keys(anonymous.json()).sort(), ['code', 'message', 'status']);
    assert.equal(anonymous.json().code, 'missing');
    const marketing = await call('GET', unitsUrl(), { role: 'marketing' });
    assert.equal(marketing.status, 403);
    assert.equal(marketing.json().code, 'role_not_allowed');
    assert.equal(
      String(marketing.json().message),
      'Роль «маркетинг» не открывает это; доступно: администратор, продажи',
    );
    const english = await call('GET', unitsUrl(), {
      role: 'marketing',
      headers: { 'accept-language': 'en' },
    });
    assert.match(String(english.json().message), /role "marketing" may not use this page; allowed: sales/);
  });

  it('serves a listed role and admin through the scoped reader', async () => {
    for (const role of ['sales', 'admin'] as const) {
      const res = await call('GET', `${unitsUrl()}?floor=3`, { role });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.json(), { units: [{ id: ids.unitA2, floor: '3', micros: null }] });
    }
  });

  it('checks params, query and body against the route’s schemas (400 naming the field)', async () => {
    const params = await call('GET', '/api/estate/buildings/not-an-id/units', { role: 'sales' });
    assert.equal(params.status, 400);
    assert.deepEqual(
      { code: params.json().code, field: params.json().field },
      { code: 'invalid_params', field: 'buildingId' },
    );
    const query = await call('GET', `${unitsUrl()}?floor=third`, { role: 'sales' });
    assert.deepEqual(
      { status: query.status, code: query.json().code, field: query.json().field },
      { status: 400, code: 'invalid_query', field: 'floor' },
    );
    const body = await call('POST', `/api/estate/units/${ids.unitA1}/floor`, {
      role: 'sales',
      json: { floor: 'high' },
    });
    assert.deepEqual(
      { status: body.status, code: body.json().code, field: body.json().field },
      { status: 400, code: 'invalid_body', field: 'floor' },
    );
    assert.equal(body.json().message, '«Новый этаж»: должно быть числом');
  });

  it('words validation errors in Russian, naming the field by its label, and in English when asked', async () => {
    const query = await call('GET', `${unitsUrl()}?floor=third`, { role: 'sales' });
    assert.equal(query.json().message, '«Этаж»: должно быть числом');
    assert.equal(query.json().field, 'floor', 'the internal key stays in `field` for programs');
    const params = await call('GET', '/api/estate/buildings/not-an-id/units', { role: 'sales' });
    assert.equal(params.json().message, '«Корпус»: должно быть идентификатором записи (UUID)');
    const english = await call('GET', `${unitsUrl()}?floor=third`, {
      role: 'sales',
      headers: { 'accept-language': 'en-US,en;q=0.9,ru;q=0.5' },
    });
    assert.deepEqual(
      { status: english.status, code: english.json().code, message: english.json().message },
      { status: 400, code: 'invalid_query', message: '"Floor": must be a number' },
    );
    const tooLow = await call('POST', `/api/estate/units/${ids.unitA1}/floor`, {
      role: 'sales',
      json: { floor: 0 },
    });
    assert.equal(tooLow.json().message, '«Новый этаж»: должно быть не меньше 1');
    const missing = await call('POST', `/api/estate/units/${ids.unitA1}/floor`, { role: 'sales', json: {} });
    assert.equal(missing.json().message, '«Новый этаж»: не заполнено');
  });

  it('answers RouteError in the language asked for, with the same code', async () => {
    const ru = await call('GET', '/api/estate/fail/route-error', { role: 'sales' });
    const en = await call('GET', '/api/estate/fail/route-error', {
      role: 'sales',
      headers: { 'accept-language': 'en' },
    });
    assert.equal(ru.json().message, 'Помещение сейчас продаётся');
    assert.equal(en.json().message, 'the unit is being sold right now');
    assert.equal(ru.json().code, en.json().code);
    const onlyRussian = await call('GET', '/api/estate/fail/missing', {
      role: 'sales',
      headers: { 'accept-language': 'en' },
    });
    assert.equal(onlyRussian.json().message, 'Нет такого помещения', 'Russian when no English was given');
  });

  it('answers a page asked with a bad query or for a missing record as a page, the problem in its banner', async () => {
    // A browser in an English locale still reads the Russian pages in Russian.
    const browser = {
      accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
      'accept-language': 'en-US,en;q=0.9',
    };
    const bad = await call('GET', '/estate/floor?floor=high', { role: 'sales', headers: browser });
    assert.equal(bad.status, 400);
    assert.match(bad.type, /text\/html/);
    assert.match(bad.text, /<nav id="nav"/, 'inside the page shell');
    assert.match(
      bad.text,
      /<div id="realty-error" class="realty-error" role="alert"><span class="realty-error-message">«Этаж»: должно быть числом<\/span>/,
    );
    assert.match(bad.text, /400 invalid_query/);
    assert.equal(bad.text.includes('{"status"'), false, 'no raw JSON');
    const missing = await call('GET', '/estate/floor?floor=2&missing=yes', { role: 'sales' });
    assert.equal(missing.status, 404);
    assert.match(missing.type, /text\/html/, 'a page route answers HTML even to */*');
    assert.match(missing.text, /Нет такого этажа/);
    const ok = await call('GET', '/estate/floor?floor=2', { role: 'sales', headers: browser });
    assert.deepEqual({ status: ok.status, text: ok.text }, { status: 200, text: '<p>этаж 2</p>' });
    const json = await call('GET', '/estate/floor?floor=high', {
      role: 'sales',
      headers: { accept: 'application/json' },
    });
    assert.deepEqual({ status: json.status, code: json.json().code }, { status: 400, code: 'invalid_query' });
    const api = await call('GET', `${unitsUrl()}?floor=third`, { role: 'sales' });
    assert.match(api.type, /application\/json/, 'an API route answers JSON');
  });

  it('answers a browser opening a page it may not see as a page: 401 to nobody signed in, 403 to another role', async () => {
    const browser = { accept: 'text/html,*/*;q=0.8' };
    const nobody = await call('GET', '/estate/floor?floor=2', { headers: browser });
    assert.equal(nobody.status, 401);
    assert.match(nobody.type, /text\/html/);
    assert.match(nobody.text, /class="realty-error-message">Войдите, чтобы открыть эту страницу</);
    assert.match(nobody.text, /Вход не выполнен/, 'the header says how to sign in');
    const marketing = await call('GET', '/estate/floor?floor=2', { role: 'marketing', headers: browser });
    assert.equal(marketing.status, 403);
    assert.match(
      marketing.text,
      /Роль «маркетинг» не открывает эту страницу; её открывают: администратор, продажи/,
    );
    assert.match(marketing.text, /who-role">маркетинг</, 'still says who is signed in');
    const program = await call('GET', '/estate/floor?floor=2', { role: 'marketing' });
    assert.deepEqual(
      { status: program.status, code: program.json().code },
      { status: 403, code: 'role_not_allowed' },
      'a program without text/html still gets the JSON refusal',
    );
  });

  it('answers a body the server cannot parse in the one error body too', async () => {
    const headers = { authorization: `Bearer ${token('sales')}` };
    const broken = await fetch(`${server.url}/api/estate/units/${ids.unitA1}/floor`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: '{"floor": ',
    });
    assert.equal(broken.status, 400);
    assert.deepEqual(
      { ...((await broken.json()) as Record<string, unknown>), message: 'm' },
      { status: 400, code: 'invalid_body', message: 'm', field: 'body' },
    );
    const text = await fetch(`${server.url}/api/estate/upload`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'text/csv' },
      body: 'a;b',
    });
    assert.equal(text.status, 415);
    assert.equal(((await text.json()) as { code: string }).code, 'unsupported_media_type');
  });

  it('writes through the scoped writer', async () => {
    const res = await call('POST', `/api/estate/units/${ids.unitA1}/floor`, {
      role: 'sales',
      json: { floor: 7 },
    });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json(), { id: ids.unitA1, floor: 7 });
    assert.equal((await runtime.twenty.records('estateUnit').get(ids.unitA1)).floor, 7);
  });

  it('hands a raw upload to the handler as bytes, and refuses a request without one', async () => {
    const res = await call('POST', '/api/estate/upload', { role: 'sales', bytes: Buffer.from('xlsx') });
    assert.deepEqual({ status: res.status, body: res.json() }, { status: 201, body: { bytes: 4 } });
    const json = await call('POST', '/api/estate/upload', { role: 'sales', json: { file: 'x' } });
    assert.deepEqual({ status: json.status, code: json.json().code }, { status: 400, code: 'invalid_body' });
  });

  it('gives handlers exactly the RouteContext (no store, no Twenty client) and anonymous callers on public routes', async () => {
    const anonymous = (await call('GET', '/api/estate/context')).json();
    assert.deepEqual(anonymous.keys, anonymous.expected);
    for (const forbidden of ['store', 'twenty', 'sql', 'config'])
      assert.equal((anonymous.keys as string[]).includes(forbidden), false);
    assert.equal(anonymous.principal, 'anonymous');
    assert.equal(anonymous.record, `${devhost.url}/object/estateUnit/x`);
    assert.equal((await call('GET', '/api/estate/context', { role: 'legal' })).json().principal, 'staff');
  });

  it('answers partner-only routes 501 until the partner gateway exists', async () => {
    const res = await call('GET', '/api/estate/partner', { role: 'admin' });
    assert.equal(res.status, 501);
    assert.equal(res.json().code, 'partner_gateway_missing');
  });

  it('maps RouteError, access refusals and unexpected errors to the one error body', async () => {
    const conflict = await call('GET', '/api/estate/fail/route-error', { role: 'sales' });
    assert.deepEqual(conflict.json(), {
      status: 409,
      code: 'estate_conflict',
      message: 'Помещение сейчас продаётся',
      field: 'status',
    });
    const undeclared = await call('GET', '/api/estate/fail/undeclared', { role: 'sales' });
    assert.equal(undeclared.status, 500);
    assert.equal(undeclared.json().code, 'access_not_declared');
    const boom = await call('GET', '/api/estate/fail/boom', { role: 'sales' });
    assert.equal(boom.status, 500);
    assert.deepEqual(Object.keys(boom.json()).sort(), ['code', 'message', 'status']);
    assert.equal(boom.json().code, 'internal_error');
    assert.match(String(boom.json().message), /подробности — в журнале сервера/);
    assert.equal(boom.text.includes('hunter2'), false, 'no internals reach the caller');
    const logged = log.lines.find(
      (l) => l.level === 'error' && (l.obj as { url?: string }).url === '/api/estate/fail/boom',
    );
    assert.ok(logged, 'the failure is logged with its route');
    assert.equal((logged.obj as { route: string }).route, 'GET /api/estate/fail/:how');
  });

  it('answers text, bytes and streams with the handler’s headers', async () => {
    const csv = await call('GET', '/api/estate/bodies/csv', { role: 'sales' });
    assert.equal(csv.type, 'text/csv; charset=utf-8');
    assert.equal(csv.text, 'a;b\n1;2\n');
    const bytes = await call('GET', '/api/estate/bodies/bytes', { role: 'sales' });
    assert.equal(bytes.type, 'application/octet-stream');
    assert.deepEqual([...bytes.bytes], [1, 2, 3]);
    const stream = await call('GET', '/api/estate/bodies/stream', { role: 'sales' });
    assert.equal(stream.text, 'потоку');
  });
});
