import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { parseWithLang, validationErrorBody } from '../../../../plugins/core/plugin/validation-error';

const refused = (schema: z.ZodType, value: unknown, lang: 'ru' | 'en', labels?: Record<string, string>) => {
  const parsed = parseWithLang(schema, value, lang);
  assert.equal(parsed.success, false);
  return validationErrorBody('query', parsed.error as z.ZodError, {
    schema,
    lang,
    ...(labels ? { labels } : {}),
  });
};

describe('validationErrorBody', () => {
  const schema = z.object({
    priceMin: z.coerce.number().min(0),
    kind: z.enum(['FLAT', 'OFFICE']).optional(),
    since: z.iso.date().optional(),
    nested: z.object({ area: z.number().describe('Площадь, м²') }).optional(),
  });

  it('names the field by the route’s label and keeps the key in `field`', () => {
    assert.deepEqual(refused(schema, { priceMin: '-1' }, 'ru', { priceMin: 'Цена от' }), {
      status: 400,
      code: 'invalid_query',
      message: '«Цена от»: должно быть не меньше 0',
      field: 'priceMin',
    });
  });

  it('takes the label from .describe(), even nested, when the route declares none', () => {
    const body = refused(schema, { priceMin: '1', nested: { area: 'x' } }, 'ru');
    assert.equal(body.message, '«Площадь, м²»: должно быть числом');
    assert.equal(body.field, 'nested.area');
  });

  it('words enums, formats and missing values in Russian, and in English when asked', () => {
    assert.equal(
      refused(schema, { priceMin: '1', kind: 'HOUSE' }, 'ru').message,
      '«kind»: должно быть одним из: FLAT, OFFICE',
    );
    assert.equal(
      refused(schema, { priceMin: '1', since: '2026-13-01' }, 'ru').message,
      '«since»: должно быть датой вида ГГГГ-ММ-ДД',
    );
    assert.equal(refused(z.object({ name: z.string() }), {}, 'ru').message, '«name»: не заполнено');
    assert.equal(refused(z.object({ name: z.string() }), {}, 'en').message, '"name": is required');
  });

  it('keeps a message the schema wrote itself', () => {
    const own = z.object({ to: z.string().refine((v) => v !== 'x', 'Дата окончания раньше начала') });
    assert.equal(refused(own, { to: 'x' }, 'ru', { to: 'По' }).message, '«По»: Дата окончания раньше начала');
  });
});
