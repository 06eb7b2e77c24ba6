import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorBody, preferredLang, RouteError } from '../../../../plugins/core/plugin/route-error';

describe('RouteError', () => {
  it('answers in Russian by default and keeps its code', () => {
    const error = new RouteError(404, 'building_not_found', {
      ru: 'Нет такого корпуса',
      en: 'No such building',
    });
    assert.equal(error.message, 'Нет такого корпуса');
    assert.deepEqual(error.toBody(), {
      status: 404,
      code: 'building_not_found',
      message: 'Нет такого корпуса',
    });
  });

  it('answers in English when asked and an English text was given', () => {
    const error = new RouteError(400, 'bad', { ru: 'Неверно', en: 'Wrong' }, { field: 'price' });
    assert.deepEqual(error.toBody('en'), { status: 400, code: 'bad', message: 'Wrong', field: 'price' });
  });

  it('falls back to Russian in English when no English text was given', () => {
    assert.equal(new RouteError(400, 'bad', 'Неверно').toBody('en').message, 'Неверно');
    assert.equal(errorBody(400, 'bad', 'Неверно', {}, 'en').message, 'Неверно');
    assert.equal(errorBody(400, 'bad', { ru: 'Неверно', en: 'Wrong' }, {}, 'en').message, 'Wrong');
  });
});

describe('preferredLang', () => {
  it('is Russian without a header or for languages it does not serve', () => {
    assert.equal(preferredLang(undefined), 'ru');
    assert.equal(preferredLang(''), 'ru');
    assert.equal(preferredLang('de-DE, fr;q=0.8'), 'ru');
  });

  it('takes English when it is the preferred language', () => {
    assert.equal(preferredLang('en'), 'en');
    assert.equal(preferredLang('en-US,en;q=0.9'), 'en');
    assert.equal(preferredLang('de, en;q=0.5'), 'en');
  });

  it('weighs q-values rather than order', () => {
    assert.equal(preferredLang('en;q=0.4, ru;q=0.9'), 'ru');
    assert.equal(preferredLang('ru;q=0.3, en-GB;q=0.7'), 'en');
    assert.equal(preferredLang('ru, en'), 'ru');
    assert.equal(preferredLang('en;q=0, ru;q=0.1'), 'ru');
    assert.equal(preferredLang('en;q=0'), 'ru');
  });
});
