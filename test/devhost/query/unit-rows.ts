/** Column layout and value domains of the `units` table the PGlite query tests fill. */

export type Cell = string | number | boolean | string[] | null;
export type Row = { id: string } & Record<string, Cell>;

/** Columns named the way devhost stores unitObject's fields (composites as `<field><SubField>`). */
export const COLUMNS: [string, string][] = [
  ['id', 'uuid PRIMARY KEY'],
  ['createdAt', 'timestamptz'],
  ['deletedAt', 'timestamptz'],
  ['title', 'text'],
  ['floor', 'float8'],
  ['area', 'numeric'],
  ['isCorner', 'boolean'],
  ['status', 'text'],
  ['features', 'text[]'],
  ['tags', 'text[]'],
  ['handoverDate', 'date'],
  ['priceAmountMicros', 'bigint'],
  ['priceCurrencyCode', 'text'],
  ['buyerFirstName', 'text'],
  ['buyerLastName', 'text'],
  ['buildingId', 'uuid'],
];

export const TIMES = [
  '2024-01-01T00:00:00.000Z',
  '2024-03-01T12:00:00.000Z',
  '2024-03-01T12:00:00.001Z',
  '2024-12-31T23:59:59.999Z',
];

export const UUIDS = [
  '11111111-1111-4111-8111-111111111111',
  '22222222-2222-4222-8222-222222222222',
  '33333333-3333-4333-8333-333333333333',
];

export const VALUES = {
  title: [null, '', 'Alpha', 'alpha', 'Beta', 'A%b', 'A_b', "O'Neil", 'Gamma ray', 'b'],
  floor: [null, -1, 0, 1, 2.5, 3, 10],
  area: [null, '45.50', '60', '0.10', '100.25'],
  status: [null, 'FREE', 'RESERVED', 'SOLD'],
  features: [null, [], ['BALCONY'], ['VIEW', 'BALCONY'], ['TERRACE'], ['PARKING', 'VIEW', 'TERRACE']],
  tags: [null, [], ['a'], ['a', 'b'], ['b', 'c', 'a'], ['c']],
  handoverDate: [null, '2025-01-01', '2025-06-30', '2026-12-31', '2025-03-15'],
  amountMicros: [null, '-5', '0', '1000000', '2500000', '99999999999'],
  currencyCode: [null, 'RUB', 'USD', ''],
  lastName: [null, '', 'Ivanov', 'Petrov', 'Sidorov'],
} satisfies Record<string, Cell[]>;
