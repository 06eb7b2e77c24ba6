/**
 * The telephony rules without servers: phone numbers in the forms people and PBXs write them, the
 * providers' signatures (Mango's plain SHA-256 of key + json + salt, Zadarma's base64 of the hex
 * HMAC-SHA1), the recorded-format fixtures read into events, and a call folded from its events in
 * any order and with repeats.
 */
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { foldCall, type PbxEvent } from '../../../plugins/telephony/rules/call-events';
import { mangoEvent, mangoForm, mangoSign, mangoSigned } from '../../../plugins/telephony/rules/mango';
import { formatPhone, normalizePhone, storedForms } from '../../../plugins/telephony/rules/phone';
import {
  zadarmaAuthorization,
  zadarmaEvent,
  zadarmaSign,
  zadarmaSigned,
  zadarmaTime,
} from '../../../plugins/telephony/rules/zadarma';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../fixtures/telephony/${name}`, import.meta.url), 'utf8'));

describe('phone numbers', () => {
  it('normalises +7, 8, 7 and 10-digit forms to E.164', () => {
    for (const raw of [
      '+7 916 123-45-67',
      '8 (916) 123-45-67',
      '79161234567',
      '9161234567',
      ' 8-916-123-45-67 ',
    ])
      assert.equal(normalizePhone(raw), '+79161234567', raw);
    assert.equal(normalizePhone('8 800 555 35 35'), '+78005553535');
  });
  it('refuses what is not a phone number', () => {
    for (const raw of ['', 'abc', '12345', '+7 1 (800) 555 35 35', null, undefined])
      assert.equal(normalizePhone(raw), undefined);
  });
  it('derives the stored forms the lookup matches and a readable text', () => {
    assert.deepEqual(
      storedForms('+79161234567').sort(),
      ['+79161234567', '79161234567', '89161234567', '9161234567'].sort(),
    );
    assert.equal(formatPhone('+79161234567'), '+7 916 123-45-67');
  });
});

describe('Mango Office signing', () => {
  const creds = { apiKey: 'vpbx-key-1', apiSalt: 'salt-1' };
  it('signs sha256_hex(key + json + salt) — not an HMAC', () => {
    const json = '{"entry_id":"x"}';
    assert.equal(mangoSign('k', json, 's'), createHash('sha256').update(`k${json}s`).digest('hex'));
  });
  it('accepts its own form and refuses forged, unsigned or foreign-key ones', () => {
    const form = mangoForm(creds, { entry_id: 'e1' });
    assert.equal(mangoSigned(form, creds), true);
    const forged = new URLSearchParams(form);
    forged.set('json', '{"entry_id":"e2"}');
    assert.equal(mangoSigned(forged, creds), false);
    const unsigned = new URLSearchParams(form);
    unsigned.delete('sign');
    assert.equal(mangoSigned(unsigned, creds), false);
    const otherKey = new URLSearchParams(form);
    otherKey.set('vpbx_api_key', 'other');
    assert.equal(mangoSigned(otherKey, creds), false);
    assert.equal(
      mangoSigned(form, { apiKey: '', apiSalt: '' }),
      false,
      'no secret configured: nothing is signed',
    );
  });
});

describe('Zadarma signing', () => {
  it('is base64 of the hex HMAC-SHA1 (PHP base64_encode(hash_hmac(…)))', () => {
    const hex = createHmac('sha1', 'secret').update('abc').digest('hex');
    assert.equal(zadarmaSign('abc', 'secret'), Buffer.from(hex).toString('base64'));
  });
  it('covers caller_id + called_did + call_start (incoming), internal + destination + call_start (outgoing)', () => {
    const start = new URLSearchParams({
      event: 'NOTIFY_START',
      caller_id: '7916',
      called_did: '7495',
      call_start: '2024-12-07 11:40:00',
      pbx_call_id: 'p',
    });
    assert.equal(
      zadarmaSigned(start, zadarmaSign('791674952024-12-07 11:40:00', 's'), { key: 'k', secret: 's' }),
      true,
    );
    assert.equal(zadarmaSigned(start, zadarmaSign('79167495', 's'), { key: 'k', secret: 's' }), false);
    const out = new URLSearchParams({
      event: 'NOTIFY_OUT_START',
      internal: '101',
      destination: '7916',
      call_start: 't',
      pbx_call_id: 'p',
    });
    assert.equal(zadarmaSigned(out, zadarmaSign('1017916t', 's'), { key: 'k', secret: 's' }), true);
    assert.equal(zadarmaSigned(start, undefined, { key: 'k', secret: 's' }), false);
  });
  it('signs REST calls as key:base64(hex hmac(method + params + md5(params)))', () => {
    const params = { to: '79161234567', from: '101' };
    const query = 'from=101&to=79161234567';
    const md5 = createHash('md5').update(query).digest('hex');
    assert.equal(
      zadarmaAuthorization('/v1/request/callback/', params, { key: 'KEY', secret: 'SEC' }),
      `KEY:${zadarmaSign(`/v1/request/callback/${query}${md5}`, 'SEC')}`,
    );
  });
  it('reads call_start in Moscow time', () => {
    assert.equal(zadarmaTime('2024-12-07 11:40:00', 'x'), '2024-12-07T08:40:00.000Z');
    assert.equal(zadarmaTime('garbage', 'fallback'), 'fallback');
  });
});

const mangoEvents = (): PbxEvent[] =>
  fixture('mango-answered.json').events.map((e: { path: string; json: string }) =>
    mangoEvent(e.path, e.json, '2024-12-07T08:00:00.000Z'),
  );

describe('a call folded from its events', () => {
  it('Mango: IVR, ringing the operator, answered, summary → ANSWERED, 180 s, extension 101', () => {
    const state = foldCall(mangoEvents());
    assert.ok(state);
    assert.equal(state.phase, 'ended');
    assert.equal(state.status, 'ANSWERED');
    assert.equal(state.direction, 'INCOMING');
    assert.equal(state.clientNumber, '79161230001');
    assert.equal(state.extension, '101');
    assert.equal(state.durationSeconds, 180);
    assert.equal(state.startedAt, new Date(1733560000 * 1000).toISOString());
  });
  it('is the same whatever the order and however often an event comes', () => {
    const events = mangoEvents();
    const shuffled = [
      events[4],
      events[1],
      events[5],
      events[0],
      events[3],
      events[2],
      events[1],
      events[4],
    ] as PbxEvent[];
    assert.deepEqual(foldCall(shuffled), foldCall(events));
  });
  it('is ringing while a leg is open, talking once connected', () => {
    const events = mangoEvents();
    assert.equal(foldCall(events.slice(0, 2))?.phase, 'ringing');
    assert.equal(foldCall(events.slice(0, 4))?.phase, 'talking');
  });
  it('Mango: an operator dialling out is OUTGOING to the client’s number', () => {
    const leg = (seq: number, state: string) =>
      mangoEvent(
        'events/call',
        JSON.stringify({
          entry_id: 'out-1',
          call_id: 'out-1:1',
          timestamp: 1733560000 + seq * 10,
          seq,
          call_state: state,
          location: 'abonent',
          from: { extension: '101', number: 'sip:101@realty.mangosip.ru' },
          to: { number: '79161230009' },
        }),
        '2024-12-07T08:00:00.000Z',
      ) as PbxEvent;
    const state = foldCall([leg(1, 'Appeared'), leg(2, 'Connected'), leg(3, 'Disconnected')]);
    assert.equal(state?.direction, 'OUTGOING');
    assert.equal(state?.clientNumber, '79161230009');
    assert.equal(state?.extension, '101');
    assert.equal(state?.status, 'ANSWERED');
    assert.equal(state?.durationSeconds, 10);
  });

  it('Zadarma: start, internal, end with cancel → MISSED, needs a callback', () => {
    const events = fixture('zadarma-missed.json').events.map((e: Record<string, string>) =>
      zadarmaEvent(new URLSearchParams(e), '2024-12-07T08:40:30.000Z'),
    );
    const state = foldCall(events);
    assert.equal(state?.status, 'MISSED');
    assert.equal(state?.phase, 'ended');
    assert.equal(state?.extension, '101');
    assert.equal(normalizePhone(state?.clientNumber), '+79161230002');
  });
  it('Zadarma dispositions: busy → BUSY, failed → FAILED, answered → ANSWERED', () => {
    const end = (disposition: string) =>
      zadarmaEvent(
        new URLSearchParams({
          event: 'NOTIFY_END',
          pbx_call_id: 'p',
          caller_id: '79161230003',
          called_did: '74951234567',
          call_start: '2024-12-07 11:40:00',
          disposition,
          duration: '12',
        }),
        '2024-12-07T08:41:00.000Z',
      );
    assert.equal(foldCall([end('busy') as PbxEvent])?.status, 'BUSY');
    assert.equal(foldCall([end('failed') as PbxEvent])?.status, 'FAILED');
    assert.equal(foldCall([end('answered') as PbxEvent])?.status, 'ANSWERED');
  });
});
