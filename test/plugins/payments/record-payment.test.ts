/**
 * Recording a payment through the wizard's API is idempotent by its bank reference (issue 28):
 * a retry after a failure at any step — the payment written but the deposit not counted, or the
 * deposit counted but the journal not written — finishes the job (counting the deposit once);
 * `pp-1` after `PP-1` is the same reference, refused with 409 naming the first payment (it was a
 * 500); a payment already recorded in full is refused; and the reconcile job finishes payments
 * left without their journal operation. Through the app's HTTP API, devhost and its webhooks.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { advanceAuctionsByDates, procedureForSystem } from '../../../plugins/auctions/index';
import { readModelView } from '../../../plugins/core/read-model/index';
import { createManualClock } from '../../../plugins/core/runtime/clock';
import { paymentIdFor, receivedOperationId, reconcilePayments } from '../../../plugins/payments/index';
import { createTwentyClient, eq, type TwentyClient } from '../../../sdk/index';
import { type AppStack, pluginsFor, startAppStack } from '../../support/app-stack';
import { queueDrained, waitFor } from '../../support/wait';

const DAY = 86_400_000;
const T0 = new Date('2027-03-01T07:00:00.000Z');
const clock = createManualClock(T0);
const MICROS = 1_000_000;

// biome-ignore lint/suspicious/noExplicitAny: the API's JSON answers, checked field by field below
type Json = any;

let stack: AppStack;
let direct: TwentyClient;
let token: string;
let auctionId = '';
let lotId = '';
let quarter = 0;
const people: string[] = [];
const apps: string[] = [];

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${stack.server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function drained(): Promise<void> {
  await queueDrained(stack.runtime.store.queue);
}

const deposit = (app: number, bankReference: string, roubles = quarter) => ({
  purpose: 'DEPOSIT',
  applicationId: apps[app],
  amount: roubles,
  paidAt: clock.now().toISOString(),
  bankReference,
});

async function application(app: number) {
  const a = await direct.records('auctionApplication').get(apps[app] as string);
  return {
    paidMicros: Number((a.depositPaid as { amountMicros: number }).amountMicros),
    refs: (a.depositPaymentRefs as string[] | null) ?? [],
  };
}

const received = (paymentId: string) =>
  direct
    .records('financialOperation')
    .get(receivedOperationId(paymentId))
    .then(
      () => true,
      () => false,
    );

/** A payment recorded as the wizard's first step writes it, and nothing after (a failure then). */
async function halfRecorded(reference: string, app: number): Promise<string> {
  const id = paymentIdFor(reference);
  await direct.records('payment').create({
    id,
    bankReference: reference,
    purpose: 'DEPOSIT',
    amount: { amountMicros: quarter * MICROS, currencyCode: 'RUB' },
    paidAt: clock.now().toISOString(),
    payerId: people[app],
    lotId,
    applicationId: apps[app],
  });
  return id;
}

before(async () => {
  stack = await startAppStack({
    name: 'payments-record',
    plugins: pluginsFor('payments'),
    webhook: true,
    clock,
    rateLimit: { requestsPerMinute: 100_000, requestsPerSecond: 10_000 },
    devhostRequestsPerMinute: 100_000,
  });
  direct = createTwentyClient({ url: stack.devhost.url, apiKey: stack.devhost.apiKey, limiter: false });
  token = stack.staffToken('finance');
  const complex = await direct.records('residentialComplex').create({ name: 'ЖК Речной' });
  const building = await direct
    .records('building')
    .create({ name: 'Корпус 2', number: '2', complexId: complex.id });
  const unit = await direct.records('unit').create({
    number: '201',
    buildingId: building.id,
    kind: 'FLAT',
    status: 'FREE',
    floor: 2,
    price: { amountMicros: 12_000_000 * MICROS, currencyCode: 'RUB' },
    externalCode: 'PAY-201',
  });
  for (const [first, last] of [
    ['Анна', 'Белова'],
    ['Пётр', 'Зуев'],
  ]) {
    const p = await direct.records('person').create({ name: { firstName: first, lastName: last } });
    people.push(p.id);
  }
  await drained();
  token = stack.staffToken('sales');
  const created = await api('POST', '/api/auctions', {
    number: 'P-1',
    applicationStart: new Date(T0.getTime() + DAY).toISOString(),
    applicationEnd: new Date(T0.getTime() + 20 * DAY).toISOString(),
    biddingStart: new Date(T0.getTime() + 35 * DAY).toISOString(),
    biddingEnd: new Date(T0.getTime() + 35 * DAY + 3 * 3_600_000).toISOString(),
    unitIds: [unit.id],
    announce: true,
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  auctionId = created.body.id;
  clock.advance(2 * DAY);
  await advanceAuctionsByDates(stack.runtime.contextFor('auctions'));
  const lot = (await direct.records('auctionLot').list({ filter: eq('auctionId', auctionId) })).records[0];
  assert.ok(lot);
  lotId = lot.id;
  quarter = Number((lot.depositAmount as { amountMicros: number }).amountMicros) / MICROS / 4;
  for (const person of people) {
    const app = await api('POST', `/api/auctions/${auctionId}/applications`, { lotId, applicantId: person });
    assert.equal(app.status, 201, JSON.stringify(app.body));
    apps.push(app.body.id);
  }
  await drained();
  token = stack.staffToken('finance');
});

after(async () => {
  await stack?.close();
});

describe('recording a payment, once per bank reference', () => {
  it('refuses «pp-1» after «PP-1» with 409 naming the first payment, not a 500', async () => {
    const first = await api('POST', `/api/auctions/${auctionId}/payments`, deposit(0, 'PP-1'));
    assert.equal(first.status, 201, JSON.stringify(first.body));
    const second = await api('POST', `/api/auctions/${auctionId}/payments`, deposit(1, 'pp-1'));
    assert.equal(second.status, 409, JSON.stringify(second.body));
    assert.equal(second.body.code, 'payments_duplicate_reference');
    assert.equal(second.body.field, 'bankReference');
    assert.match(second.body.message, /«PP-1»: [\d\s\u00a0]+,00 ₽ от \d\d\.\d\d\.\d{4}, задаток/);
    assert.match(second.body.message, /уже записано/);
    assert.equal((await application(1)).paidMicros, 0);
    assert.equal(await direct.records('payment').count(eq('applicationId', apps[1] as string)), 0);
  });

  it('refuses the same payment again once it is recorded in full', async () => {
    const again = await api('POST', `/api/auctions/${auctionId}/payments`, deposit(0, ' pp-1 '));
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'payments_duplicate_reference');
    assert.equal((await application(0)).paidMicros, quarter * MICROS);
  });

  it('finishes a payment written before a failure: the retry counts the deposit and journals it', async () => {
    const id = await halfRecorded('PP-R1', 1);
    await drained();
    const retry = await api('POST', `/api/auctions/${auctionId}/payments`, deposit(1, 'pp-r1'));
    assert.equal(retry.status, 200, JSON.stringify(retry.body));
    assert.deepEqual(retry.body, { id, resumed: true });
    const app = await application(1);
    assert.equal(app.paidMicros, quarter * MICROS);
    assert.deepEqual(app.refs, [id]);
    assert.equal(await received(id), true);
  });

  it('finishes a payment whose journal write failed, counting the deposit once', async () => {
    const id = await halfRecorded('PP-R2', 1);
    // The deposit was counted, then the journal write failed.
    await procedureForSystem(stack.runtime.contextFor('payments'), 'тест').run(auctionId, {
      type: 'recordDeposit',
      applicationId: apps[1] as string,
      paymentId: id,
      amountMicros: quarter * MICROS,
      paidAt: clock.now().toISOString(),
    });
    assert.equal((await application(1)).paidMicros, 2 * quarter * MICROS);
    assert.equal(await received(id), false);
    const retry = await api('POST', `/api/auctions/${auctionId}/payments`, deposit(1, 'PP-R2'));
    assert.equal(retry.status, 200, JSON.stringify(retry.body));
    assert.equal(await received(id), true);
    const app = await application(1);
    assert.equal(app.paidMicros, 2 * quarter * MICROS, 'two quarters, the retried one once');
    assert.equal(app.refs.filter((r) => r === id).length, 1);
  });

  it('refuses a second payment under a reference with other content, naming the first', async () => {
    const first = await api('POST', `/api/auctions/${auctionId}/payments`, deposit(0, 'PP-R4'));
    assert.equal(first.status, 201, JSON.stringify(first.body));
    const other = await api('POST', `/api/auctions/${auctionId}/payments`, deposit(0, 'PP-R4', quarter / 2));
    assert.equal(other.status, 409);
    assert.match(other.body.message, /«PP-R4».*с другими данными/);
    assert.equal((await application(0)).paidMicros, 2 * quarter * MICROS);
  });
});

describe('the reconcile job', () => {
  it('finishes payments left without their journal operation, and then finds none', async () => {
    const id = await halfRecorded('PP-R3', 1);
    await waitFor('the payment in the read model', async () => {
      const r = await stack.runtime.store.sql.query(
        `select 1 from ${readModelView('payment')} where id = $1`,
        [id],
      );
      return r.rows.length > 0 ? true : undefined;
    });
    const before = (await application(1)).paidMicros;
    const finished = await reconcilePayments(stack.runtime.contextFor('payments'));
    assert.equal(finished, 1);
    assert.equal(await received(id), true);
    assert.equal((await application(1)).paidMicros, before + quarter * MICROS);
    await drained();
    assert.equal(await reconcilePayments(stack.runtime.contextFor('payments')), 0);
  });
});
