/**
 * Issue 13 "done when": one auction per outcome — sold, failed (no participant), sole
 * participant, terminated, winner refuses — driven end to end through the app's API, devhost and
 * its webhooks, with the procedure moved by its dates (the job) on a manual clock. Checks the
 * units (statuses and the change protocol), the journal (every deposit and its fate, balanced
 * per lot), the contracts (price net of the credited deposit) and the staff tasks. Then the bad
 * inputs of the issue (refused, nothing changed), a replayed command, and an invalid lot made in
 * Twenty's UI (flagged with a task, the unit untouched).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { advanceAuctionsByDates } from '../../plugins/auctions/index';
import { createManualClock } from '../../plugins/core/runtime/clock';
import { createLogger } from '../../plugins/core/runtime/logger';
import { settleAll } from '../../plugins/payments/index';
import { createTwentyClient, eq, type TwentyClient, type TwentyRecord } from '../../sdk/index';
import { type AppStack, pluginsFor, startAppStack } from '../support/app-stack';
import { queueDrained, waitFor } from '../support/wait';

const DAY = 86_400_000;
const T0 = new Date('2027-03-01T07:00:00.000Z');
const clock = createManualClock(T0);
const MICROS = 1_000_000;

// biome-ignore lint/suspicious/noExplicitAny: the API's JSON answers, checked field by field below
type Json = any;

let stack: AppStack;
let direct: TwentyClient;
let token: string;
const units: Record<string, string> = {};
const people: string[] = [];

async function api(
  method: string,
  path: string,
  body?: unknown,
  raw?: Buffer,
): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${stack.server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(raw
        ? { 'content-type': 'application/octet-stream' }
        : body !== undefined
          ? { 'content-type': 'application/json' }
          : {}),
    },
    body: raw ? new Uint8Array(raw) : body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function ok(method: string, path: string, body?: unknown): Promise<Json> {
  const r = await api(method, path, body);
  assert.ok(r.status < 300, `${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

async function drained(): Promise<void> {
  await queueDrained(stack.runtime.store.queue);
}

async function tick(days: number, extraMs = 0): Promise<void> {
  clock.advance(days * DAY + extraMs);
  await advanceAuctionsByDates(stack.runtime.contextFor('auctions'));
  await drained();
  await settleAll(stack.runtime.contextFor('payments'));
  await drained();
}

const unitStatus = async (key: string) => (await direct.records('unit').get(units[key] as string)).status;

before(async () => {
  stack = await startAppStack({
    name: 'auctions-lifecycle',
    plugins: pluginsFor('payments'),
    webhook: true,
    clock,
    ...(process.env.AUCTIONS_TEST_LOG ? { log: createLogger({ level: 'warn' }) } : {}),
    rateLimit: { requestsPerMinute: 100_000, requestsPerSecond: 10_000 },
    devhostRequestsPerMinute: 100_000,
  });
  direct = createTwentyClient({ url: stack.devhost.url, apiKey: stack.devhost.apiKey, limiter: false });
  token = stack.staffToken('sales');
  const complex = await direct.records('residentialComplex').create({ name: 'ЖК Лесной' });
  const building = await direct.records('building').create({
    name: 'Корпус 1',
    number: '1',
    complexId: complex.id,
    location: { addressStreet1: 'ул. Лесная, 5', addressCity: 'Москва' },
  });
  for (const [i, key] of ['sold', 'none', 'sole', 'terminated', 'refused', 'spare'].entries()) {
    const u = await direct.records('unit').create({
      number: String(101 + i),
      buildingId: building.id,
      kind: 'FLAT',
      status: 'FREE',
      floor: 1,
      price: { amountMicros: (10_000_000 + i * 1_000_000) * MICROS, currencyCode: 'RUB' },
      externalCode: `AUC-${key}`,
    });
    units[key] = u.id;
  }
  for (const [first, last, email] of [
    ['Иван', 'Петров', 'petrov@example.ru'],
    ['Мария', 'Сидорова', 'sidorova@example.ru'],
    ['Олег', 'Кузнецов', 'kuznetsov@example.ru'],
  ]) {
    const p = await direct
      .records('person')
      .create({ name: { firstName: first, lastName: last }, emails: { primaryEmail: email } });
    people.push(p.id);
  }
  await drained();
});

after(async () => {
  await stack?.close();
});

const dates = {
  applicationStart: new Date(T0.getTime() + 1 * DAY).toISOString(),
  applicationEnd: new Date(T0.getTime() + 20 * DAY).toISOString(),
  biddingStart: new Date(T0.getTime() + 35 * DAY).toISOString(),
  biddingEnd: new Date(T0.getTime() + 35 * DAY + 3 * 3_600_000).toISOString(),
};

const auctions: Record<string, { id: string; lotId: string; apps: string[] }> = {};

async function journalOf(key: string) {
  return ok('GET', `/api/auctions/${auctions[key]?.id}/journal`);
}

describe('an auction per outcome, end to end', () => {
  it('creates auctions from FREE units and announces them: units IN_AUCTION, protocol AUCTION', async () => {
    for (const key of ['sold', 'none', 'sole', 'terminated', 'refused']) {
      const created = await ok('POST', '/api/auctions', {
        number: `A-${key}`,
        ...dates,
        unitIds: [units[key]],
        platform: 'РТС-тендер',
        procedureNumber: `P-${key}`,
        announce: true,
      });
      assert.equal(created.status, 'ANNOUNCED');
      const lots = await direct.records('auctionLot').list({ filter: eq('auctionId', created.id) });
      auctions[key] = { id: created.id, lotId: (lots.records[0] as TwentyRecord).id, apps: [] };
      assert.equal(await unitStatus(key), 'IN_AUCTION');
    }
    const changes = await direct.records('unitChange').list({ filter: eq('unitId', units.sold as string) });
    assert.ok(changes.records.some((c) => c.source === 'AUCTION' && c.newValue === 'IN_AUCTION'));
    const unit = await direct.records('unit').get(units.sold as string);
    assert.match(String((unit.currentAuction as { primaryLinkUrl: string }).primaryLinkUrl), /\/auctions\//);
  });

  it('refuses a unit already in an auction, a SOLD unit, and dates out of order', async () => {
    const again = await api('POST', '/api/auctions', { number: 'A-dup', ...dates, unitIds: [units.sold] });
    assert.equal(again.status, 400);
    assert.match(again.body.message, /уже выставлено на аукцион A-sold|только свободные/);
    await direct.records('unit').update(units.spare as string, { status: 'SOLD' });
    const sold = await api('POST', '/api/auctions', {
      number: 'A-sold-unit',
      ...dates,
      unitIds: [units.spare],
    });
    assert.equal(sold.status, 400);
    assert.match(sold.body.message, /в статусе «Продана», а на аукцион выставляют только свободные/);
    const order = await api('POST', '/api/auctions', {
      number: 'A-order',
      ...dates,
      biddingEnd: dates.applicationStart,
      unitIds: [units.spare],
    });
    assert.equal(order.status, 400);
    assert.equal(await direct.records('auction').count(eq('number', 'A-sold-unit')), 0);
  });

  it('opens applications by the date and takes applications and deposits through the wizard', async () => {
    await tick(2);
    for (const [key, count] of [
      ['sold', 2],
      ['sole', 1],
      ['terminated', 2],
      ['refused', 3],
    ] as const) {
      const a = auctions[key];
      assert.ok(a);
      for (let i = 0; i < count; i++) {
        const app = await ok('POST', `/api/auctions/${a.id}/applications`, {
          lotId: a.lotId,
          applicantId: people[i],
        });
        a.apps.push(app.id);
      }
    }
    await drained();
    const form = await ok('GET', `/api/auctions/${auctions.sold?.id}/payments/form`);
    const first = form.participants[0];
    assert.equal(first.applicant, 'Петров Иван');
    assert.match(first.unit, /ЖК Лесной/);
    assert.equal(first.address, 'Москва, ул. Лесная, 5');
    assert.equal(first.remainingMicros, 1_000_000 * MICROS);
    for (const key of ['sold', 'sole', 'terminated', 'refused']) {
      const a = auctions[key];
      assert.ok(a);
      for (const [i, appId] of a.apps.entries()) {
        // The third participant of "refused" pays half: rejected at admission, refunded.
        const lot = await direct.records('auctionLot').get(a.lotId);
        const deposit = Number((lot.depositAmount as { amountMicros: number }).amountMicros) / MICROS;
        await ok('POST', `/api/auctions/${a.id}/payments`, {
          purpose: 'DEPOSIT',
          applicationId: appId,
          amount: i === 2 ? deposit / 2 : deposit,
          paidAt: clock.now().toISOString(),
          bankReference: `PP-${key}-${i}`,
        });
      }
    }
  });

  it('refuses bad payments clearly and changes nothing', async () => {
    const a = auctions.sold;
    assert.ok(a);
    const dup = await api('POST', `/api/auctions/${a.id}/payments`, {
      purpose: 'DEPOSIT',
      applicationId: a.apps[0],
      amount: 1,
      paidAt: clock.now().toISOString(),
      bankReference: 'PP-sold-0',
    });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.field, 'bankReference');
    const unknown = await api('POST', `/api/auctions/${a.id}/payments`, {
      purpose: 'DEPOSIT',
      applicationId: auctions.sole?.apps[0],
      amount: 1,
      paidAt: clock.now().toISOString(),
      bankReference: 'PP-unknown',
    });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.code, 'payments_participant_unknown');
    const over = await api('POST', `/api/auctions/${a.id}/payments`, {
      purpose: 'DEPOSIT',
      applicationId: a.apps[0],
      amount: 5,
      paidAt: clock.now().toISOString(),
      bankReference: 'PP-over',
    });
    assert.equal(over.status, 400);
    assert.equal(over.body.code, 'auction_deposit_exceeds');
    assert.equal(await direct.records('payment').count(eq('bankReference', 'PP-over')), 0);
    assert.equal(await direct.records('payment').count(eq('bankReference', 'PP-unknown')), 0);
  });

  it('terminates early with a reason: unit FREE, every deposit due back', async () => {
    const a = auctions.terminated;
    assert.ok(a);
    const noReason = await api('POST', `/api/auctions/${a.id}/actions`, { action: 'terminate' });
    assert.equal(noReason.status, 400);
    await ok('POST', `/api/auctions/${a.id}/actions`, { action: 'terminate', reason: 'предписание ФАС' });
    assert.equal(await unitStatus('terminated'), 'FREE');
    await tick(0);
    const journal = await waitFor('the termination refunds in the journal', async () => {
      const j = await journalOf('terminated');
      return j.refundsDue.length === 2 ? j : undefined;
    });
    assert.equal(journal.lots[0].balanced, true);
  });

  it('refuses an application after the window and moves to admission and bidding by the dates', async () => {
    await tick(19);
    const late = await api('POST', `/api/auctions/${auctions.sold?.id}/applications`, {
      lotId: auctions.sold?.lotId,
      applicantId: people[2],
    });
    assert.equal(late.status, 400);
    assert.match(late.body.message, /принимаются с/);
    // Admission deadline (5 working days) passes: the protocol is decided by the rule.
    await tick(8);
    const none = await direct.records('auction').get(auctions.none?.id as string);
    assert.equal(none.status, 'FAILED');
    assert.equal(await unitStatus('none'), 'FREE');
    const sole = await direct.records('auction').get(auctions.sole?.id as string);
    assert.equal(sole.status, 'FAILED');
    assert.equal(await unitStatus('sole'), 'BOOKED');
    const refusedApps = await direct
      .records('auctionApplication')
      .list({ filter: eq('lotId', auctions.refused?.lotId as string) });
    const rejected = refusedApps.records.filter((r) => r.admission === 'REJECTED');
    assert.equal(rejected.length, 1);
    assert.match(String(rejected[0]?.rejectionReason), /получен не полностью/);
    // To five minutes into the bidding (35 days after T0).
    await tick(6, 5 * 60_000);
    assert.equal((await direct.records('auction').get(auctions.sold?.id as string)).status, 'BIDDING');
  });

  it('records bids by the step (below the minimum refused) and imports the platform’s file', async () => {
    const a = auctions.sold;
    assert.ok(a);
    const at = new Date(Date.parse(dates.biddingStart) + 10 * 60_000).toISOString();
    const low = await api('POST', `/api/auctions/${a.id}/bids`, {
      lotId: a.lotId,
      applicationId: a.apps[0],
      amount: '10000000',
      placedAt: at,
    });
    assert.equal(low.status, 400);
    assert.equal(low.body.code, 'auction_bid_below_minimum');
    const outside = await api('POST', `/api/auctions/${a.id}/bids`, {
      lotId: a.lotId,
      applicationId: a.apps[0],
      amount: '10500000',
      placedAt: dates.biddingEnd.replace('T10', 'T11'),
    });
    assert.equal(outside.status, 400);
    assert.equal(outside.body.code, 'auction_bid_outside_window');
    await ok('POST', `/api/auctions/${a.id}/bids`, {
      lotId: a.lotId,
      applicationId: a.apps[0],
      amount: '10 500 000',
      placedAt: at,
    });
    const csv = [
      'Лот;Участник;Сумма;Время',
      '1;Сидорова Мария;11 000 000;05.04.2027 10:20',
      '1;petrov@example.ru;11 500 000;05.04.2027 10:30',
      '1;Сидорова Мария;12 000 000,00;05.04.2027 10:40',
    ].join('\n');
    const bad = await api(
      'POST',
      `/api/auctions/${a.id}/bids/import?fileName=p.csv`,
      undefined,
      Buffer.from(csv.replace('11 500 000', 'много')),
    );
    assert.equal(bad.status, 400);
    assert.equal(bad.body.row, 3);
    assert.equal(bad.body.field, 'Сумма');
    const imported = await api(
      'POST',
      `/api/auctions/${a.id}/bids/import?fileName=p.csv`,
      undefined,
      Buffer.from(csv),
    );
    assert.equal(imported.status, 201, JSON.stringify(imported.body));
    assert.equal(imported.body.imported, 3);
    // The refused-winner auction: participants 0 and 1 bid.
    const r = auctions.refused;
    assert.ok(r);
    await ok('POST', `/api/auctions/${r.id}/bids`, {
      lotId: r.lotId,
      applicationId: r.apps[1],
      amount: '14 700 000',
      placedAt: at,
    });
  });

  it('completes by the date: winner BOOKED, contract net of the deposit, losers refunded, tasks', async () => {
    await tick(1);
    await tick(0);
    const a = auctions.sold;
    assert.ok(a);
    assert.equal((await direct.records('auction').get(a.id)).status, 'COMPLETED');
    assert.equal(await unitStatus('sold'), 'BOOKED');
    const lot = await direct.records('auctionLot').get(a.lotId);
    assert.equal(lot.status, 'SOLD');
    assert.equal(lot.winnerId, a.apps[1]);
    const contracts = await direct.records('saleContract').list({ filter: eq('lotId', a.lotId) });
    const contract = contracts.records[0] as TwentyRecord;
    assert.equal(Number((contract.price as { amountMicros: number }).amountMicros), 12_000_000 * MICROS);
    assert.equal(
      Number((contract.depositCredited as { amountMicros: number }).amountMicros),
      1_000_000 * MICROS,
    );
    assert.equal(Number((contract.amountDue as { amountMicros: number }).amountMicros), 11_000_000 * MICROS);
    assert.equal(contract.buyerId, people[1]);
    assert.ok(contract.plannedDate);
    const journal = await waitFor('the sold auction’s journal', async () => {
      const j = await journalOf('sold');
      return j.lots[0]?.balanced === true ? j : undefined;
    });
    assert.equal(journal.totals.received, 2_000_000 * MICROS);
    assert.equal(journal.totals.credited, 1_000_000 * MICROS);
    assert.equal(journal.totals.refunded, 1_000_000 * MICROS);
    const targets = await direct.records('taskTarget').list({ filter: eq('auctionId', a.id) });
    const tasks = await Promise.all(targets.records.map((t) => direct.records('task').get(String(t.taskId))));
    assert.ok(tasks.some((t) => /итоги подведены/.test(String(t.title))));
    assert.ok(tasks.some((t) => /Подписать договор/.test(String(t.title)) && t.dueAt));
    // Sole participant: contract at the start price.
    const soleContract = (
      await direct.records('saleContract').list({ filter: eq('lotId', auctions.sole?.lotId as string) })
    ).records[0];
    assert.equal(
      Number(((soleContract as TwentyRecord).price as { amountMicros: number }).amountMicros),
      12_000_000 * MICROS,
    );
    // Signing sells the unit; a second sign is a no-op.
    await ok('POST', `/api/auctions/${a.id}/contracts/${a.lotId}/sign`);
    await ok('POST', `/api/auctions/${a.id}/contracts/${a.lotId}/sign`);
    assert.equal(await unitStatus('sold'), 'SOLD');
    const term = await api('POST', `/api/auctions/${a.id}/actions`, {
      action: 'terminate',
      reason: 'поздно',
    });
    assert.equal(term.status, 409);
    assert.match(term.body.message, /статус «завершён» окончательный/);
  });

  it('a winner who refuses loses the deposit; the unit returns to FREE', async () => {
    const r = auctions.refused;
    assert.ok(r);
    await ok('POST', `/api/auctions/${r.id}/contracts/${r.lotId}/refuse`);
    assert.equal(await unitStatus('refused'), 'FREE');
    const journal = await waitFor('the retained deposit in the journal', async () => {
      const j = await journalOf('refused');
      return j.totals.retained > 0 && j.lots[0]?.balanced ? j : undefined;
    });
    assert.equal(journal.totals.retained, 1_400_000 * MICROS);
    const contract = (await direct.records('saleContract').list({ filter: eq('lotId', r.lotId) })).records[0];
    assert.equal(contract?.status, 'REFUSED');
    const changes = await direct
      .records('unitChange')
      .list({ filter: eq('unitId', units.refused as string) });
    assert.deepEqual(
      changes.records
        .filter((c) => c.source === 'AUCTION')
        .map((c) => c.newValue)
        .sort(),
      ['BOOKED', 'FREE', 'IN_AUCTION'],
    );
  });

  it('flags a lot made in Twenty’s UI on a unit that is not FREE, with a task for its author; the unit stays', async () => {
    const member = await direct
      .records('workspaceMember')
      .create({ name: { firstName: 'Анна', lastName: 'Менеджер' }, userEmail: 'anna@realty.local' });
    const res = await fetch(`${stack.devhost.url}/rest/auctions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${stack.devhost.apiKey}`,
        'content-type': 'application/json',
        'x-devhost-workspace-member': member.id,
      },
      body: JSON.stringify({ number: 'UI-1', status: 'DRAFT', ...dates }),
    });
    const created = ((await res.json()) as { data: { createAuction: TwentyRecord } }).data.createAuction;
    const lotRes = await fetch(`${stack.devhost.url}/rest/auctionLots`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${stack.devhost.apiKey}`,
        'content-type': 'application/json',
        'x-devhost-workspace-member': member.id,
      },
      body: JSON.stringify({
        auctionId: created.id,
        unitId: units.sold,
        number: 1,
        startPrice: { amountMicros: 1e13, currencyCode: 'RUB' },
      }),
    });
    const lot = ((await lotRes.json()) as { data: { createAuctionLot: TwentyRecord } }).data.createAuctionLot;
    const flagged = await waitFor('the lot to be flagged', async () => {
      const l = await direct.records('auctionLot').get(lot.id);
      return l.validationIssue ? l : undefined;
    });
    assert.match(String(flagged.validationIssue), /в статусе «Продана»/);
    assert.equal(await unitStatus('sold'), 'SOLD');
    const tasks = await direct.records('task').list({ filter: eq('assigneeId', member.id) });
    assert.ok(tasks.records.some((t) => /Исправьте лот/.test(String(t.title))));
  });
});
