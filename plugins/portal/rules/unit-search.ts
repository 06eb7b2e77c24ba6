/**
 * The site API's unit search: its query (filters in people's units — rubles, m² — with Russian
 * labels for errors) and the opaque cursor (the last row's price and id: keyset paging, stable
 * while units change).
 */
import { z } from 'zod';
import { UNIT_KIND_VALUES } from '../../registry/index';

const optionalNumber = (label: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return undefined;
      const n = Number(v.replace(',', '.'));
      if (!Number.isFinite(n) || n < 0) {
        ctx.addIssue({ code: 'custom', message: `«${v}» — не число (например, 45 или 45,5)` });
        return z.NEVER;
      }
      return n;
    })
    .describe(label);

const uuid = (label: string) =>
  z.uuid({ message: 'нужен идентификатор вида 8-4-4-4-12' }).optional().describe(label);

export const unitSearchQuery = z.object({
  complexId: uuid('ЖК'),
  buildingId: uuid('Корпус'),
  kind: z.enum(UNIT_KIND_VALUES).optional().describe('Тип помещения'),
  rooms: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return undefined;
      const parts = v.split(',').map((s) => s.trim());
      if (!parts.every((p) => /^\d{1,2}$/.test(p))) {
        ctx.addIssue({
          code: 'custom',
          message: `«${v}» — перечислите числа комнат через запятую (0 — студия)`,
        });
        return z.NEVER;
      }
      return parts.map(Number);
    })
    .describe('Комнат'),
  areaMin: optionalNumber('Площадь от'),
  areaMax: optionalNumber('Площадь до'),
  priceMin: optionalNumber('Цена от'),
  priceMax: optionalNumber('Цена до'),
  floorMin: optionalNumber('Этаж от'),
  floorMax: optionalNumber('Этаж до'),
  cursor: z.string().max(200).optional().describe('Курсор'),
  limit: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return 20;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 100) {
        ctx.addIssue({ code: 'custom', message: `«${v}» — целое число от 1 до 100` });
        return z.NEVER;
      }
      return n;
    })
    .describe('Сколько на странице'),
});

export type UnitSearch = z.infer<typeof unitSearchQuery>;

export interface Cursor {
  priceMicros: number;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.priceMicros, c.id])).toString('base64url');
}

export function decodeCursor(text: string): Cursor | undefined {
  try {
    const v = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(v) || v.length !== 2) return undefined;
    const [p, id] = v as [unknown, unknown];
    if (typeof p !== 'number' || !Number.isFinite(p) || typeof id !== 'string') return undefined;
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    return { priceMicros: p, id };
  } catch {
    return undefined;
  }
}

/** The SQL conditions and parameters of a search, after `$1…$offset`. */
export function searchConditions(
  q: UnitSearch,
  cursor: Cursor | undefined,
): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (q.complexId)
    where.push(`u.building_id in (select id from {building} where complex_id = ${p(q.complexId)}::uuid)`);
  if (q.buildingId) where.push(`u.building_id = ${p(q.buildingId)}::uuid`);
  if (q.kind) where.push(`u.kind = ${p(q.kind)}`);
  if (q.rooms) where.push(`u.rooms = any(${p(q.rooms)}::numeric[])`);
  if (q.areaMin !== undefined) where.push(`u.total_area >= ${p(q.areaMin)}`);
  if (q.areaMax !== undefined) where.push(`u.total_area <= ${p(q.areaMax)}`);
  if (q.priceMin !== undefined) where.push(`u.price_amount_micros >= ${p(Math.round(q.priceMin * 1e6))}`);
  if (q.priceMax !== undefined) where.push(`u.price_amount_micros <= ${p(Math.round(q.priceMax * 1e6))}`);
  if (q.floorMin !== undefined) where.push(`u.floor >= ${p(q.floorMin)}`);
  if (q.floorMax !== undefined) where.push(`u.floor <= ${p(q.floorMax)}`);
  if (cursor)
    where.push(`(u.price_amount_micros, u.id) > (${p(cursor.priceMicros)}::numeric, ${p(cursor.id)}::uuid)`);
  return { where, params };
}
