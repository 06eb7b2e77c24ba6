/** Salesforce's ids, id columns and bookkeeping columns (see ids.ts). */
import type { Dialect } from '../engine/dialect';
import { SALESFORCE_SYSTEM_COLUMNS } from './default-mapping';
import { keyPrefix, STANDARD_KEY_PREFIXES, to18 } from './ids';

export const salesforceDialect: Dialect = {
  system: 'salesforce',
  sourceIdField: 'salesforceId',
  sourceIdLabel: 'Salesforce ID',
  idColumn: (_table, columns) =>
    columns.find((c) => c === 'Id') ?? columns.find((c) => c.toLowerCase() === 'id'),
  normaliseId: (raw) => (raw.length === 15 || raw.length === 18 ? to18(raw) : undefined),
  typeOf: (id) => keyPrefix(id),
  systemColumns: SALESFORCE_SYSTEM_COLUMNS,
};

export function salesforceTypeName(prefix: string): string | undefined {
  return STANDARD_KEY_PREFIXES[prefix];
}
