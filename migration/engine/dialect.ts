/**
 * What differs between source systems: how ids look and normalise, which
 * column holds a table's id, the Twenty field that keeps the source id, and the
 * namespace of the deterministic Twenty ids.
 */
import { uuidV5 } from '../../plugins/core/index';

export interface Dialect {
  readonly system: 'salesforce' | 'dynamics';
  /** The unique TEXT field on every target that keeps the source id. */
  readonly sourceIdField: string;
  readonly sourceIdLabel: string;
  /** The column holding a table's record id. */
  idColumn(table: string, columns: readonly string[]): string | undefined;
  /** The canonical id (18-char Salesforce id, lower-case GUID); undefined if not an id. */
  normaliseId(raw: string): string | undefined;
  /** The source's own type of a record id (a key prefix), when the id says it. */
  typeOf(id: string): string | undefined;
  /** Columns never migrated (system bookkeeping). */
  readonly systemColumns: ReadonlySet<string>;
}

/** The Twenty id of a source record (or of a record derived from it, with a `kind`). */
export function twentyId(dialect: Dialect, id: string, kind = 'record'): string {
  return uuidV5(`${dialect.system}:${kind}:${id}`);
}
