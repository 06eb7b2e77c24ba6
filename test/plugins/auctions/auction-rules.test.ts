/**
 * The auction rules one by one: the deposit and step of domain.md, the working-day calendar, the
 * state machine's refusals (with messages a person understands), bids by the step and window,
 * admission by the deposit in full on time, the deposit outcomes, and the platform's results
 * file with its row/column errors.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { parseBidFile } from '../../../plugins/auctions/rules/bid-file';
import {
  type AuctionState,
  addDays,
  applyCommand,
  auctionDeadlines,
  DEFAULT_AUCTION_RULES,
  dateProblems,
  depositPercentFor,
  lotTerms,
  planAuction,
  rub,
  transition,
} from '../../../plugins/auctions/rules/index';

const R = DEFAULT_AUCTION_RULES;
const DAY = 86_400_000;
const T0 = Date.parse('2027-03-01T07:00:00Z');
const at = (d: number, h = 0) => new Date(T0 + d * DAY + h * 3_600_000);

function draft(price = 12_000_000): AuctionState {
  const plan = planAuction(
    {
      number: 'A-1',
      applicationStart: at(1).toISOString(),
      applicationEnd: at(20).toISOString(),
      biddingStart: at(35).toISOString(),
      biddingEnd: at(35, 3).toISOString(),
      lots: [{ unitId: 'u1', startMicros: rub(price) }],
    },
    {
      rules: R,
      units: new Map([['u1', { status: 'FREE', priceMicros: null }]]),
      auctionId: 'a',
      lotId: () => 'lot',
    },
  );
  assert.ok(plan.ok);
  return plan.state;
}

function run(state: AuctionState, steps: [Date, Parameters<typeof applyCommand>[1]][]): AuctionState {
  let s = state;
  for (const [now, command] of steps) {
    const r = applyCommand(s, command, {
      now,
      rules: R,
      units: new Map([['u1', { status: 'FREE' }]]),
      by: 't',
    });
    assert.ok(r.ok, r.ok ? '' : `${command.type}: ${r.message}`);
    s = r.state;
  }
  return s;
}

describe('deposit and step', () => {
  it('takes 10 % below 100 mln ₽ and 20 % at or above, the step 5 %, to the kopeck', () => {
    assert.equal(depositPercentFor(rub(99_999_999.99), R), 10);
    assert.equal(depositPercentFor(rub(100_000_000), R), 20);
    const t = lotTerms(rub(13_257_861.33), R);
    assert.equal(t.depositMicros, rub(1_325_786.13));
    assert.equal(t.stepMicros, rub(662_893.07));
    assert.equal(
      lotTerms(rub(1_000_000), R, { depositPercent: 15, stepPercent: 2 }).depositMicros,
      rub(150_000),
    );
  });
});

describe('calendar', () => {
  it('counts working days past weekends and holidays', () => {
    assert.equal(addDays('2027-03-05', 1, 'WORKING', R.holidays), '2027-03-09'); // Fri → Mon 8 March is a holiday
    assert.equal(addDays('2027-03-05', 5, 'CALENDAR', R.holidays), '2027-03-10');
  });
});

describe('the state machine', () => {
  it('refuses illegal transitions with a message and never leaves a final state', () => {
    assert.deepEqual(transition('DRAFT', 'ANNOUNCE'), { ok: true, to: 'ANNOUNCED' });
    const t1 = transition('COMPLETED', 'TERMINATE');
    assert.ok(!t1.ok && /статус «завершён» окончательный/.test(t1.message));
    const t2 = transition('BIDDING', 'CANCEL');
    assert.ok(!t2.ok && /прекращают с указанием причины/.test(t2.message));
    const t3 = transition('DRAFT', 'TERMINATE');
    assert.ok(!t3.ok && /черновик не прекращают, а отменяют/.test(t3.message));
  });

  it('refuses an announcement less than 30 days before bidding', () => {
    const r = applyCommand(
      draft(),
      { type: 'announce' },
      { now: at(10), rules: R, units: new Map([['u1', { status: 'FREE' }]]), by: 't' },
    );
    assert.ok(!r.ok);
    assert.equal(r.code, 'auction_announcement_too_late');
  });

  it('refuses a unit that is SOLD or in another auction at announcement', () => {
    const sold = applyCommand(
      draft(),
      { type: 'announce' },
      { now: at(0), rules: R, units: new Map([['u1', { status: 'SOLD' }]]), by: 't' },
    );
    assert.ok(!sold.ok && /в статусе «Продана», а на аукцион выставляют только свободные/.test(sold.message));
    const other = applyCommand(
      draft(),
      { type: 'announce' },
      {
        now: at(0),
        rules: R,
        units: new Map([['u1', { status: 'FREE', otherAuction: { id: 'b', number: 'B-7' } }]]),
        by: 't',
      },
    );
    assert.ok(!other.ok && /уже выставлено на аукцион B-7/.test(other.message));
  });

  it('reports every date out of order', () => {
    const problems = dateProblems({
      applicationStart: at(5).toISOString(),
      applicationEnd: at(1).toISOString(),
      biddingStart: 'x',
      biddingEnd: at(2).toISOString(),
    });
    assert.deepEqual(
      problems.map((p) => p.field),
      ['biddingStart', 'applicationEnd'],
    );
  });
});

describe('applications, admission, bids, outcomes', () => {
  const opened = () =>
    run(draft(), [
      [at(0), { type: 'announce' }],
      [at(1), { type: 'openApplications' }],
      [at(2), { type: 'submitApplication', application: { id: 'x', lotId: 'lot', applicantId: 'p1' } }],
      [at(2), { type: 'submitApplication', application: { id: 'y', lotId: 'lot', applicantId: 'p2' } }],
      [at(2), { type: 'submitApplication', application: { id: 'z', lotId: 'lot', applicantId: 'p3' } }],
      [
        at(3),
        {
          type: 'recordDeposit',
          applicationId: 'x',
          paymentId: 'p-x',
          amountMicros: rub(1_200_000),
          paidAt: at(3).toISOString(),
        },
      ],
      [
        at(3),
        {
          type: 'recordDeposit',
          applicationId: 'y',
          paymentId: 'p-y',
          amountMicros: rub(1_200_000),
          paidAt: at(3).toISOString(),
        },
      ],
      [
        at(3),
        {
          type: 'recordDeposit',
          applicationId: 'z',
          paymentId: 'p-z',
          amountMicros: rub(600_000),
          paidAt: at(3).toISOString(),
        },
      ],
    ]);

  it('refuses an application after the window and a deposit beyond what is due', () => {
    const s = opened();
    const late = applyCommand(
      s,
      {
        type: 'submitApplication',
        application: { id: 'w', lotId: 'lot', applicantId: 'p4', submittedAt: at(21).toISOString() },
      },
      { now: at(21), rules: R, units: new Map(), by: 't' },
    );
    assert.ok(!late.ok && late.code === 'auction_application_outside_window');
    const over = applyCommand(
      s,
      {
        type: 'recordDeposit',
        applicationId: 'z',
        paymentId: 'p-z2',
        amountMicros: rub(700_000),
        paidAt: at(4).toISOString(),
      },
      { now: at(4), rules: R, units: new Map(), by: 't' },
    );
    assert.ok(!over.ok && /осталось внести 600 000,00 ₽/.test(over.message));
  });

  it('admits only deposits in full by the deadline, rejects with a reason and refunds', () => {
    const s = run(opened(), [
      [at(21), { type: 'closeApplications' }],
      [at(22), { type: 'completeAdmission' }],
    ]);
    assert.deepEqual(
      s.applications.map((a) => a.admission),
      ['ADMITTED', 'ADMITTED', 'REJECTED'],
    );
    assert.match(
      String(s.applications[2]?.rejectionReason),
      /получен не полностью: 600 000,00 ₽ из 1 200 000,00 ₽/,
    );
    assert.equal(s.applications[2]?.depositStatus, 'REFUND_DUE');
    assert.ok(s.applications[2]?.refundDueBy);
  });

  it('takes bids by the step inside the window; the winner’s deposit is credited, the others refunded', () => {
    const s = run(opened(), [
      [at(21), { type: 'closeApplications' }],
      [at(22), { type: 'completeAdmission' }],
      [at(35), { type: 'startBidding' }],
    ]);
    const bid = (id: string, app: string, roubles: number, h: number) =>
      applyCommand(
        s,
        {
          type: 'placeBid',
          bid: {
            id,
            lotId: 'lot',
            applicationId: app,
            amountMicros: rub(roubles),
            placedAt: at(35, h).toISOString(),
            source: 'MANUAL',
          },
        },
        { now: at(35, 1), rules: R, units: new Map(), by: 't' },
      );
    const low = bid('b0', 'x', 12_500_000, 0.5);
    assert.ok(
      !low.ok && low.code === 'auction_bid_below_minimum' && /не меньше 12 600 000,00 ₽/.test(low.message),
    );
    const outside = bid('b0', 'x', 12_600_000, 5);
    assert.ok(!outside.ok && outside.code === 'auction_bid_outside_window');
    const rejected = bid('b0', 'z', 12_600_000, 0.5);
    assert.ok(!rejected.ok && rejected.code === 'auction_bidder_not_admitted');
    const done = run(s, [
      [
        at(35, 1),
        {
          type: 'placeBid',
          bid: {
            id: 'b1',
            lotId: 'lot',
            applicationId: 'x',
            amountMicros: rub(12_600_000),
            placedAt: at(35, 0.5).toISOString(),
            source: 'MANUAL',
          },
        },
      ],
      [at(35, 4), { type: 'completeBidding' }],
    ]);
    assert.equal(done.status, 'COMPLETED');
    assert.equal(done.lots[0]?.winnerId, 'x');
    assert.deepEqual(
      done.applications.map((a) => a.depositStatus),
      ['CREDITED', 'REFUND_DUE', 'REFUND_DUE'],
    );
    // 20 working days after 05.04.2027, past the 3 May holiday.
    assert.equal(done.lots[0]?.contractDeadline, '2027-05-04');
    const deadlines = auctionDeadlines(done, at(36));
    assert.ok(deadlines.some((d) => /Подписание договора/.test(d.what) && !d.late));
    const term = applyCommand(
      done,
      { type: 'terminate', reason: 'поздно' },
      { now: at(36), rules: R, units: new Map(), by: 't' },
    );
    assert.ok(!term.ok && /окончательный/.test(term.message));
  });
});

describe('the platform’s results file', () => {
  it('reads csv and xlsx, and names the row and column of every problem', async () => {
    const csv = 'Лот;Участник;Сумма;Время\n1;Иванов Иван;12 600 000;05.04.2027 10:20\n1;;много;вчера\n';
    const parsed = await parseBidFile(Buffer.from(csv), 'p.csv');
    assert.deepEqual(
      parsed.problems.map((p) => `${p.row}:${p.column}`),
      ['3:Участник', '3:Сумма', '3:Время'],
    );
    assert.equal(parsed.rows[0]?.amountMicros, rub(12_600_000));
    assert.equal(parsed.rows[0]?.placedAt, '2027-04-05T07:20:00.000Z');
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Протокол');
    sheet.addRow(['Lot', 'Participant', 'Amount', 'Time']);
    sheet.addRow([2, 'ivanov@example.ru', '13 000 000,50', '05.04.2027 10:30']);
    const xlsx = await parseBidFile(Buffer.from(await wb.xlsx.writeBuffer()), 'p.xlsx');
    assert.deepEqual(xlsx.problems, []);
    assert.equal(xlsx.rows[0]?.lot, 2);
    assert.equal(xlsx.rows[0]?.amountMicros, rub(13_000_000.5));
    const noColumn = await parseBidFile(Buffer.from('Лот;Сумма\n1;5\n'), 'x.csv');
    assert.match(noColumn.problems[0]?.message ?? '', /нет столбца «Участник»/);
  });
});
