/**
 * Writing records: create (one, batch, upsert), update, soft delete, destroy,
 * restore. Each call is one transaction; the events it produced are handed to
 * `onCommit` only after COMMIT, so a rolled-back batch sends no webhook.
 */
import type { AuthContext } from '../auth/api-keys';
import type { Sql } from '../db';
import { badRequest, DevhostHttpError, notFound } from '../errors';
import { uniqueColumns } from '../metadata/schema-ddl';
import { type FieldMeta, type ObjectMeta, quoteIdent } from '../metadata/types';
import type { RecordEvent } from '../webhooks/record-event';
import { MAX_RECORDS } from './list-params';
import { formatRecord, type RecordJson, type Row, selectList } from './record-format';
import { type FileItem, type ParsedInput, parseRecordInput } from './record-input';
import type { RecordReader } from './record-reads';
import { whereClause } from './record-reads';

type Emit = (event: RecordEvent) => void;

export interface WriteResult {
  rows: Row[];
}

/** Claims the files a FILES field value names (devhost/files/file-store.ts), in the write's transaction. */
export interface FilesClaimer {
  claim(tx: Sql, field: FieldMeta, fileIds: string[]): Promise<Map<string, string>>;
}

export class RecordWriter {
  constructor(
    private readonly sql: Sql,
    private readonly reader: RecordReader,
    private readonly onCommit: (events: RecordEvent[]) => void,
    private readonly files?: FilesClaimer,
  ) {}

  /**
   * Files newly named by FILES fields are claimed (each once, Twenty's rule); files the rows
   * already held stay. The stored item gains the file's extension, as Twenty stores it.
   */
  private async claimFiles(tx: Sql, object: ObjectMeta, values: Map<string, unknown>, before: Row[] = []) {
    for (const field of object.fields) {
      if (field.type !== 'FILES' || !values.has(field.name)) continue;
      const raw = values.get(field.name);
      if (raw === null || raw === undefined) continue;
      const items = JSON.parse(raw as string) as FileItem[];
      const held = new Set(
        before
          .flatMap((r) => (Array.isArray(r[field.name]) ? (r[field.name] as FileItem[]) : []))
          .map((f) => f.fileId),
      );
      const fresh = items.map((i) => i.fileId).filter((id) => !held.has(id));
      if (new Set(fresh).size !== fresh.length)
        throw badRequest(`field '${field.name}' names the same file twice`);
      if (!this.files && fresh.length > 0)
        throw badRequest(`field '${field.name}': this host stores no files`);
      const extensions = this.files ? await this.files.claim(tx, field, fresh) : new Map<string, string>();
      const previous = new Map(
        before
          .flatMap((r) => (Array.isArray(r[field.name]) ? (r[field.name] as FileItem[]) : []))
          .map((f) => [f.fileId, f]),
      );
      values.set(
        field.name,
        JSON.stringify(
          items.map((i) => ({
            ...i,
            extension: extensions.get(i.fileId) ?? previous.get(i.fileId)?.extension ?? '',
          })),
        ),
      );
    }
  }

  private async write<T>(auth: AuthContext, fn: (tx: Sql, emit: Emit) => Promise<T>): Promise<T> {
    const events: RecordEvent[] = [];
    const member = auth.workspaceMemberId;
    const result = await this.sql.transaction((tx) =>
      fn(tx, (e) => events.push(member ? { ...e, workspaceMemberId: member } : e)),
    );
    if (events.length > 0) this.onCommit(events);
    return result;
  }

  private parse(
    object: ObjectMeta,
    body: unknown,
    auth: AuthContext,
    mode: 'create' | 'update',
  ): ParsedInput {
    return parseRecordInput(object, body, {
      mode,
      canUpdateField: (f) => auth.permissions.canUpdateField(object, f),
    });
  }

  private actorValues(
    object: ObjectMeta,
    prefix: 'createdBy' | 'updatedBy',
    auth: AuthContext,
    source = 'API',
  ): [string, unknown][] {
    if (!object.fields.some((f) => f.name === prefix)) return [];
    // A member's session (devhost: X-Devhost-Workspace-Member) writes as Twenty's UI does.
    const member = auth.workspaceMemberId ?? null;
    return [
      [`${prefix}Source`, member ? 'MANUAL' : source],
      [`${prefix}WorkspaceMemberId`, member],
      [`${prefix}Name`, auth.apiKeyName],
      [`${prefix}Context`, '{}'],
    ];
  }

  async create(
    object: ObjectMeta,
    bodies: unknown[],
    auth: AuthContext,
    options: { upsert: boolean; batch: boolean },
  ): Promise<RecordJson[]> {
    auth.permissions.assert(object, 'update');
    if (options.batch && bodies.length === 0) throw badRequest('Input must not be empty');
    if (bodies.length > MAX_RECORDS)
      throw badRequest(`Maximum number of records to upsert is ${MAX_RECORDS}.`);
    const inputs = bodies.map((b) => this.parse(object, b, auth, 'create'));
    const rows = await this.write(auth, async (tx, emit) => {
      if (!options.upsert) return this.insert(tx, object, inputs, auth, emit);
      const out: Row[] = [];
      for (const input of inputs) out.push(await this.upsertOne(tx, object, input, auth, emit));
      return out;
    });
    return this.reader.format(object, rows, auth, 0);
  }

  private async insert(
    tx: Sql,
    object: ObjectMeta,
    inputs: ParsedInput[],
    auth: AuthContext,
    emit: Emit,
  ): Promise<Row[]> {
    const hasPosition = object.fields.some((f) => f.name === 'position');
    let nextPosition = 0;
    if (hasPosition && inputs.some((i) => !i.values.has('position'))) {
      const r = await tx.query<{ p: number }>(
        `SELECT coalesce(min("position"), 0)::float8 AS p FROM ${object.tableName}`,
      );
      nextPosition = (r.rows[0]?.p ?? 0) - 1;
    }
    const valueRows = inputs.map((input) => {
      const values = new Map(input.values);
      for (const [c, v] of this.actorValues(object, 'createdBy', auth, input.createdBySource))
        values.set(c, v);
      for (const [c, v] of this.actorValues(object, 'updatedBy', auth)) values.set(c, v);
      if (hasPosition && !values.has('position')) values.set('position', nextPosition--);
      return values;
    });
    for (const values of valueRows) await this.claimFiles(tx, object, values);
    const columns = [...new Set(valueRows.flatMap((v) => [...v.keys()]))];
    const params: unknown[] = [];
    const tuples = valueRows.map(
      (values) =>
        `(${columns.map((c) => (values.has(c) ? `$${params.push(values.get(c))}` : 'DEFAULT')).join(', ')})`,
    );
    const sql =
      columns.length === 0
        ? `INSERT INTO ${object.tableName} DEFAULT VALUES RETURNING ${selectList(object)}`
        : `INSERT INTO ${object.tableName} (${columns.map(quoteIdent).join(', ')}) VALUES ${tuples.join(', ')} RETURNING ${selectList(object)}`;
    const result = await tx.query<Row>(sql, params);
    for (const row of result.rows) emit({ action: 'created', object, record: formatRecord(object, row) });
    return result.rows;
  }

  /**
   * Twenty's upsert: match by id or any unique field, soft-deleted records included; one match is
   * updated with the fields given (and restored), none creates, more is an error
   * (common-create-many-query-runner.service.ts: findExistingRecords `withDeleted()`, then
   * `updateMany` with the partial record and `deletedAt: null`).
   */
  private async upsertOne(
    tx: Sql,
    object: ObjectMeta,
    input: ParsedInput,
    auth: AuthContext,
    emit: Emit,
  ): Promise<Row> {
    const params: unknown[] = [];
    const conditions: string[] = [];
    if (input.values.has('id')) conditions.push(`id = $${params.push(input.values.get('id'))}`);
    for (const field of object.fields.filter((f) => f.isUnique)) {
      const cols = uniqueColumns(field);
      if (
        cols.length === 0 ||
        cols.some((c) => input.values.get(c) === undefined || input.values.get(c) === null)
      )
        continue;
      conditions.push(
        `(${cols.map((c) => `${quoteIdent(c)} = $${params.push(input.values.get(c))}`).join(' AND ')})`,
      );
    }
    if (conditions.length > 0) {
      const found = await tx.query<{ id: string }>(
        `SELECT id FROM ${object.tableName} WHERE ${conditions.join(' OR ')} FOR UPDATE`,
        params,
      );
      if (found.rows.length > 1) {
        throw badRequest(
          `Multiple ${object.namePlural} match this upsert (${found.rows.map((r) => r.id).join(', ')}): it must match at most one record`,
        );
      }
      if (found.rows.length === 1) {
        const values = new Map(input.values);
        values.delete('id');
        values.set('deletedAt', null);
        const [row] = await this.updateRows(tx, object, `id = $1`, [found.rows[0].id], values, auth, emit);
        return row;
      }
    }
    const [row] = await this.insert(tx, object, [input], auth, emit);
    return row;
  }

  /** Updates the rows matched by `where`, emitting one `updated` event per row with the fields that changed. */
  private async updateRows(
    tx: Sql,
    object: ObjectMeta,
    where: string,
    params: unknown[],
    values: Map<string, unknown>,
    auth: AuthContext,
    emit: Emit,
  ): Promise<Row[]> {
    const before = await tx.query<Row>(
      `SELECT ${selectList(object)} FROM ${object.tableName} WHERE ${where} ORDER BY id FOR UPDATE`,
      params,
    );
    if (before.rows.length === 0) return [];
    const all = new Map(values);
    await this.claimFiles(tx, object, all, before.rows);
    for (const [c, v] of this.actorValues(object, 'updatedBy', auth)) all.set(c, v);
    const updateParams: unknown[] = [before.rows.map((r) => r.id)];
    const sets = [...all].map(([c, v]) => `${quoteIdent(c)} = $${updateParams.push(v)}`);
    sets.push('"updatedAt" = now()');
    const after = await tx.query<Row>(
      `UPDATE ${object.tableName} SET ${sets.join(', ')} WHERE id = ANY($1::uuid[]) RETURNING ${selectList(object)}`,
      updateParams,
    );
    const beforeById = new Map(before.rows.map((r) => [r.id, formatRecord(object, r)]));
    const rows = before.rows.map((b) => after.rows.find((a) => a.id === b.id) as Row);
    for (const row of rows) {
      const record = formatRecord(object, row);
      const previous = beforeById.get(row.id) ?? {};
      const updatedFields = Object.keys(record).filter(
        (k) =>
          k !== 'updatedAt' && k !== 'updatedBy' && JSON.stringify(record[k]) !== JSON.stringify(previous[k]),
      );
      emit({ action: 'updated', object, record, updatedFields });
    }
    return rows;
  }

  async updateOne(object: ObjectMeta, id: string, body: unknown, auth: AuthContext): Promise<RecordJson> {
    auth.permissions.assert(object, 'update');
    const input = this.parse(object, body, auth, 'update');
    const rows = await this.write(auth, (tx, emit) =>
      this.updateRows(tx, object, 'id = $1 AND "deletedAt" IS NULL', [id], input.values, auth, emit),
    );
    if (rows.length === 0) throw notFound();
    const [record] = await this.reader.format(object, rows, auth, 0);
    return record;
  }

  async updateMany(
    object: ObjectMeta,
    filter: string | undefined,
    body: unknown,
    auth: AuthContext,
  ): Promise<RecordJson[]> {
    auth.permissions.assert(object, 'update');
    if (!filter) throw badRequest('Filters are mandatory for bulk update operations');
    const input = this.parse(object, body, auth, 'update');
    const params: unknown[] = [];
    const where = whereClause(object, filter, params);
    const rows = await this.write(auth, (tx, emit) =>
      this.updateRows(tx, object, where.sql, params, input.values, auth, emit),
    );
    return this.reader.format(object, rows, auth, 0);
  }

  /** Soft delete (sets deletedAt, event `deleted`) or destroy (event `destroyed`); both send the record as it was. */
  async delete(
    object: ObjectMeta,
    scope: { id: string } | { filter: string | undefined },
    soft: boolean,
    auth: AuthContext,
  ): Promise<{ id: string }[]> {
    auth.permissions.assert(object, soft ? 'softDelete' : 'destroy');
    const params: unknown[] = [];
    let where: string;
    if ('id' in scope) {
      params.push(scope.id);
      where = soft ? 'id = $1 AND "deletedAt" IS NULL' : 'id = $1';
    } else {
      // Each with its own message (rest-api-core-delete.integration-spec.ts, Delete/Destroy Many).
      if (!scope.filter)
        throw badRequest(`Filters are mandatory for bulk ${soft ? 'delete' : 'destroy'} operations`);
      where = whereClause(object, scope.filter, params).sql;
    }
    const rows = await this.write(auth, async (tx, emit) => {
      const before = await tx.query<Row>(
        `SELECT ${selectList(object)} FROM ${object.tableName} WHERE ${where} ORDER BY id FOR UPDATE`,
        params,
      );
      const ids = before.rows.map((r) => r.id);
      if (ids.length === 0) return [];
      if (soft)
        await tx.query(`UPDATE ${object.tableName} SET "deletedAt" = now() WHERE id = ANY($1::uuid[])`, [
          ids,
        ]);
      else await tx.query(`DELETE FROM ${object.tableName} WHERE id = ANY($1::uuid[])`, [ids]);
      for (const row of before.rows)
        emit({ action: soft ? 'deleted' : 'destroyed', object, record: formatRecord(object, row) });
      return before.rows;
    });
    if ('id' in scope && rows.length === 0) throw notFound();
    return rows.map((r) => ({ id: r.id as string }));
  }

  async restore(
    object: ObjectMeta,
    scope: { id: string } | { filter: string | undefined },
    auth: AuthContext,
  ): Promise<RecordJson[]> {
    auth.permissions.assert(object, 'softDelete');
    const params: unknown[] = [];
    let where: string;
    if ('id' in scope) {
      params.push(scope.id);
      where = 'id = $1 AND "deletedAt" IS NOT NULL';
    } else {
      if (!scope.filter) throw badRequest('Filters are mandatory for bulk restore operations');
      const w = whereClause(object, scope.filter, params, { withDeleted: true });
      where = `${w.sql} AND "deletedAt" IS NOT NULL`;
    }
    const rows = await this.write(auth, async (tx, emit) => {
      const result = await tx.query<Row>(
        `UPDATE ${object.tableName} SET "deletedAt" = NULL WHERE ${where} RETURNING ${selectList(object)}`,
        params,
      );
      for (const row of result.rows) emit({ action: 'restored', object, record: formatRecord(object, row) });
      return result.rows;
    });
    if ('id' in scope && rows.length === 0) throw notFound();
    return this.reader.format(object, rows, auth, 0);
  }
}

export function assertBatchBody(body: unknown): unknown[] {
  if (!Array.isArray(body)) throw new DevhostHttpError(400, 'Body must be an array of records');
  return body;
}
