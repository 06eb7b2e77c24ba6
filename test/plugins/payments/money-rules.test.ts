/**
 * The money rules on their own, without a server: one normalisation of the bank reference, the
 * deposits received and what became of them (the journal balances for every closed lot), refunds
 * due with their deadlines, and the winner's contract net of the credited deposit — over the demo
 * auctions (every state and outcome, played through the auction rules).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type AuctionState, buildDemoAuctions, type DemoAuction } from '../../../plugins/auctions/index';
import {
  normalizeBankReference,
  paymentIdFor,
  plannedContracts,
  plannedFateOperations,
} from '../../../plugins/payments/index';
import { type JournalOperation, journalOf } from '../../../plugins/payments/read/journal';

const NOW = new Date('2027-03-01T07:00:00.000Z');
const MICROS = 1_000_000;
const units = Array.from({ length: 11 }, (_, i) => ({
  id: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
  priceMicros: (10_000_000 + i * 500_000) * MICROS,
}));
const demos = buildDemoAuctions(NOW, units);
const demo = (status: string, pick?: (d: DemoAuction) => boolean) => {
  const found = demos.find((d) => d.state.status === status && (pick ? pick(d) : true));
  assert.ok(found, `a demo auction ${status}`);
  return found;
};
const sold = demo('COMPLETED', (d) => d.state.lots[0]?.status === 'SOLD');
const refused = demo('COMPLETED', (d) => Boolean(d.state.lots[0]?.winnerRefusedAt));

/** The journal operations of a demo: each payment received, then each deposit's fate. */
function operationsOf(d: DemoAuction): JournalOperation[] {
  const lotNumber = new Map(d.state.lots.map((l) => [l.id, l.number]));
  const op = (o: Omit<JournalOperation, 'by' | 'bankReference' | 'applicantId'>): JournalOperation => ({
    ...o,
    by: 'тест',
    bankReference: null,
    applicantId: null,
  });
  return [
    ...d.payments.map((p) =>
      op({
        id: p.id,
        kind: 'DEPOSIT_RECEIVED',
        amountMicros: p.amountMicros,
        at: p.paidAt,
        dueBy: null,
        settledAt: null,
        lotNumber: lotNumber.get(p.lotId) ?? null,
        applicationId: p.applicationId,
      }),
    ),
    ...plannedFateOperations(d.state, NOW.toISOString()).map((f) =>
      op({
        id: f.id,
        kind: f.kind,
        amountMicros: f.amount.amountMicros ?? 0,
        at: NOW.toISOString(),
        dueBy: f.dueBy,
        settledAt: f.settledAt,
        lotNumber: lotNumber.get(f.lotId) ?? null,
        applicationId: f.applicationId,
      }),
    ),
  ];
}

const winnerOf = (state: AuctionState) => {
  const lot = state.lots[0];
  return state.applications.find((a) => a.id === lot?.winnerId);
};

describe('the bank reference', () => {
  it('is one payment whatever its case and spaces', () => {
    assert.equal(normalizeBankReference('  пп-12 '), 'ПП-12');
    assert.equal(normalizeBankReference('PP  1'), 'PP 1');
    assert.equal(paymentIdFor('pp-1'), paymentIdFor('PP-1'));
    assert.equal(paymentIdFor(' ПП-А-1 '), paymentIdFor('пп-а-1'));
    assert.notEqual(paymentIdFor('PP-1'), paymentIdFor('PP-2'));
  });
});

describe('deposits received', () => {
  it('counts every payment of a deposit once into its application', () => {
    for (const d of demos)
      for (const app of d.state.applications) {
        const paid = d.payments.filter((p) => p.applicationId === app.id);
        assert.equal(
          app.depositPaidMicros,
          paid.reduce((s, p) => s + p.amountMicros, 0),
        );
        assert.deepEqual([...app.depositPaymentIds].sort(), paid.map((p) => p.id).sort());
      }
  });

  it('leaves a deposit paid in part RECEIVED only when it is paid in full', () => {
    const admission = demo('ADMISSION');
    const half = admission.state.applications.find((a) => {
      const lot = admission.state.lots.find((l) => l.id === a.lotId);
      return a.depositPaidMicros > 0 && a.depositPaidMicros < (lot?.depositMicros ?? 0);
    });
    assert.ok(half, 'a participant who paid half');
    assert.equal(half.depositStatus, 'AWAITED');
  });
});

describe('the journal', () => {
  it('balances every closed lot: received = refunded + credited + retained', () => {
    let closed = 0;
    for (const d of demos) {
      const journal = journalOf(operationsOf(d), d.state.lots, NOW);
      for (const lot of journal.lots) {
        if (lot.lotStatus === 'ACTIVE') assert.equal(lot.balanced, null, `${d.state.number} is open`);
        else {
          closed++;
          assert.equal(lot.balanced, true, `${d.state.number}: ${JSON.stringify(lot)}`);
        }
      }
    }
    assert.ok(closed >= 5, 'the demo closes lots in several ways');
  });

  it('credits the winner’s deposit to the price and refunds the others', () => {
    const journal = journalOf(operationsOf(sold), sold.state.lots, NOW);
    const winner = winnerOf(sold.state);
    assert.ok(winner);
    assert.equal(journal.totals.credited, winner.depositPaidMicros);
    const others = sold.state.applications.filter((a) => a.id !== winner.id);
    assert.equal(
      journal.totals.refunded,
      others.reduce((s, a) => s + a.depositPaidMicros, 0),
    );
    assert.equal(journal.totals.retained, 0);
  });

  it('retains the deposit of a winner who refused the contract', () => {
    const journal = journalOf(operationsOf(refused), refused.state.lots, NOW);
    const winner = winnerOf(refused.state);
    assert.ok(winner);
    assert.equal(winner.depositStatus, 'RETAINED');
    assert.equal(journal.totals.retained, winner.depositPaidMicros);
    assert.equal(journal.totals.credited, 0);
  });

  it('lists the refunds still due with their deadline, late once it passed, and not those paid out', () => {
    const terminated = demo('TERMINATED');
    const ops = operationsOf(terminated);
    const due = journalOf(ops, terminated.state.lots, NOW).refundsDue;
    assert.equal(due.length, terminated.state.applications.filter((a) => a.depositPaidMicros > 0).length);
    for (const r of due) assert.match(r.dueBy, /^\d{4}-\d{2}-\d{2}$/);
    const latest = due
      .map((r) => r.dueBy)
      .sort()
      .at(-1) as string;
    const later = new Date(Date.parse(`${latest}T21:00:00Z`) + 86_400_000);
    assert.ok(journalOf(ops, terminated.state.lots, later).refundsDue.every((r) => r.late));
    const paidOut = ops.map((o) =>
      o.kind === 'DEPOSIT_REFUNDED' ? { ...o, settledAt: NOW.toISOString() } : o,
    );
    assert.deepEqual(journalOf(paidOut, terminated.state.lots, later).refundsDue, []);
    // The sold auction's refunds were paid out in the demo: nothing due.
    assert.ok(sold.state.applications.some((a) => a.depositStatus === 'REFUNDED'));
  });
});

describe('the sale contract', () => {
  it('is priced at the final price, net of the credited deposit', () => {
    const [contract] = plannedContracts(sold.state);
    const lot = sold.state.lots[0];
    const winner = winnerOf(sold.state);
    assert.ok(contract && lot && winner && lot.finalMicros !== null);
    assert.equal(contract.status, 'AWAITING_SIGNATURE');
    assert.deepEqual(contract.price, { amountMicros: lot.finalMicros, currencyCode: 'RUB' });
    assert.deepEqual(contract.depositCredited, {
      amountMicros: winner.depositPaidMicros,
      currencyCode: 'RUB',
    });
    assert.deepEqual(contract.amountDue, {
      amountMicros: lot.finalMicros - winner.depositPaidMicros,
      currencyCode: 'RUB',
    });
    assert.ok(lot.finalMicros > lot.startMicros, 'the bids raised the price');
    assert.equal(contract.plannedDate, lot.contractDeadline);
  });

  it('of a winner who refused is REFUSED with nothing credited and nothing due', () => {
    const [contract] = plannedContracts(refused.state);
    assert.ok(contract);
    assert.equal(contract.status, 'REFUSED');
    assert.deepEqual(contract.depositCredited, { amountMicros: 0, currencyCode: 'RUB' });
    assert.deepEqual(contract.amountDue, { amountMicros: 0, currencyCode: 'RUB' });
  });

  it('goes to the sole participant at the start price when the rules allow it, else none', () => {
    const sole = demos.find((d) => d.state.applications.length === 2 && d.state.status === 'FAILED');
    assert.ok(sole);
    const contracts = plannedContracts(sole.state);
    const lot = sole.state.lots[0];
    if (lot?.winnerId) {
      assert.equal(contracts.length, 1);
      assert.deepEqual(contracts[0]?.price, { amountMicros: lot.startMicros, currencyCode: 'RUB' });
    } else assert.equal(contracts.length, 0);
    for (const d of demos.filter((x) => !x.state.lots.some((l) => l.winnerId)))
      assert.deepEqual(plannedContracts(d.state), []);
  });
});
