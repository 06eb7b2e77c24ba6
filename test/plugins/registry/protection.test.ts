/**
 * Protection of a unit's price and status against direct edits in Twenty's
 * UI, end to end: devhost delivers signed webhooks to the app server, the
 * runtime's worker runs the registry's handler. A member's session is played
 * with devhost's X-Devhost-Workspace-Member header (admin key only).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { Devhost } from '../../../devhost/server';
import type { Runtime } from '../../../plugins/core/runtime/runtime';
import { createProtectionHandler } from '../../../plugins/registry/handlers';
import {
  judgeUnitEdit,
  PROTECTED_STATUSES,
  type ProtectedValues,
} from '../../../plugins/registry/rules/protection';
import { createTwentyClient, eq, type TwentyClient, type TwentyRecord } from '../../../sdk/index';
import { type AppStack, pluginsFor, startAppStack } from '../../support/app-stack';
import { queueDrained, waitFor } from '../../support/wait';

const MICROS = 1_000_000;

let stack: AppStack;
let devhost: Devhost;
let runtime: Runtime;
let direct: TwentyClient;
let adminMemberId: string;
let salesMemberId: string;

before(async () => {
  stack = await startAppStack({ name: 'protection', webhook: true, plugins: pluginsFor('registry') });
  ({ devhost, runtime } = stack);
  // Writes from this client are not the runtime's own: their webhooks reach the handlers.
  direct = createTwentyClient({ url: devhost.url, apiKey: devhost.apiKey, limiter: false });
  const admin = await direct
    .records('workspaceMember')
    .list({ filter: eq('userEmail', 'admin@realty.local') });
  adminMemberId = (admin.records[0] as TwentyRecord).id;
  salesMemberId = (
    await direct.records('workspaceMember').create({
      name: { firstName: 'Sofia', lastName: 'Sales' },
      userEmail: 'sales@realty.local',
    })
  ).id;
});

after(async () => {
  await stack?.close();
});

/** Until the replica shows `updatedAt` and every queued job (read model + handlers) is done. */
async function settled(unitId: string, updatedAt: string): Promise<void> {
  await waitFor('the replica to hold the change', async () => {
    const row = await runtime.store.readModel.get('unit', unitId);
    return row?.updatedAt && row.updatedAt.getTime() >= Date.parse(updatedAt) ? true : undefined;
  });
  await queueDrained(runtime.store.queue);
}

async function newUnit(code: string, status: string, roubles: number): Promise<TwentyRecord> {
  const created = await direct.records('unit').create({
    externalCode: code,
    number: code.slice(-3),
    kind: 'FLAT',
    status,
    price: { amountMicros: roubles * MICROS, currencyCode: 'RUB' },
  });
  await settled(created.id, created.updatedAt as string);
  return created;
}

/** A PATCH as the member's session in Twenty's UI would make it. */
async function editAs(
  memberId: string,
  unitId: string,
  patch: Record<string, unknown>,
): Promise<TwentyRecord> {
  const res = await fetch(`${devhost.url}/rest/units/${unitId}`, {
    method: 'PATCH',
    headers: {
      authorization: `Bearer ${devhost.apiKey}`,
      'content-type': 'application/json',
      'x-devhost-workspace-member': memberId,
    },
    body: JSON.stringify(patch),
  });
  assert.equal(res.status, 200, await res.clone().text());
  const json = (await res.json()) as { data: { updateUnit: TwentyRecord } };
  return json.data.updateUnit;
}

const price = (r: TwentyRecord) => (r.price as { amountMicros: number }).amountMicros / MICROS;

async function changesOf(unitId: string): Promise<TwentyRecord[]> {
  return (await direct.records('unitChange').list({ filter: eq('unitId', unitId) })).records;
}

async function tasksFor(unitId: string): Promise<TwentyRecord[]> {
  const targets = (await direct.records('taskTarget').list({ filter: eq('unitId', unitId) })).records;
  const tasks: TwentyRecord[] = [];
  for (const t of targets) tasks.push(await direct.records('task').get(t.taskId as string));
  return tasks;
}

describe('direct edits of protected unit fields in Twenty', () => {
  it("reverts a non-admin's price change on a SOLD unit, logs it as MANUAL/REVERTED and tasks the admin", async () => {
    const sold = await newUnit('PROT-001', 'SOLD', 10_000_000);
    const edited = await editAs(salesMemberId, sold.id, {
      price: { amountMicros: 9_000_000 * MICROS, currencyCode: 'RUB' },
    });
    const changes = await waitFor('the REVERTED change', async () => {
      const list = await changesOf(sold.id);
      return list.length > 0 ? list : undefined;
    });
    const restored = await direct.records('unit').get(sold.id);
    assert.equal(price(restored), 10_000_000);
    assert.equal(restored.status, 'SOLD');
    assert.equal(changes.length, 1);
    const change = changes[0] as TwentyRecord;
    assert.equal(change.fieldName, 'price');
    assert.equal(change.source, 'MANUAL');
    assert.equal(change.status, 'REVERTED');
    assert.equal(change.oldValue, '10000000');
    assert.equal(change.newValue, '9000000');
    assert.match(String(change.changedBy), /sales@realty\.local/);
    const tasks = await waitFor('the task', async () => {
      const list = await tasksFor(sold.id);
      return list.length > 0 ? list : undefined;
    });
    assert.equal(tasks.length, 1);
    const task = tasks[0] as TwentyRecord;
    assert.equal(task.assigneeId, adminMemberId);
    assert.match(String(task.title), /PROT-001/);
    const markdown = String((task.bodyV2 as { markdown: string }).markdown);
    assert.match(markdown, /- Цена, ₽: 10000000 → 9000000 \(восстановлено\)/);
    assert.match(markdown, /Почему изменение отменено: помещение было в статусе «Продана»/);
    assert.doesNotMatch(markdown, /changed unit|Why it was/, 'in Russian');

    // The same event handled again (a retry, a replay) restores nothing new and adds no task.
    const handler = createProtectionHandler({
      adminEmails: ['admin@realty.local'],
      priceChangeLimitPercent: 15,
    });
    const event = {
      eventName: 'unit.updated',
      objectName: 'unit',
      action: 'updated',
      record: edited,
      updatedFields: ['price'],
      workspaceMemberId: salesMemberId,
    };
    const before = await direct.records('unit').get(sold.id);
    await handler(event, runtime.contextFor('registry'));
    const afterReplay = await direct.records('unit').get(sold.id);
    assert.equal(afterReplay.updatedAt, before.updatedAt, 'no second revert write');
    assert.equal((await changesOf(sold.id)).length, 1);
    assert.equal((await tasksFor(sold.id)).length, 1);
  });

  it("keeps an admin's price change on a SOLD unit", async () => {
    const sold = await newUnit('PROT-002', 'SOLD', 8_000_000);
    const edited = await editAs(adminMemberId, sold.id, {
      price: { amountMicros: 6_000_000 * MICROS, currencyCode: 'RUB' },
    });
    await settled(sold.id, edited.updatedAt as string);
    assert.equal(price(await direct.records('unit').get(sold.id)), 6_000_000);
    assert.equal((await changesOf(sold.id)).length, 0);
    assert.equal((await tasksFor(sold.id)).length, 0);
  });

  it("keeps a non-admin's status change and in-limit price change on a FREE unit", async () => {
    const free = await newUnit('PROT-003', 'FREE', 5_000_000);
    const small = await editAs(salesMemberId, free.id, {
      status: 'RESERVED',
      price: { amountMicros: 5_400_000 * MICROS, currencyCode: 'RUB' },
    });
    await settled(free.id, small.updatedAt as string);
    const kept = await direct.records('unit').get(free.id);
    assert.equal(kept.status, 'RESERVED');
    assert.equal(price(kept), 5_400_000);
    assert.equal((await changesOf(free.id)).length, 0);
  });

  it("reverts a non-admin's price jump beyond the limit on a free unit", async () => {
    const free = await newUnit('PROT-004', 'FREE', 5_000_000);
    await editAs(salesMemberId, free.id, {
      price: { amountMicros: 7_000_000 * MICROS, currencyCode: 'RUB' },
    });
    const changes = await waitFor('the REVERTED change', async () => {
      const list = await changesOf(free.id);
      return list.length > 0 ? list : undefined;
    });
    assert.equal((changes[0] as TwentyRecord).status, 'REVERTED');
    assert.equal(price(await direct.records('unit').get(free.id)), 5_000_000);
  });
});

describe('the protection rule', () => {
  const values = fc.record<ProtectedValues>({
    status: fc.constantFrom('FREE', 'RESERVED', 'IN_AUCTION', 'BOOKED', 'SOLD', 'NOT_FOR_SALE'),
    priceMicros: fc.option(
      fc.integer({ min: 0, max: 1e9 }).map((n) => n * 1000),
      { nil: null },
    ),
    currencyCode: fc.constant('RUB'),
  });

  it('never reverts an admin, and never reverts when nothing protected changed', () => {
    fc.assert(
      fc.property(values, values, (before, after) => {
        assert.equal(
          judgeUnitEdit({ before, after, editorIsAdmin: true, priceChangeLimitPercent: 15 }).action,
          'keep',
        );
        assert.equal(
          judgeUnitEdit({ before, after: before, editorIsAdmin: false, priceChangeLimitPercent: 15 }).action,
          'keep',
        );
      }),
    );
  });

  it('always reverts a non-admin changing the price or status of an IN_AUCTION, BOOKED or SOLD unit', () => {
    fc.assert(
      fc.property(values, values, (before, after) => {
        fc.pre(before.status !== null && PROTECTED_STATUSES.has(before.status));
        fc.pre(before.status !== after.status || before.priceMicros !== after.priceMicros);
        assert.equal(
          judgeUnitEdit({ before, after, editorIsAdmin: false, priceChangeLimitPercent: 15 }).action,
          'revert',
        );
      }),
    );
  });

  it('lets a non-admin move a free unit’s price within the limit but not beyond it', () => {
    const at = (roubles: number): ProtectedValues => ({
      status: 'FREE',
      priceMicros: roubles * MICROS,
      currencyCode: 'RUB',
    });
    const judge = (to: number) =>
      judgeUnitEdit({ before: at(100), after: at(to), editorIsAdmin: false, priceChangeLimitPercent: 15 })
        .action;
    assert.equal(judge(115), 'keep');
    assert.equal(judge(85), 'keep');
    assert.equal(judge(116), 'revert');
    assert.equal(judge(84), 'revert');
  });
});
