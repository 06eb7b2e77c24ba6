/**
 * The chessboard's pure rules: filters parsed into the one error body, cells
 * and filters in words, and the unit card as a salesperson reads it — hidden
 * fields absent from the rows and the history, values formatted, no ids.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeFilters, shortRub, unitCellText } from '../../../plugins/chessboard/rules/board-text';
import { chessboardQuery, parseChessboardFilters } from '../../../plugins/chessboard/rules/filters';
import { buildUnitCard, type CardInput, historyEntry } from '../../../plugins/chessboard/rules/unit-card';
import { RouteError } from '../../../plugins/core/plugin/index';

const NB = '\u00a0';

describe('filters', () => {
  it('parses every filter, prices in roubles to exact micros', () => {
    const filters = parseChessboardFilters({
      status: 'free,RESERVED',
      kind: ['FLAT'],
      floorMin: '2',
      rooms: '0,2',
      priceMax: '5500000,5',
      areaMin: '40,5',
    });
    assert.deepEqual(filters, {
      status: ['FREE', 'RESERVED'],
      kind: ['FLAT'],
      floorMin: 2,
      rooms: [0, 2],
      priceMaxMicros: '5500000500000',
      areaMin: 40.5,
    });
  });

  it('refuses a bad value with a 400 naming the parameter', () => {
    assert.throws(
      () => parseChessboardFilters({ floorMin: '9', floorMax: '3' }),
      (error: unknown) =>
        error instanceof RouteError &&
        error.status === 400 &&
        error.field === 'floorMin' &&
        error.message === '«Этаж от»: 9 больше, чем «Этаж до» 3' &&
        error.toBody('en').message === 'floorMin: 9 is above floorMax 3',
    );
  });

  it('the query schema refuses an unknown parameter, naming it', () => {
    const result = chessboardQuery(['building']).safeParse({ building: 'x', flor: '3' });
    assert.equal(result.success, false);
    assert.deepEqual(result.error?.issues[0]?.path, ['flor']);
  });

  it('are said in Russian for the export', () => {
    assert.equal(
      describeFilters(
        parseChessboardFilters({ status: 'FREE', floorMin: '2', floorMax: '9', priceMin: '1000000' }),
      ),
      `статус: Свободна; этаж от 2 до 9; цена от 1${NB}000${NB}000${NB}₽`,
    );
    assert.equal(describeFilters({}), 'нет');
  });
});

describe('cells', () => {
  it('read «№ 105», «2к · 54,3 м²», «5,57 млн ₽», «Свободна»', () => {
    const text = unitCellText({
      id: 'u1',
      sectionId: null,
      kind: 'FLAT',
      number: '105',
      floor: 3,
      position: 1,
      floorsSpanned: 1,
      rooms: 2,
      totalArea: 54.3,
      livingArea: null,
      price: { amountMicros: 5_570_000 * 1e6, currencyCode: 'RUB' },
      status: 'FREE',
      matches: true,
    });
    assert.deepEqual(text, {
      number: `№${NB}105`,
      facts: `2к · 54,3${NB}м²`,
      price: `5,57${NB}млн${NB}₽`,
      status: 'Свободна',
    });
    assert.equal(shortRub(850_000 * 1e6), `850${NB}тыс.${NB}₽`);
    assert.equal(shortRub(null), '');
  });
});

const input = (over: Partial<CardInput> = {}): CardInput => ({
  unit: {
    id: '8d2c4b7e-5f1a-4c3b-9e2d-1a2b3c4d5e6f',
    number: '105',
    kind: 'FLAT',
    status: 'BOOKED',
    floor: 12,
    positionOnFloor: 3,
    floorsSpanned: 2,
    rooms: 3,
    totalArea: 173,
    livingArea: 101.4,
    priceMicros: '55686440000000',
    pricePerSqmMicros: null,
    cadastralNumber: '77:09:0001013:5012',
    floorPlanUrl: 'https://plans.example/105.png',
    floorPlanLabel: null,
  },
  place: { complex: 'ЖК «Северный парк»', building: 'Корпус 1', section: 'Секция 2' },
  history: [
    {
      fieldName: 'price',
      oldValue: '5000000',
      newValue: '5500000',
      source: 'IMPORT',
      changedBy: 'ivanov@realty.local',
      changedAt: '2026-03-12T09:00:00.000Z',
      status: 'PENDING',
    },
  ],
  // The import that created the unit (its importBatch relation): the oldest line of the history.
  createdBy: { importNumber: 3, importedAt: '2026-01-10T09:00:00.000Z', importedBy: 'ivanov@realty.local' },
  visible: () => true,
  twentyUrl: 'http://twenty.test/object/unit/8d2c4b7e-5f1a-4c3b-9e2d-1a2b3c4d5e6f',
  ...over,
});

describe('the unit card', () => {
  it('shows labelled, formatted values and the history in words', () => {
    const card = buildUnitCard(input());
    assert.equal(card.title, `Квартира №${NB}105`);
    assert.equal(card.place, 'ЖК «Северный парк» · Корпус 1 · Секция 2');
    assert.deepEqual(card.status, {
      value: 'BOOKED',
      label: 'Забронирована',
      color: '#ffa726',
      textColor: '#3a2000',
    });
    assert.deepEqual(card.rows, [
      { label: 'Цена', value: `55${NB}686${NB}440${NB}₽` },
      { label: 'Цена за м²', value: `321${NB}887${NB}₽` },
      { label: 'Площадь', value: `173,0${NB}м²` },
      { label: 'Жилая площадь', value: `101,4${NB}м²` },
      { label: 'Статус', value: 'Забронирована' },
      { label: 'Тип', value: 'Квартира' },
      { label: 'Комнат', value: '3' },
      { label: 'Этаж', value: '12–13 (двухуровневая)' },
      { label: 'Место на этаже', value: '3' },
      { label: 'Секция', value: 'Секция 2' },
      { label: 'Корпус', value: 'Корпус 1' },
      { label: 'Комплекс', value: 'ЖК «Северный парк»' },
      { label: 'Кадастровый номер', value: '77:09:0001013:5012' },
    ]);
    assert.deepEqual(card.floorPlan, { url: 'https://plans.example/105.png', label: 'Планировка' });
    assert.deepEqual(
      card.history.map((h) => h.text),
      [
        `12.03.2026 · Цена: 5${NB}000${NB}000${NB}₽ → 5${NB}500${NB}000${NB}₽ · импорт, ivanov@realty.local · (ждёт одобрения)`,
        `10.01.2026 · Создан импортом №${NB}3 от 10.01.2026 · импорт, ivanov@realty.local`,
      ],
    );
    const printed = [
      card.title,
      card.place,
      ...card.rows.flatMap((r) => [r.label, r.value]),
      ...card.history.map((h) => h.text),
    ].join('\n');
    assert.doesNotMatch(printed, /8d2c4b7e|amountMicros|\{"/);
  });

  it('leaves out what the principal may not see, in the rows and in the history', () => {
    const basic = new Set([
      'number',
      'kind',
      'floor',
      'positionOnFloor',
      'rooms',
      'totalArea',
      'livingArea',
      'status',
      'building',
      'section',
    ]);
    const card = buildUnitCard(input({ visible: (f) => basic.has(f), twentyUrl: undefined }));
    const labels = card.rows.map((r) => r.label);
    assert.ok(
      !labels.includes('Цена') && !labels.includes('Цена за м²') && !labels.includes('Кадастровый номер'),
    );
    assert.equal(card.floorPlan, null);
    assert.deepEqual(
      card.history,
      [],
      'a price change and the import that created the unit (partners see no import batch) are hidden',
    );
    assert.equal(card.twentyUrl, undefined);
  });

  it('still words a «created» protocol entry written by imports before the importBatch relation', () => {
    assert.equal(
      historyEntry({
        fieldName: 'created',
        oldValue: null,
        newValue: 'Квартира, № 105, этаж 12, 173 м², 55686440 ₽, FREE',
        source: 'IMPORT',
        changedBy: 'ivanov@realty.local',
        changedAt: '2026-01-10T09:00:00.000Z',
        status: 'APPLIED',
      }).text,
      `10.01.2026 · Создана: Квартира, № 105, этаж 12, 173,0${NB}м², 55${NB}686${NB}440${NB}₽, Свободна · импорт, ivanov@realty.local`,
    );
  });

  it('shows a floor plan only from an http(s) address', () => {
    const unit = { ...input().unit, floorPlanUrl: 'javascript:alert(1)' };
    assert.equal(buildUnitCard(input({ unit })).floorPlan, null);
  });

  it('says an empty value as «—» in the history', () => {
    assert.equal(
      historyEntry({
        fieldName: 'status',
        oldValue: null,
        newValue: 'SOLD',
        source: 'AUCTION',
        changedBy: null,
        changedAt: '2026-10-01T09:00:00Z',
        status: 'APPLIED',
      }).text,
      '01.10.2026 · Статус: — → Продана · аукцион',
    );
  });
});
