import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  integerInWords,
  pluralRu,
  RUBLE,
  rublesContractForm,
  rublesInFigures,
  rublesInWords,
  rublesOfMicros,
} from '../../../plugins/documents/rules/money-words';
import { areaRu, cleanText, longDateRu } from '../../../plugins/documents/rules/russian-format';

const NB = '\u00a0';

describe('Russian money in words', () => {
  const table: [string, string][] = [
    ['0', 'ноль рублей 00 копеек'],
    ['1', 'один рубль 00 копеек'],
    ['2', 'два рубля 00 копеек'],
    ['5', 'пять рублей 00 копеек'],
    ['11', 'одиннадцать рублей 00 копеек'],
    ['12', 'двенадцать рублей 00 копеек'],
    ['14', 'четырнадцать рублей 00 копеек'],
    ['21', 'двадцать один рубль 00 копеек'],
    ['22.02', 'двадцать два рубля 02 копейки'],
    ['111', 'сто одиннадцать рублей 00 копеек'],
    ['1000', 'одна тысяча рублей 00 копеек'],
    ['2000', 'две тысячи рублей 00 копеек'],
    ['5000', 'пять тысяч рублей 00 копеек'],
    ['11000', 'одиннадцать тысяч рублей 00 копеек'],
    ['21000', 'двадцать одна тысяча рублей 00 копеек'],
    ['1000000', 'один миллион рублей 00 копеек'],
    ['2000000', 'два миллиона рублей 00 копеек'],
    ['5000000', 'пять миллионов рублей 00 копеек'],
    ['1001001.01', 'один миллион одна тысяча один рубль 01 копейка'],
    ['1234567.89', 'один миллион двести тридцать четыре тысячи пятьсот шестьдесят семь рублей 89 копеек'],
    ['0.11', 'ноль рублей 11 копеек'],
    ['0.21', 'ноль рублей 21 копейка'],
    ['0.015', 'ноль рублей 02 копейки'],
    [
      '999999999.99',
      'девятьсот девяносто девять миллионов девятьсот девяносто девять тысяч девятьсот девяносто девять рублей 99 копеек',
    ],
    ['3000000000', 'три миллиарда рублей 00 копеек'],
  ];
  for (const [amount, words] of table)
    it(`writes ${amount} ₽ as «${words}»`, () => assert.equal(rublesInWords(amount), words));

  it('writes figures grouped by thousands with the agreeing noun', () => {
    assert.equal(rublesInFigures('1234567.89'), `1${NB}234${NB}567 рублей 89 копеек`);
    assert.equal(rublesInFigures('21'), '21 рубль 00 копеек');
    assert.equal(rublesInFigures('1001001.01'), `1${NB}001${NB}001 рубль 01 копейка`);
  });

  it('writes the contract form: figures, words in brackets, the noun, kopecks', () => {
    assert.equal(rublesContractForm('2.5'), '2 (два) рубля 50 копеек');
    assert.equal(rublesContractForm('-5'), '−5 (минус пять) рублей 00 копеек');
  });

  it('agrees nouns with 11–14 as «many»', () => {
    for (const n of [11, 12, 13, 14, 111, 1012]) assert.equal(pluralRu(n, RUBLE), 'рублей', String(n));
    for (const n of [1, 21, 101, 1001]) assert.equal(pluralRu(n, RUBLE), 'рубль', String(n));
    for (const n of [2, 3, 4, 22, 104]) assert.equal(pluralRu(n, RUBLE), 'рубля', String(n));
  });

  it('uses feminine «одна», «две» for thousands only', () => {
    assert.equal(integerInWords(2002n), 'две тысячи два');
    assert.equal(integerInWords(1001001n), 'один миллион одна тысяча один');
  });

  it('reads Twenty’s micros exactly (no binary floats)', () => {
    assert.equal(
      rublesInWords(rublesOfMicros('1001001010000') ?? 0),
      'один миллион одна тысяча один рубль 01 копейка',
    );
    assert.equal(rublesOfMicros(null), null);
    assert.equal(rublesOfMicros('abc'), null);
  });
});

describe('Russian dates, areas and text for Word', () => {
  it('writes dates in the long form, moments as their Moscow day', () => {
    assert.equal(longDateRu('2026-12-07'), '7 декабря 2026 г.');
    assert.equal(longDateRu('2026-12-06T22:30:00Z'), '7 декабря 2026 г.');
    assert.equal(longDateRu('2026-01-01T00:00:00+03:00'), '1 января 2026 г.');
    assert.equal(longDateRu(null), null);
  });

  it('writes areas with two decimals', () => {
    assert.equal(areaRu('45.6'), '45,60 м²');
    assert.equal(areaRu(1234.567), `1${NB}234,57 м²`);
    assert.equal(areaRu(null), null);
  });

  it('removes the characters Word refuses and keeps the rest', () => {
    assert.equal(cleanText('Иванов\u0001 Иван\u000b\tПетрович\uffff 😀 '), 'Иванов Иван Петрович 😀 ');
    assert.equal(cleanText('a\ud800b'), 'ab');
  });
});
