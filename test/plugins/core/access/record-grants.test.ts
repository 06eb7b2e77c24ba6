/**
 * Record grants in the access layer: the `inRecords` row filter (a subquery over another
 * object's view) and `defineRestriction`, through which a plugin that does not own an object
 * ANDs a row rule onto its policy — here on a standard object (opportunity) and on another
 * plugin's object.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  AccessError,
  type AccessLayer,
  compileRowRule,
  createAccessLayer,
  definePolicy,
  defineRestriction,
  intersectFieldRules,
  intersectRowRules,
  type PartnerScope,
  type Principal,
  type RowRule,
  restrictPolicy,
  type StaffPrincipal,
} from '../../../../plugins/core/access/index';
import {
  createRegistry,
  DeclarationError,
  defineField,
  defineObject,
  definePlugin,
  extendObject,
} from '../../../../plugins/core/plugin/index';
import { registerReadModelViews } from '../../../../plugins/core/read-model/index';
import { silentLogger, systemClock } from '../../../../plugins/core/runtime/index';
import { openStore, type Store } from '../../../../plugins/core/store/store';
import { createTwentyClient } from '../../../../sdk/index';

const ticket = defineObject({
  nameSingular: 'ticket',
  namePlural: 'tickets',
  labelSingular: 'Ticket',
  labelPlural: 'Tickets',
  fields: { title: defineField.text({ label: 'Title' }) },
});

const ticketGrant = defineObject({
  nameSingular: 'ticketGrant',
  namePlural: 'ticketGrants',
  labelSingular: 'Ticket grant',
  labelPlural: 'Ticket grants',
  fields: {
    member: defineField.relation({ label: 'Member', target: 'workspaceMember', inverseName: 'ticketGrants' }),
    objectName: defineField.text({ label: 'Object' }),
    recordId: defineField.text({ label: 'Record' }),
  },
});

const staff = (memberId: string, role: StaffPrincipal['role'] = 'sales'): StaffPrincipal => ({
  kind: 'staff',
  memberId,
  email: `${memberId.slice(0, 4)}@realty.test`,
  role,
});

/** Non-admin staff see rows granted to them or owned by them; admins and the system see all. */
const grantsOf =
  (object: string, owner?: string) =>
  (p: Principal): RowRule => {
    if (p.kind !== 'staff' || p.role === 'admin') return 'all';
    const granted = {
      inRecords: {
        object: 'ticketGrant',
        field: 'recordId',
        where: { memberId: [p.memberId], objectName: [object] },
      },
    };
    return owner ? { anyOf: [granted, { [owner]: [p.memberId] }] } : granted;
  };

const owning = definePlugin({
  name: 'helpdesk',
  description: 'tickets, readable by every staff member',
  objects: [ticket],
  readModel: [ticket, { object: 'opportunity' }],
  access: [
    definePolicy(ticket, { read: (p) => (p.kind === 'staff' || p.kind === 'system' ? 'all' : 'none') }),
  ],
});

const granting = definePlugin({
  name: 'grants',
  description: 'record grants on tickets and deals',
  dependsOn: ['helpdesk'],
  objects: [ticketGrant],
  extends: [
    extendObject('opportunity', { fields: { teamAccess: defineField.array({ label: 'Team access' }) } }),
  ],
  readModel: [{ object: ticketGrant, indexes: [{ fields: ['memberId', 'objectName'] }] }],
  restrictions: [
    defineRestriction(ticket, { description: 'tickets by grant', read: grantsOf('ticket') }),
    defineRestriction('opportunity', {
      description: 'deals by grant or owner',
      read: grantsOf('opportunity', 'ownerId'),
    }),
    defineRestriction('revenueScenario', {
      description: 'absent object',
      read: grantsOf('revenueScenario'),
      whenPresent: true,
    }),
  ],
});

describe('record grants in the access layer', () => {
  let store: Store;
  let access: AccessLayer;
  const anna = randomUUID();
  const boris = randomUUID();
  const t1 = randomUUID();
  const t2 = randomUUID();
  const d1 = randomUUID();
  const d2 = randomUUID();
  const registry = createRegistry([owning, granting]);

  before(async () => {
    store = await openStore();
    await registerReadModelViews(store.sql, store.readModel, registry.schema, registry.readModel);
    const at = new Date(Date.UTC(2026, 0, 1)).toISOString();
    const rows: [string, Record<string, unknown> & { id: string }][] = [
      ['ticket', { id: t1, title: 'first' }],
      ['ticket', { id: t2, title: 'second' }],
      ['opportunity', { id: d1, name: 'Deal 1', ownerId: boris }],
      ['opportunity', { id: d2, name: 'Deal 2', ownerId: null }],
      ['ticketGrant', { id: randomUUID(), memberId: anna, objectName: 'ticket', recordId: t1 }],
      ['ticketGrant', { id: randomUUID(), memberId: anna, objectName: 'opportunity', recordId: d2 }],
      // A grant on another object with the same id must not leak.
      ['ticketGrant', { id: randomUUID(), memberId: boris, objectName: 'opportunity', recordId: t2 }],
    ];
    await store.readModel.applyEvents(
      rows.map(([objectName, record]) => ({
        objectName,
        action: 'created',
        record: { createdAt: at, updatedAt: at, ...record },
      })),
    );
    access = createAccessLayer({
      sql: store.sql,
      readModel: store.readModel,
      twenty: createTwentyClient({ url: 'http://127.0.0.1:9', apiKey: 'unused', limiter: false }),
      registry,
      settings: new Map(),
      clock: systemClock,
      log: silentLogger,
      links: { twentyUrl: 'http://twenty.test', publicUrl: 'http://app.test' },
    });
  });
  after(async () => {
    await store.close();
  });

  const ids = async (p: Principal, object: string) =>
    (await access.reader(p, [object]).query<{ id: string }>(`select id::text as id from {${object}}`))
      .map((r) => r.id)
      .sort();

  it('compiles inRecords to a subquery over the other object’s view, comparing as text when types differ', () => {
    const params: unknown[] = [];
    const sql = compileRowRule(
      { inRecords: { object: 'ticketGrant', field: 'recordId', where: { memberId: [anna] } } },
      'ticket',
      {
        schema: registry.schema,
        hasView: () => true,
        bind: (v) => {
          params.push(v);
          return `$${params.length}`;
        },
      },
    );
    assert.equal(
      sql,
      '(id::text in (select record_id::text from rv_ticket_grant where (member_id = any($1::uuid[]))))',
    );
    assert.deepEqual(params, [[anna]]);
  });

  it('narrows a plugin’s object to the rows granted to the member, through a restriction declared by another plugin', async () => {
    assert.deepEqual(await ids(staff(anna), 'ticket'), [t1]);
    assert.deepEqual(await ids(staff(boris), 'ticket'), []);
    assert.deepEqual(await ids(staff(boris, 'admin'), 'ticket'), [t1, t2].sort());
  });

  it('admits a standard object’s rows by grant or by Twenty’s owner field, never by a grant on another object', async () => {
    assert.deepEqual(await ids(staff(anna), 'opportunity'), [d2]);
    assert.deepEqual(await ids(staff(boris), 'opportunity'), [d1]);
    const one = await access.reader(staff(anna), ['opportunity']).get('opportunity', d1);
    assert.equal(one, undefined);
    assert.equal((await access.reader(staff(anna), ['opportunity']).get('opportunity', d2))?.name, 'Deal 2');
  });

  it('negates a filter with not: rows granted to nobody, nulls counted as not admitted', async () => {
    const ungranted = {
      not: {
        inRecords: { object: 'ticketGrant', field: 'recordId', where: { objectName: ['opportunity'] } },
      },
    };
    const rows = await access
      .reader(staff(anna, 'admin'), ['opportunity'])
      .query<{ id: string }>('select id::text as id from {opportunity} where id = any($1::uuid[])', [
        [d1, d2],
      ]);
    assert.equal(rows.length, 2);
    const params: unknown[] = [];
    const where = compileRowRule(ungranted, 'opportunity', {
      schema: registry.schema,
      hasView: () => true,
      bind: (v) => {
        params.push(v);
        return `$${params.length}`;
      },
    });
    const r = await store.sql.query<{ id: string }>(
      `select id::text as id from rv_opportunity where ${where}`,
      params,
    );
    assert.deepEqual(
      r.rows.map((x) => x.id),
      [d1],
    );
  });

  it('refuses writes to rows outside the narrowed rule before anything reaches Twenty', async () => {
    const writer = access.writer(staff(anna), ['ticket']);
    await assert.rejects(
      writer.records('ticket').create({ id: randomUUID(), title: 'new' }),
      (e: unknown) => {
        assert.ok(e instanceof AccessError);
        assert.equal(e.status, 403);
        return true;
      },
    );
  });

  it('can only narrow: none wins, all drops out, the owner’s rule stays', () => {
    assert.equal(intersectRowRules(['all', 'all']), 'all');
    assert.equal(intersectRowRules([{ a: ['1'] }, 'none']), 'none');
    assert.deepEqual(intersectRowRules(['all', { a: ['1'] }]), { a: ['1'] });
    assert.deepEqual(intersectRowRules([{ a: ['1'] }, { b: ['2'] }]), {
      allOf: [{ a: ['1'] }, { b: ['2'] }],
    });
    const partner: Principal = {
      kind: 'partner',
      agencyId: randomUUID(),
      userId: randomUUID(),
      scope: {} as PartnerScope,
    };
    assert.equal(registry.policyFor('ticket').read(partner), 'none');
    assert.equal(registry.restrictionsOf('ticket').length, 1);
  });

  it('narrows fields too: a restriction’s field rule keeps only the fields both name', () => {
    assert.equal(intersectFieldRules(['all', 'all']), 'all');
    assert.deepEqual(intersectFieldRules(['all', ['a', 'b']]), ['a', 'b']);
    assert.deepEqual(
      intersectFieldRules([
        ['a', 'b', 'c'],
        ['c', 'a', 'z'],
      ]),
      ['a', 'c'],
    );
    const owner = definePolicy('ticket', {
      read: () => 'all',
      fields: (p) => (p.kind === 'partner' ? ['title', 'price', 'secret'] : 'all'),
    });
    const narrowed = restrictPolicy(owner, [
      defineRestriction('ticket', {
        description: 'partners: no price',
        read: () => 'all',
        fields: (p) => (p.kind === 'partner' ? ['title', 'body'] : 'all'),
      }),
    ]);
    const partner: Principal = {
      kind: 'partner',
      agencyId: randomUUID(),
      userId: randomUUID(),
      scope: {} as PartnerScope,
    };
    assert.deepEqual(narrowed.fields?.(partner), ['title'], 'never a field the owner hides (body)');
    assert.equal(narrowed.fields?.(staff(randomUUID())), 'all');
    assert.throws(
      () => defineRestriction('ticket', { description: 'x', read: () => 'all', fields: 'all' as never }),
      /fields must be a function/,
    );
  });

  it('refuses a restriction of an object nobody declares, unless it is marked whenPresent', () => {
    assert.throws(
      () =>
        createRegistry([
          definePlugin({
            name: 'stray',
            description: 'restricts what is not there',
            restrictions: [defineRestriction('nothingHere', { description: 'x', read: () => 'all' })],
          }),
        ]),
      (e: unknown) => e instanceof DeclarationError && /restricts "nothingHere"/.test(e.message),
    );
    assert.throws(
      () => defineRestriction('ticket', { description: '', read: () => 'all' }),
      DeclarationError,
    );
  });
});
