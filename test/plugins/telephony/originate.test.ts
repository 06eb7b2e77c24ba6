/**
 * Click-to-call against local fakes speaking the providers' formats: Zadarma's
 * `GET /v1/request/callback/?from=<extension>&to=<number>` with `Authorization: key:signature`
 * (checked here the way Zadarma checks it), Mango's refusal code, and a provider that cannot be
 * reached — each a Russian 502 the page shows.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { RouteError } from '../../../plugins/core/plugin/index';
import { originateCall } from '../../../plugins/telephony/originate';
import { zadarmaSign } from '../../../plugins/telephony/rules/zadarma';
import type { TelephonySettings } from '../../../plugins/telephony/settings';

let server: Server;
let base = '';
const seen: Array<{ url: string; authorization: string | undefined; body: string }> = [];

const settings = (over: Partial<TelephonySettings> = {}): TelephonySettings => ({
  mangoApiKey: 'mk',
  mangoApiSalt: 'ms',
  mangoApiUrl: `${base}/mango-refuses/`,
  zadarmaKey: 'zk',
  zadarmaSecret: 'zs',
  zadarmaApiUrl: `${base}/zd`,
  operators: [],
  callbackGroup: [],
  originateProvider: undefined,
  ...over,
});

before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      seen.push({ url: req.url ?? '', authorization: req.headers.authorization, body });
      if (req.url?.startsWith('/zd/v1/request/callback/')) {
        // Zadarma's check: key:base64(hex hmac_sha1(method + params + md5(params), secret)).
        const query = (req.url.split('?')[1] ?? '').split('&').sort().join('&');
        const method = '/v1/request/callback/';
        const md5 = createHash('md5').update(query).digest('hex');
        const ok = req.headers.authorization === `zk:${zadarmaSign(method + query + md5, 'zs')}`;
        res
          .writeHead(ok ? 200 : 401, { 'content-type': 'application/json' })
          .end(
            ok
              ? '{"status":"success","from":101,"to":79161234567,"time":1733560000}'
              : '{"status":"error","message":"Not authorized"}',
          );
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"result":3101}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('click-to-call through the provider', () => {
  it('asks Zadarma’s callback API, signed, from the extension to the number without +', async () => {
    const placed = await originateCall(settings(), 'zadarma', {
      commandId: 'c1',
      extension: '101',
      e164: '+79161234567',
    });
    assert.equal(placed.provider, 'zadarma');
    assert.equal(seen.at(-1)?.url, '/zd/v1/request/callback/?from=101&to=79161234567');
  });
  it('reports a wrong secret as Zadarma’s refusal', async () => {
    await assert.rejects(
      originateCall(settings({ zadarmaSecret: 'wrong' }), 'zadarma', {
        commandId: 'c2',
        extension: '101',
        e164: '+79161234567',
      }),
      (error: unknown) =>
        error instanceof RouteError &&
        error.status === 502 &&
        /Zadarma не приняла вызов: ответ 401: Not authorized/.test(error.message),
    );
  });
  it('reports Mango’s result code when it is not 1000', async () => {
    await assert.rejects(
      originateCall(settings(), 'mango', { commandId: 'c3', extension: '101', e164: '+79161234567' }),
      (error: unknown) =>
        error instanceof RouteError &&
        /Mango Office не приняла вызов: ответ 200, код 3101/.test(error.message),
    );
    assert.equal(seen.at(-1)?.url, '/mango-refuses/commands/callback');
  });
  it('says so when the provider cannot be reached', async () => {
    await assert.rejects(
      originateCall(settings({ mangoApiUrl: 'http://127.0.0.1:9/vpbx/' }), 'mango', {
        commandId: 'c4',
        extension: '101',
        e164: '+79161234567',
      }),
      (error: unknown) => error instanceof RouteError && /нет связи с API/.test(error.message),
    );
  });
});
