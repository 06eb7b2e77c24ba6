/**
 * The access layer's vocabulary: who is asking (`Principal`), what each
 * object's owner allows them (`ObjectPolicy`, declared with `definePolicy`),
 * and the only handles a route gets to data — a `ScopedReader` over views of
 * the read model with the principal's row filter and field mask applied, and a
 * `ScopedWriter` that checks the policy before anything reaches Twenty.
 * DESIGN.md "Access control"; docs/plugins.md "Access".
 */
import type { ObjectRef, RecordsApi, TwentyRecord } from '../../../sdk/index';
import type { StaffRole } from '../auth/index';
import type { PluginSettings } from '../settings/define-settings';

/** A Twenty workspace member signed in with a staff token. */
export interface StaffPrincipal {
  readonly kind: 'staff';
  readonly memberId: string;
  readonly email: string;
  readonly role: StaffRole;
}

declare const PARTNER_SCOPE: unique symbol;

/**
 * What an agency may work with, as the partner gateway resolved it for this request. Core carries
 * it and never looks inside: the gateway plugin (agencies) defines its shape, builds it and reads
 * it — in the restrictions it contributes to other plugins' objects (DESIGN.md: core knows no
 * plugin's domain). Only that plugin can make one (a cast from its own type).
 */
export interface PartnerScope {
  readonly [PARTNER_SCOPE]: 'resolved by the partner gateway';
}

/** An agency user signed in to the partner gateway (the agencies plugin issues these). */
export interface PartnerPrincipal {
  readonly kind: 'partner';
  readonly agencyId: string;
  readonly userId: string;
  readonly email?: string;
  readonly scope: PartnerScope;
}

/** Nobody signed in (public routes: assets, feeds). Policies give it nothing unless they say so. */
export interface AnonymousPrincipal {
  readonly kind: 'anonymous';
}

/**
 * The project itself: jobs, handlers, the CLI. Never the principal of a route request; the layer
 * refuses to build a route context for it.
 */
export interface SystemPrincipal {
  readonly kind: 'system';
  readonly reason: string;
}

export type Principal = StaffPrincipal | PartnerPrincipal | AnonymousPrincipal | SystemPrincipal;

export type FilterValue = string | number | boolean;

/**
 * Which rows a principal may see, as data (so the layer compiles it to SQL over the views, and the
 * writer checks it against a record). A plain object is a conjunction: each key a field as declared
 * (`kind`, `status`, `buildingId` for a relation, `id`), or a path through many-to-one relations
 * (`building.complexId`, `unit.building.complexId`); each value the allowed values (`null` admits an empty field).
 * `anyOf` / `allOf` combine filters; `{ not: filter }` admits what the filter does not (a row
 * whose condition is unknown counts as not admitted by it). `inRecords` admits the rows whose `key` (default `id`) is among
 * the values of `field` in another replicated object's rows that `where` admits — the record grants
 * of the teams plugin: `{ inRecords: { object: 'recordAccessGrant', field: 'recordId', where:
 * { memberId: [me], objectName: ['opportunity'] } } }`.
 */
export type RowFilter =
  | { readonly anyOf: readonly RowFilter[] }
  | { readonly allOf: readonly RowFilter[] }
  | { readonly inRecords: InRecordsFilter }
  | { readonly not: RowFilter }
  | { readonly [field: string]: readonly (FilterValue | null)[] };

/** `key in (select field from <object's view> where <where>)`; the other object's own policy is not applied. */
export interface InRecordsFilter {
  /** A field of the filtered object (default `id`). */
  readonly key?: string;
  /** The replicated object holding the values. */
  readonly object: string;
  /** Its field whose values admit a row (compared as text when the types differ). */
  readonly field: string;
  /** Which of its rows count (default: all). */
  readonly where?: RowFilter;
}

/** `all` rows, `none`, or those a filter admits. */
export type RowRule = 'all' | 'none' | RowFilter;

/** `all` fields, or the declared fields the principal may see (system fields — id, createdAt, updatedAt — always show). */
export type FieldRule = 'all' | readonly string[];

export type WriteAction = 'create' | 'update' | 'delete';

export interface WriteIntent {
  readonly action: WriteAction;
  /** The record as the principal's reader sees it (update, delete). */
  readonly before?: TwentyRecord;
  /** The values being written (create, update): only the changed fields for an update. */
  readonly values?: Readonly<Record<string, unknown>>;
}

/** `true`, or why not (said to the caller in the 403). */
export type WriteDecision = true | string;

export interface PolicyConfig {
  /** Rows the principal may read (`context`: the enabled plugins' settings, when the layer has them). */
  read(principal: Principal, context?: PolicyContext): RowRule;
  /** Fields the principal may read; default `all`. A masked field reads as null and cannot be written. */
  fields?(principal: Principal): FieldRule;
  /**
   * Whether the principal may make this write; default: staff may write what they can read,
   * nobody else may write. Rows outside `read` can never be written.
   */
  write?(principal: Principal, intent: WriteIntent): WriteDecision;
}

/** What a row rule may depend on besides the principal: a setting such as TEAMS_DEAL_VISIBILITY. */
export interface PolicyContext {
  readonly settings: PluginSettings;
}

export interface ObjectPolicy extends PolicyConfig {
  readonly kind: 'policy';
  readonly object: string;
}

/**
 * The default for an object no plugin wrote a policy for: staff read and write everything; partners
 * and anonymous callers get nothing.
 */
export const STAFF_ONLY: PolicyConfig = {
  read: (principal) => (principal.kind === 'staff' || principal.kind === 'system' ? 'all' : 'none'),
};

/** A route's view of the read model: only the objects the route declares, through the principal's policy. */
export interface ScopedReader {
  readonly principal: Principal;
  /**
   * SQL over the principal's views. Name each object in braces — `select id, floor from {unit} where
   * building_id = $1` — and the layer puts in its place the view of that object with the row filter
   * applied and masked columns as typed nulls. Columns are the declared fields in snake_case
   * (`total_area`), composites flattened (`price_amount_micros`, `price_currency_code`), many-to-one
   * relations as `<name>_id` (uuid), plus `id`, `created_at`, `updated_at`. Deleted rows are not in
   * the views. A statement naming a storage table, or an object the route did not declare, is refused.
   * A placeholder without an alias is aliased by the object's snake_case name (`{unitChange}` →
   * `unit_change`); the rule's values are bound after the caller's `$n`. One statement, a read only.
   */
  query<R extends Record<string, unknown> = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<R[]>;
  /** One record as REST would shape it (camelCase, composites nested, masked fields absent), or undefined when outside the scope. */
  get<T extends TwentyRecord = TwentyRecord>(
    object: string | ObjectRef<T>,
    id: string,
  ): Promise<T | undefined>;
  /**
   * Whether the object is replicated in this deployment (the plugin owning it is enabled). A
   * published read of a plugin another one only `uses` asks this before it queries.
   */
  has(object: string | ObjectRef<unknown>): boolean;
  /** The declared fields the principal may see of an object (`all` = every field). */
  fields(object: string | ObjectRef<unknown>): FieldRule;
  /** The row rule for the principal (for explaining "why can't I see it"). */
  rows(object: string | ObjectRef<unknown>): RowRule;
  /**
   * Staff only, when a partner gateway is installed: a reader over the same objects that sees what
   * agency X sees now (its current scope through every policy and restriction), so a staff view can
   * show "what agency X works with" (the chessboard's `agencyId` filter); undefined for an unknown agency.
   */
  asAgency?(agencyId: string): Promise<ScopedReader | undefined>;
}

/**
 * The sdk's records API as a route may use it, every call checked against the policy. Reads go to
 * Twenty (fresh, for what the read model may not hold yet) and come back only when the principal's
 * row rule admits the record, with masked fields removed; writes are refused (AccessError, 403) when
 * the row is outside the rule, a masked field is written, or `policy.write` says no.
 */
export type ScopedRecords<T extends TwentyRecord = TwentyRecord> = Pick<
  RecordsApi<T>,
  'list' | 'iterate' | 'get' | 'create' | 'createMany' | 'update' | 'upsert' | 'delete'
>;

export interface ScopedWriter {
  readonly principal: Principal;
  records<T extends TwentyRecord = TwentyRecord>(object: string | ObjectRef<T>): ScopedRecords<T>;
  /** Requests made to Twenty through this writer so far (imports report it). */
  requests(): number;
}

/** A changed record as the change feed reports it: an id and when; the data comes through a reader. */
export interface ChangedRecord {
  readonly id: string;
  /** The value of the feed's `key` field (e.g. the unit's buildingId), as text. */
  readonly key: string | null;
  readonly updatedAt: number;
}

/**
 * Which records of an object changed in the read model — by webhook, sweep or the project's own
 * writes. Listeners get ids only; they reload what they may see through their own reader.
 */
export interface ChangeFeed {
  subscribe(
    object: string | ObjectRef<unknown>,
    options: { key: string },
    listener: (changed: readonly ChangedRecord[]) => Promise<void> | void,
  ): () => void;
}

/**
 * The plugin's own tables in the store (checkpoints, sessions, logs): any statement over tables named
 * `<plugin>_…` (dashes as underscores). Read-model tables, views and core tables are refused.
 */
export interface PluginStorage {
  query<R extends Record<string, unknown> = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<R[]>;
  exec(sql: string): Promise<void>;
}

export class AccessError extends Error {
  readonly code: 'access_denied' | 'access_not_declared' | 'access_bad_query';
  readonly status: number;
  readonly field?: string;
  constructor(code: AccessError['code'], message: string, options: { field?: string } = {}) {
    super(message);
    this.name = 'AccessError';
    this.code = code;
    this.status = code === 'access_denied' ? 403 : 500;
    if (options.field !== undefined) this.field = options.field;
  }
}
