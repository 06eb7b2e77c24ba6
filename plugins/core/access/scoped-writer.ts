/**
 * The scoped writer: the sdk's records API over the project's Twenty client,
 * every call checked against the object's policy. Reads come back only when
 * the principal's row rule admits the record (checked against the record as
 * Twenty returned it, so fresh records need not be replicated yet), masked
 * fields removed. Writes are refused with a 403 that says why: the row is
 * outside the rule (before or after the change), a hidden field is written,
 * or the policy's `write` says no (default: staff may write what they read).
 */
import { randomUUID } from 'node:crypto';
import {
  type ListParams,
  type ObjectRef,
  type TwentyClient,
  TwentyNotFoundError,
  type TwentyRecord,
} from '../../../sdk/index';
import type { AccessScope } from './access-scope';
import {
  AccessError,
  type Principal,
  type ScopedRecords,
  type ScopedWriter,
  type WriteDecision,
  type WriteIntent,
} from './access-types';

const deny = (message: string) => new AccessError('access_denied', message);

/** Staff (and the project itself) may write what they can read; nobody else may write. */
export function defaultWriteDecision(principal: Principal, object: string): WriteDecision {
  return principal.kind === 'staff' || principal.kind === 'system'
    ? true
    : `only staff may change ${object} records`;
}

/** Counts the client's requests while at least one call of this writer is under way. */
function requestCounter(twenty: TwentyClient) {
  let active = 0;
  let base = 0;
  let total = 0;
  return {
    async run<R>(call: () => Promise<R>): Promise<R> {
      if (active++ === 0) base = twenty.stats().requests;
      try {
        return await call();
      } finally {
        if (--active === 0) total += twenty.stats().requests - base;
      }
    },
    total: () => total + (active > 0 ? twenty.stats().requests - base : 0),
  };
}

export function createScopedWriter(scope: AccessScope, twenty: TwentyClient): ScopedWriter {
  const counter = requestCounter(twenty);

  const records = <T extends TwentyRecord>(object: string | ObjectRef<T>): ScopedRecords<T> => {
    const name = scope.declared(object);
    const api = twenty.records<T>(name);
    const policy = scope.policy(name);
    const rows = () => scope.rows(name);

    const readable = async (list: readonly T[]): Promise<T[]> => {
      if (rows() === 'all') return list.map((r) => scope.mask(name, r));
      const admitted = await scope.admitted(name, list);
      return list.filter((r) => admitted.has(r.id)).map((r) => scope.mask(name, r));
    };

    const assertVisibleFields = (values: Partial<T>) => {
      for (const key of Object.keys(values)) {
        const field = scope.maskedField(name, key);
        if (field) throw deny(`you may not change "${field}" of ${name}: that field is hidden from you`);
      }
    };

    const assertAdmitted = async (record: Partial<T>, why: string) => {
      if (rows() === 'all') return;
      const candidate = { ...record, id: record.id ?? randomUUID() } as T;
      const admitted = await scope.admitted(name, [candidate]);
      if (!admitted.has(candidate.id)) throw deny(why);
    };

    const decide = (intent: WriteIntent) => {
      const decision = policy.write
        ? policy.write(scope.principal, intent)
        : defaultWriteDecision(scope.principal, name);
      if (decision !== true) throw deny(decision);
    };

    /** The record as it is in Twenty now, or undefined when Twenty has none. */
    const current = async (id: string): Promise<T | undefined> => {
      try {
        return await counter.run(() => api.get(id));
      } catch (error) {
        if (error instanceof TwentyNotFoundError) return undefined;
        throw error;
      }
    };

    const checkExisting = async (
      id: string,
      action: 'update' | 'delete',
      values: Partial<T> | undefined,
      found: T | undefined,
    ) => {
      if (rows() !== 'all') {
        if (!found) throw deny(`${name} ${id} is not among the records you may change`);
        await assertAdmitted(found, `${name} ${id} is not among the records you may change`);
        if (values)
          await assertAdmitted(
            { ...found, ...values },
            `this change would move ${name} ${id} outside the records you may change`,
          );
      }
      decide({
        action,
        ...(found ? { before: scope.mask(name, found) } : {}),
        ...(values ? { values } : {}),
      });
    };
    /** Twenty is asked for the record only when the row rule or the policy needs it. */
    const needsBefore = () => rows() !== 'all' || policy.write !== undefined;

    const checkCreate = async (values: Partial<T>) => {
      assertVisibleFields(values);
      await assertAdmitted(values, `this new ${name} would be outside the records you may change`);
      decide({ action: 'create', values });
    };

    return {
      async list(params?: ListParams) {
        const result = await counter.run(() => api.list(params));
        if (rows() === 'all') return { ...result, records: await readable(result.records) };
        const visible = await readable(result.records);
        // Twenty's total counts records the principal may not see; report what this page shows.
        return { ...result, records: visible, totalCount: visible.length };
      },
      async *iterate(params) {
        const chunk: T[] = [];
        const iterator = api.iterate(params)[Symbol.asyncIterator]();
        for (;;) {
          const next = await counter.run(() => iterator.next());
          if (!next.done) chunk.push(next.value);
          if (chunk.length >= 200 || (next.done && chunk.length > 0)) {
            for (const record of await readable(chunk.splice(0))) yield record;
          }
          if (next.done) return;
        }
      },
      async get(id, opts) {
        const record = await counter.run(() => api.get(id, opts));
        const [visible] = await readable([record]);
        if (!visible) throw deny(`${name} ${id} is not among the records you may see`);
        return visible;
      },
      async create(data, opts) {
        await checkCreate(data);
        return scope.mask(name, await counter.run(() => api.create(data, opts)));
      },
      async createMany(data, opts) {
        for (const values of data) await checkCreate(values);
        const created = await counter.run(() => api.createMany(data, opts));
        return created.map((r) => scope.mask(name, r));
      },
      async update(id, patch) {
        assertVisibleFields(patch);
        await checkExisting(id, 'update', patch, needsBefore() ? await current(id) : undefined);
        return scope.mask(name, await counter.run(() => api.update(id, patch)));
      },
      async upsert(data) {
        assertVisibleFields(data);
        if (data.id === undefined && rows() !== 'all')
          throw deny(
            `an upsert without an id could overwrite a ${name} you may not change; give the record's id`,
          );
        const found = data.id !== undefined && needsBefore() ? await current(data.id) : undefined;
        if (found && data.id !== undefined) await checkExisting(data.id, 'update', data, found);
        else await checkCreate(data);
        return scope.mask(name, await counter.run(() => api.upsert(data)));
      },
      async delete(id, opts) {
        await checkExisting(id, 'delete', undefined, needsBefore() ? await current(id) : undefined);
        return counter.run(() => api.delete(id, opts));
      },
    };
  };

  return { principal: scope.principal, records, requests: () => counter.total() };
}
