/**
 * Reading records: find many (filter, order, keyset pages, totalCount of the
 * filtered set), find one, find duplicates.
 */
import type { AuthContext } from '../auth/api-keys';
import type { Sql } from '../db';
import { badRequest, notFound } from '../errors';
import type { MetadataCache } from '../metadata/metadata-cache';
import { type ObjectMeta, quoteIdent } from '../metadata/types';
import {
  compileCursorPredicate,
  compileFilter,
  compileOrderBy,
  encodeCursor,
  type FilterNode,
  filterMentionsField,
  parseFilter,
  parseOrderBy,
  reverseOrder,
} from '../query/index';
import { parseDepth, parseLimit, type QueryString, queryParam } from './list-params';
import { formatRecord, type RecordJson, type Row, selectList } from './record-format';
import { UUID_PATTERN } from './record-input';
import { embedRelations } from './relations-embed';

const ROW_ALIAS = 'r';

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage?: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface FindManyResult {
  records: RecordJson[];
  totalCount: number;
  pageInfo: PageInfo;
}

/** WHERE clause of a filter plus the soft-delete rule of contract C10. */
export function whereClause(
  object: ObjectMeta,
  filter: string | undefined,
  params: unknown[],
  options: { withDeleted?: boolean } = {},
): { sql: string; node: FilterNode | null } {
  const node = filter !== undefined && filter !== '' ? parseFilter(filter) : null;
  const parts: string[] = [];
  if (node) parts.push(`(${compileFilter(node, object, params)})`);
  if (!options.withDeleted && !filterMentionsField(node, 'deletedAt')) parts.push('"deletedAt" IS NULL');
  return { sql: parts.length ? parts.join(' AND ') : 'TRUE', node };
}

export class RecordReader {
  constructor(
    private readonly sql: Sql,
    private readonly cache: MetadataCache,
    /** Adds what a read shows beyond the stored columns (signed URLs of FILES items). */
    private readonly decorate?: (object: ObjectMeta, record: RecordJson) => void,
  ) {}

  async format(
    object: ObjectMeta,
    rows: Row[],
    auth: AuthContext,
    depth: 0 | 1,
    sql: Sql = this.sql,
  ): Promise<RecordJson[]> {
    const reader = auth.permissions.fieldReader(object);
    const records = rows.map((row) => formatRecord(object, row, reader));
    if (this.decorate) for (const record of records) this.decorate(object, record);
    if (depth === 1) await embedRelations(sql, this.cache, object, rows, records, auth.permissions);
    return records;
  }

  /**
   * The records a write answered with, at the request's depth (C8): Twenty answers create one, create
   * many, update and find duplicates at `depth` like a read — depth=1 embeds each relation one level.
   */
  async atDepth(
    object: ObjectMeta,
    records: RecordJson[],
    auth: AuthContext,
    depth: 0 | 1,
  ): Promise<RecordJson[]> {
    if (depth === 0 || records.length === 0) return records;
    const ids = records.map((r) => r.id).filter((id): id is string => typeof id === 'string');
    const found = await this.sql.query<Row>(
      `SELECT ${selectList(object)} FROM ${object.tableName} WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    const rows = ids
      .map((id) => found.rows.find((row) => row.id === id))
      .filter((row): row is Row => row !== undefined);
    const embedded = await this.format(object, rows, auth, 1);
    const byId = new Map(embedded.map((r) => [r.id as string, r]));
    return records.map((r) => byId.get(r.id as string) ?? r);
  }

  async findMany(object: ObjectMeta, query: QueryString, auth: AuthContext): Promise<FindManyResult> {
    auth.permissions.assert(object, 'read');
    const limit = parseLimit(queryParam(query, 'limit'));
    const depth = parseDepth(queryParam(query, 'depth'));
    const startingAfter = queryParam(query, 'starting_after');
    const endingBefore = queryParam(query, 'ending_before');
    if (startingAfter && endingBefore)
      throw badRequest("'starting_after' and 'ending_before' cannot be used together");
    const params: unknown[] = [];
    const where = whereClause(object, queryParam(query, 'filter'), params);
    const terms = parseOrderBy(queryParam(query, 'order_by'), object);
    const countParams = [...params];
    const backwards = Boolean(endingBefore);
    const conditions = [where.sql];
    const cursor = startingAfter || endingBefore;
    if (cursor)
      conditions.push(compileCursorPredicate(cursor, terms, backwards ? 'before' : 'after', params));
    // Qualified: a bare ORDER BY name would bind to the select list's formatted alias (e.g. the
    // to_char of createdAt), which sorts strings and cannot use the column's index.
    const order = compileOrderBy(backwards ? reverseOrder(terms) : terms, ROW_ALIAS);
    const [count, page] = await Promise.all([
      this.sql.query<{ count: number }>(
        `SELECT count(*)::int AS count FROM ${object.tableName} WHERE ${where.sql}`,
        countParams,
      ),
      this.sql.query<Row>(
        `SELECT ${selectList(object)} FROM ${object.tableName} AS ${ROW_ALIAS} WHERE ${conditions.join(' AND ')} ORDER BY ${order} LIMIT ${limit + 1}`,
        params,
      ),
    ]);
    const more = page.rows.length > limit;
    const rows = page.rows.slice(0, limit);
    if (backwards) rows.reverse();
    const records = await this.format(object, rows, auth, depth);
    const pageInfo: PageInfo = {
      hasNextPage: !backwards && more,
      startCursor: rows.length ? encodeCursor(rows[0], terms) : null,
      endCursor: rows.length ? encodeCursor(rows[rows.length - 1], terms) : null,
    };
    if (backwards) pageInfo.hasPreviousPage = more;
    return { records, totalCount: count.rows[0]?.count ?? 0, pageInfo };
  }

  async findOne(object: ObjectMeta, id: string, query: QueryString, auth: AuthContext): Promise<RecordJson> {
    auth.permissions.assert(object, 'read');
    const depth = parseDepth(queryParam(query, 'depth'));
    const found = await this.sql.query<Row>(
      `SELECT ${selectList(object)} FROM ${object.tableName} WHERE id = $1 AND "deletedAt" IS NULL`,
      [id],
    );
    if (found.rows.length === 0) throw notFound();
    const [record] = await this.format(object, found.rows, auth, depth);
    return record;
  }

  /**
   * Twenty matches duplicates on per-object criteria (name, emails, domain …);
   * devhost uses the object's unique fields and its `name`.
   */
  async findDuplicates(
    object: ObjectMeta,
    body: unknown,
    auth: AuthContext,
    depth: 0 | 1 = 0,
  ): Promise<Record<string, unknown>[]> {
    auth.permissions.assert(object, 'read');
    const b = (body ?? {}) as { data?: unknown; ids?: unknown };
    // Twenty's messages (rest-api-core-find-duplicates.integration-spec.ts).
    if (b.data !== undefined && b.ids !== undefined)
      throw badRequest('You cannot provide both "data" and "ids" arguments');
    let inputs: Row[];
    if (b.ids !== undefined) {
      if (!Array.isArray(b.ids)) throw badRequest('The "ids" argument must be an array of record ids');
      const ids = b.ids.filter((x): x is string => typeof x === 'string' && UUID_PATTERN.test(x));
      const found = await this.sql.query<Row>(
        `SELECT ${selectList(object)} FROM ${object.tableName} WHERE id = ANY($1::uuid[])`,
        [ids],
      );
      inputs = found.rows;
    } else if (Array.isArray(b.data) && b.data.length > 0) {
      inputs = b.data.map((d) => flattenForMatch(d));
    } else {
      throw badRequest('The "data" condition can not be empty when "ids" input not provided');
    }
    const out: Record<string, unknown>[] = [];
    for (const input of inputs) {
      const params: unknown[] = [];
      const criteria = duplicateCriteria(object).flatMap((cols) => {
        if (cols.some((c) => input[c] === undefined || input[c] === null || input[c] === '')) return [];
        return [`(${cols.map((c) => `${quoteIdent(c)} = $${params.push(input[c])}`).join(' AND ')})`];
      });
      let rows: Row[] = [];
      if (criteria.length > 0) {
        const self = typeof input.id === 'string' ? ` AND id <> $${params.push(input.id)}` : '';
        const found = await this.sql.query<Row>(
          `SELECT ${selectList(object)} FROM ${object.tableName} WHERE (${criteria.join(' OR ')}) AND "deletedAt" IS NULL${self} ORDER BY id LIMIT 60`,
          params,
        );
        rows = found.rows;
      }
      const records = await this.format(object, rows, auth, depth);
      out.push({
        [`${object.nameSingular}Duplicates`]: records,
        totalCount: records.length,
        pageInfo: {
          hasNextPage: false,
          hasPreviousPage: false,
          startCursor: records[0]?.id ?? null,
          endCursor: records[records.length - 1]?.id ?? null,
        },
      });
    }
    return out;
  }
}

function duplicateCriteria(object: ObjectMeta): string[][] {
  const criteria: string[][] = [];
  for (const f of object.fields) {
    if (f.name === 'name' && f.type === 'TEXT') criteria.push(['name']);
    if (f.name === 'name' && f.type === 'FULL_NAME') criteria.push(['nameFirstName', 'nameLastName']);
    if (f.isUnique && f.type === 'EMAILS') criteria.push([`${f.name}PrimaryEmail`]);
    if (f.isUnique && f.type === 'LINKS') criteria.push([`${f.name}PrimaryLinkUrl`]);
    if (f.isUnique && !f.type.match(/EMAILS|LINKS|RELATION/)) criteria.push([f.name]);
  }
  if (object.nameSingular === 'company') criteria.push(['domainNamePrimaryLinkUrl']);
  return criteria;
}

function flattenForMatch(data: unknown): Row {
  const row: Row = {};
  if (!data || typeof data !== 'object') return row;
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [sub, v] of Object.entries(value as Record<string, unknown>))
        row[`${key}${sub.charAt(0).toUpperCase()}${sub.slice(1)}`] = v;
    } else row[key] = value;
  }
  return row;
}
