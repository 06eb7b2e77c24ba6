/**
 * The SMS rules without servers: the part counter (GSM-7 160/153, extension characters twice,
 * UCS-2 70/67 as soon as one Cyrillic letter appears, emoji as two units), personalisation,
 * quiet hours in Moscow time, SMS.ru's reply and callback formats with the callback hash, and the
 * audience's skips (invalid phone, opted out, no consent, duplicate phone).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prepareAudience } from '../../../plugins/sms/rules/audience';
import { waitAfterBatchMs } from '../../../plugins/sms/rules/pace';
import { personalise, unknownPlaceholders } from '../../../plugins/sms/rules/personalise';
import { normalisePhone } from '../../../plugins/sms/rules/phone';
import { isQuiet, nextSendableAt, parseQuietHours } from '../../../plugins/sms/rules/quiet-hours';
import { countSegments, partsRu } from '../../../plugins/sms/rules/segments';
import {
  callbackHash,
  callbackSigned,
  deliveryStateOf,
  isStopWord,
  parseCallbackData,
  parseCallbackForm,
  parseSendReply,
} from '../../../plugins/sms/rules/smsru';

describe('the part counter', () => {
  const table: Array<[string, string, 'GSM7' | 'UCS2', number, number]> = [
    ['empty', '', 'GSM7', 0, 0],
    ['160 Latin', 'a'.repeat(160), 'GSM7', 160, 1],
    ['161 Latin', 'a'.repeat(161), 'GSM7', 161, 2],
    ['306 Latin', 'a'.repeat(306), 'GSM7', 306, 2],
    ['307 Latin', 'a'.repeat(307), 'GSM7', 307, 3],
    ['80 euro signs count double', '€'.repeat(80), 'GSM7', 160, 1],
    ['81 euro signs', '€'.repeat(81), 'GSM7', 162, 2],
    ['brackets and braces double', '[]{}', 'GSM7', 8, 1],
    ['70 Cyrillic', 'я'.repeat(70), 'UCS2', 70, 1],
    ['71 Cyrillic', 'я'.repeat(71), 'UCS2', 71, 2],
    ['134 Cyrillic', 'я'.repeat(134), 'UCS2', 134, 2],
    ['135 Cyrillic', 'я'.repeat(135), 'UCS2', 135, 3],
    ['one Cyrillic letter switches 100 Latin to UCS-2', `${'a'.repeat(99)}ж`, 'UCS2', 100, 2],
    ['an emoji is two units', `${'a'.repeat(68)}😀`, 'UCS2', 70, 1],
    ['an emoji over the line', `${'a'.repeat(69)}😀`, 'UCS2', 71, 2],
  ];
  for (const [name, text, encoding, units, segments] of table)
    it(name, () => {
      const c = countSegments(text);
      assert.deepEqual([c.encoding, c.units, c.segments], [encoding, units, segments]);
    });
  it('says how much is left and in Russian plural', () => {
    assert.equal(countSegments('я'.repeat(71)).remaining, 134 - 71);
    assert.deepEqual([1, 2, 5, 11, 21, 22].map(partsRu), [
      '1 часть',
      '2 части',
      '5 частей',
      '11 частей',
      '21 часть',
      '22 части',
    ]);
  });
});

describe('personalisation', () => {
  it('fills placeholders and closes the gap of a missing value', () => {
    assert.equal(
      personalise('{firstName}, ваш паркинг у пом. {unitNumber}!', { firstName: 'Анна', unitNumber: '12' }),
      'Анна, ваш паркинг у пом. 12!',
    );
    assert.equal(personalise('Здравствуйте, {firstName}!', { firstName: null }), 'Здравствуйте!');
  });
  it('names unknown placeholders', () => {
    assert.deepEqual(unknownPlaceholders('{name} и {firstName} и {name}'), ['{name}']);
  });
});

describe('phones', () => {
  it('normalises +7, 8 and 10-digit forms and refuses what is not a mobile', () => {
    for (const raw of ['+7 916 123-45-67', '8 (916) 123-45-67', '79161234567', '9161234567'])
      assert.deepEqual(normalisePhone(raw), { ok: true, e164: '+79161234567' });
    assert.deepEqual(normalisePhone('9161234567', '+7'), { ok: true, e164: '+79161234567' });
    assert.equal(normalisePhone('12345').ok, false);
    assert.equal(normalisePhone('').ok, false);
    assert.match((normalisePhone('+7 495 123-45-67') as { reason: string }).reason, /не мобильный/);
  });
});

describe('quiet hours (Moscow, UTC+3)', () => {
  const quiet = parseQuietHours('21:00-09:00');
  it('parses and refuses nonsense', () => {
    assert.deepEqual(quiet, { startMin: 21 * 60, endMin: 9 * 60 });
    assert.equal(parseQuietHours('25:00-09:00'), null);
    assert.equal(parseQuietHours('вечером'), null);
  });
  it('defers across midnight to 09:00 MSK', () => {
    if (!quiet) throw new Error('no quiet hours');
    assert.equal(isQuiet(new Date('2026-12-07T17:59:00Z'), quiet), false); // 20:59 MSK
    assert.equal(isQuiet(new Date('2026-12-07T18:00:00Z'), quiet), true); // 21:00 MSK
    assert.equal(isQuiet(new Date('2026-12-08T05:59:00Z'), quiet), true); // 08:59 MSK
    assert.equal(isQuiet(new Date('2026-12-08T06:00:00Z'), quiet), false); // 09:00 MSK
    assert.equal(
      nextSendableAt(new Date('2026-12-07T20:30:00Z'), quiet).toISOString(),
      '2026-12-08T06:00:00.000Z',
    );
    assert.equal(
      nextSendableAt(new Date('2026-12-08T02:15:30Z'), quiet).toISOString(),
      '2026-12-08T06:00:00.000Z',
    );
    const noon = new Date('2026-12-08T09:00:00Z');
    assert.equal(nextSendableAt(noon, quiet), noon);
  });
  it('00:00-00:00 means no quiet hours', () => {
    const none = parseQuietHours('00:00-00:00');
    assert.ok(none && !isQuiet(new Date('2026-12-07T21:00:00Z'), none));
  });
});

describe('SMS.ru formats', () => {
  it('reads the send reply per number', () => {
    const reply = parseSendReply({
      status: 'OK',
      status_code: 100,
      sms: {
        '79161234567': { status: 'OK', status_code: 100, sms_id: '000000-10000001' },
        '79161234568': {
          status: 'ERROR',
          status_code: 207,
          status_text: 'На этот номер нельзя отправлять сообщения',
        },
      },
      balance: 4122.56,
    });
    assert.equal(reply.kind, 'items');
    if (reply.kind !== 'items') return;
    assert.deepEqual(reply.items[0], { phone: '79161234567', ok: true, smsId: '000000-10000001', code: 100 });
    assert.equal(reply.items[1]?.ok, false);
    assert.deepEqual(
      parseSendReply({ status: 'ERROR', status_code: 201, status_text: 'Не хватает средств' }),
      {
        kind: 'refused',
        code: 201,
        error: 'Не хватает средств',
      },
    );
  });
  it('reads callback lines, statuses and the signed hash', () => {
    const data = [
      'sms_status\n000000-1\n103\n1765090000',
      'sms_status\n000000-2\n106\n1765090001',
      'sms_incoming\n79161234567\nСТОП',
    ];
    const form = new URLSearchParams();
    for (const [i, d] of data.entries()) form.set(`data[${i}]`, d);
    form.set('hash', callbackHash('api-1', data));
    const parsed = parseCallbackForm(form.toString());
    assert.deepEqual(parsed.data, data);
    assert.ok(callbackSigned('api-1', parsed.data, parsed.hash));
    assert.ok(!callbackSigned('api-2', parsed.data, parsed.hash), 'another api_id');
    assert.ok(!callbackSigned('api-1', [...parsed.data, 'sms_status\nx\n103'], parsed.hash), 'a line added');
    assert.ok(!callbackSigned('api-1', parsed.data, null), 'unsigned');
    const lines = parseCallbackData(parsed.data);
    assert.deepEqual(lines[0], {
      kind: 'status',
      smsId: '000000-1',
      code: 103,
      at: new Date(1765090000 * 1000),
    });
    assert.deepEqual(lines[2], { kind: 'incoming', phone: '79161234567', text: 'СТОП' });
    assert.deepEqual([103, 102, 106, 150].map(deliveryStateOf), ['DELIVERED', null, 'FAILED', 'FAILED']);
    assert.ok(isStopWord('Стоп!') && isStopWord(' stop ') && !isStopWord('стоп-кран'));
  });
});

describe('the audience', () => {
  const base = { consent: true, optedOutAt: null, callingCode: '+7' };
  const people = [
    {
      ...base,
      personId: 'p1',
      firstName: 'Анна',
      lastName: 'Иванова',
      phone: '9161110001',
      unitNumber: '12',
    },
    {
      ...base,
      personId: 'p1',
      firstName: 'Анна',
      lastName: 'Иванова',
      phone: '9161110001',
      unitNumber: '14',
    },
    { ...base, personId: 'p2', firstName: 'Борис', lastName: 'Петров', phone: '12345' },
    { ...base, personId: 'p3', firstName: 'Вера', lastName: 'Сидорова', phone: '9161110003', consent: false },
    {
      ...base,
      personId: 'p4',
      firstName: 'Глеб',
      lastName: 'Орлов',
      phone: '9161110004',
      optedOutAt: '2026-01-01T00:00:00Z',
    },
    { ...base, personId: 'p5', firstName: 'Дина', lastName: 'Орлова', phone: '9161110001' },
    { ...base, personId: 'p6', firstName: 'Егор', lastName: 'Козлов', phone: '9161110006' },
  ];
  it('skips with reasons and personalises the rest', () => {
    const p = prepareAudience(people, {
      template: '{firstName}, паркинг у пом. {unitNumber}',
      advertising: true,
      optedOutPhones: new Set(['+79161110006']),
      pricePerSegmentMicros: 4_500_000,
    });
    assert.deepEqual(
      p.recipients.map((r) => [r.personId, r.phone, r.text]),
      [['p1', '+79161110001', 'Анна, паркинг у пом. 12']],
    );
    assert.deepEqual(
      p.skipped.map((s) => [s.personId, s.reason]),
      [
        ['p2', 'phone'],
        ['p3', 'no_consent'],
        ['p4', 'opted_out'],
        ['p5', 'duplicate_phone'],
        ['p6', 'opted_out'],
      ],
    );
    assert.equal(p.costMicros, 4_500_000);
  });
  it('service messages go without advertising consent', () => {
    const p = prepareAudience(people, {
      template: 'Договор готов',
      advertising: false,
      pricePerSegmentMicros: 1,
    });
    assert.ok(p.recipients.some((r) => r.personId === 'p3'));
  });
});

describe('the send pace', () => {
  it('waits so that no more than the setting leave per second', () => {
    assert.equal(waitAfterBatchMs(50, 20, 300), 2200); // 50 SMS at 20/s take 2.5 s
    assert.equal(waitAfterBatchMs(50, 20, 3000), 0); // the request itself was slower
    assert.equal(waitAfterBatchMs(3, 10_000, 0), 1);
    assert.equal(waitAfterBatchMs(0, 20, 0), 0);
  });
});
