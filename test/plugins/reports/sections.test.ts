/**
 * Every section's numbers against an independent computation in JavaScript over the generated
 * records (not the sections' SQL), through a real store and the real access layer; the workbook
 * read back with exceljs (formats, frozen header, filter, totals as values); roles and an agency's
 * rows; bad input and an absent plugin.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { toPartnerScope } from '../../../plugins/agencies/index';
import type { Principal, ScopedReader } from '../../../plugins/core/access/index';
import { RouteError } from '../../../plugins/core/plugin/index';
import { parseReportParams } from '../../../plugins/reports/report-params';
import { findSection, runAll, runSection, type SectionReport } from '../../../plugins/reports/run-report';
import { allWorkbook, sectionWorkbook } from '../../../plugins/reports/workbook';
import { type Dataset, generateReportData, mskDay, type Rec, round2, rubOf, TODAY } from './report-data';
import { openReportEnv, type ReportEnv } from './report-env';

const P = { from: '2026-01-01', to: TODAY, date: TODAY };
const ADMIN: Principal = {
  kind: 'staff',
  memberId: '00000000-0000-4000-8000-000000000001',
  email: 'admin@realty.local',
  role: 'admin',
};
const staff = (role: 'sales' | 'finance' | 'callcenter' | 'marketing' | 'legal'): Principal =>
  ({ ...ADMIN, role, email: `${role}@realty.local` }) as Principal;

let env: ReportEnv;
let data: Dataset;
let admin: ScopedReader;
const by = (object: string) => new Map((data[object] ?? []).map((r) => [r.id, r]));
const inPeriod = (day: string | null, p = P) => day !== null && day >= p.from && day <= p.to;
const run = (key: string, params = P, reader = admin) => runSection(findSection(key), reader, params);
const sum = (values: readonly unknown[]) =>
  round2(values.reduce<number>((s, v) => s + Math.round(Number(v ?? 0) * 100), 0) / 100);
const unitOfPayment = (pay: Rec) => {
  const contract = pay.contractId ? by('saleContract').get(String(pay.contractId)) : undefined;
  return String(contract?.unitId ?? by('auctionLot').get(String(pay.lotId))?.unitId);
};

before(async () => {
  data = generateReportData({ units: 120, auctions: 150 });
  env = await openReportEnv(data);
  admin = env.readerFor(ADMIN);
});
after(() => env?.close());

describe('report sections against an independent computation', () => {
  it('1: receipts per unit — payments, first and last day, deposits, price and total', async () => {
    const expected = new Map<
      string,
      { n: number; dep: number; price: number; all: number; first: string; last: string }
    >();
    for (const pay of data.payment ?? []) {
      const day = mskDay(pay.paidAt) as string;
      if (!inPeriod(day)) continue;
      const unit = by('unit').get(unitOfPayment(pay)) as Rec;
      const e = expected.get(String(unit.number)) ?? {
        n: 0,
        dep: 0,
        price: 0,
        all: 0,
        first: day,
        last: day,
      };
      e.n++;
      e.all += rubOf(pay.amount);
      if (pay.purpose === 'DEPOSIT') e.dep += rubOf(pay.amount);
      if (pay.purpose === 'PRICE') e.price += rubOf(pay.amount);
      if (day < e.first) e.first = day;
      if (day > e.last) e.last = day;
      expected.set(String(unit.number), e);
    }
    const report = await run('1');
    assert.equal(report.rows.length, expected.size);
    assert.ok(report.rows.length > 5);
    for (const row of report.rows) {
      const e = expected.get(String(row.unit));
      assert.ok(e, `unit ${row.unit}`);
      assert.deepEqual(
        [row.payments, row.deposits, row.price, row.amount, row.firstPaid, row.lastPaid],
        [e.n, round2(e.dep), round2(e.price), round2(e.all), e.first, e.last],
      );
    }
    assert.equal(report.totals?.amount, sum([...expected.values()].map((e) => e.all)));
    assert.equal(
      report.totals?.payments,
      [...expected.values()].reduce((s, e) => s + e.n, 0),
    );
  });

  it('2: accumulated receipts per building and year, the running total from the first payment', async () => {
    const params = { from: '2025-01-01', to: TODAY, date: TODAY };
    const perYear = new Map<string, number>();
    for (const pay of data.payment ?? []) {
      const day = mskDay(pay.paidAt) as string;
      if (day > params.to) continue;
      const unit = by('unit').get(unitOfPayment(pay)) as Rec;
      const key = `${unit.buildingId}|${day.slice(0, 4)}`;
      perYear.set(key, (perYear.get(key) ?? 0) + rubOf(pay.amount));
    }
    const report = await run('2', params);
    const buildings = by('building');
    const nameOf = (b: Rec) => (b.name ? String(b.name) : `Корпус ${b.number}`);
    for (const row of report.rows) {
      const building = [...buildings.values()].find(
        (b) =>
          nameOf(b) === row.building &&
          by('residentialComplex').get(String(b.complexId))?.name === row.complex,
      ) as Rec;
      const year = String(row.year);
      assert.ok(year >= '2025');
      assert.equal(row.amount, round2(perYear.get(`${building.id}|${year}`) ?? 0));
      const running = [...perYear.entries()]
        .filter(([k]) => k.startsWith(`${building.id}|`) && k.slice(-4) <= year)
        .reduce((s, [, v]) => s + v, 0);
      assert.equal(row.accumulated, round2(running), `${row.building} ${year}`);
    }
    const shown = [...perYear.keys()].filter((k) => k.slice(-4) >= '2025').length;
    assert.equal(report.rows.length, shown);
    assert.deepEqual(report.chart?.categories, ['2025', '2026']);
  });

  it('3: the auction registry — participants, admitted, bids, final price and winner of each lot', async () => {
    const auctions = by('auction');
    const lots = (data.auctionLot ?? []).filter((l) => {
      const a = auctions.get(String(l.auctionId)) as Rec;
      return inPeriod(mskDay(a.biddingStart ?? a.announcedAt));
    });
    const report = await run('3');
    assert.equal(report.rows.length, lots.length);
    for (const lot of lots) {
      const a = auctions.get(String(lot.auctionId)) as Rec;
      const row = report.rows.find((r) => r.auction === a.number) as Record<string, unknown>;
      const apps = (data.auctionApplication ?? []).filter((x) => x.lotId === lot.id);
      const winner = apps.find((x) => x.id === lot.winnerId);
      const person = winner ? (by('person').get(String(winner.applicantId)) as Rec) : undefined;
      const name = person?.name as { firstName: string; lastName: string } | undefined;
      assert.deepEqual(
        [row.applications, row.admitted, row.bids, row.finalPrice, row.winner],
        [
          apps.length,
          apps.filter((x) => x.admission === 'ADMITTED').length,
          (data.auctionBid ?? []).filter((b) => b.lotId === lot.id).length,
          lot.finalPrice ? rubOf(lot.finalPrice) : null,
          name ? `${name.firstName} ${name.lastName}` : null,
        ],
      );
    }
    assert.ok(report.rows.some((r) => r.status === 'завершён'));
  });

  it('4: the daily summary of a busy day', async () => {
    const days = new Map<string, number>();
    for (const pay of data.payment ?? [])
      days.set(mskDay(pay.paidAt) as string, (days.get(mskDay(pay.paidAt) as string) ?? 0) + 1);
    const day = [...days.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] as string;
    const report = await run('4', { ...P, date: day });
    const line = (text: string) => report.rows.find((r) => r.indicator === text) as Record<string, unknown>;
    const paid = (data.payment ?? []).filter((x) => mskDay(x.paidAt) === day);
    assert.deepEqual(
      [line('Поступления за день').count, line('Поступления за день').amount],
      [paid.length, sum(paid.map((x) => rubOf(x.amount)))],
    );
    assert.equal(
      line('Заявок на торги подано').count,
      (data.auctionApplication ?? []).filter((x) => mskDay(x.submittedAt) === day).length,
    );
    const refunds = (data.financialOperation ?? []).filter(
      (f) => f.kind === 'DEPOSIT_REFUNDED' && !f.settledAt,
    );
    assert.deepEqual(
      [line('Задатков к возврату').count, line('Задатков к возврату').amount],
      [refunds.length, sum(refunds.map((f) => rubOf(f.amount)))],
    );
    assert.equal(line('в том числе просроченных').count, refunds.filter((f) => String(f.dueBy) < day).length);
    const free = (data.unit ?? []).filter((u) => u.status === 'FREE');
    assert.deepEqual(
      [
        line('Свободных помещений (сейчас), по цене').count,
        line('Свободных помещений (сейчас), по цене').amount,
      ],
      [free.length, sum(free.map((u) => rubOf(u.price)))],
    );
    assert.equal(report.totals, undefined, 'a summary of different things has no totals row');
  });

  it('5: the stock by complex, kind and status with a chart by status', async () => {
    const report = await run('5');
    assert.equal(report.totals?.units, data.unit?.length);
    assert.equal(report.totals?.price, sum((data.unit ?? []).map((u) => rubOf(u.price))));
    assert.equal(
      report.totals?.area,
      Math.round((data.unit ?? []).reduce((s, u) => s + Number(u.totalArea) * 10, 0)) / 10,
    );
    const sold = (data.unit ?? []).filter((u) => u.status === 'SOLD').length;
    const chart = report.chart;
    assert.ok(chart);
    assert.equal(chart.series[0]?.values[chart.categories.indexOf('Продана')], sold);
    const flatsFree = report.rows
      .filter((r) => r.kind === 'Квартира' && r.status === 'Свободна')
      .reduce((s, r) => s + Number(r.units), 0);
    assert.equal(flatsFree, (data.unit ?? []).filter((u) => u.kind === 'FLAT' && u.status === 'FREE').length);
  });

  it('6: sales — the contracts signed in the period and the sums by month', async () => {
    const signed = (data.saleContract ?? []).filter((c) => inPeriod(mskDay(c.signedAt)));
    const report = await run('6');
    assert.deepEqual(report.rows.map((r) => r.number).sort(), signed.map((c) => c.number).sort());
    assert.equal(report.totals?.price, sum(signed.map((c) => rubOf(c.price))));
    const march = signed.filter((c) => (mskDay(c.signedAt) as string).startsWith('2026-03'));
    const chart = report.chart;
    assert.ok(chart);
    const i = chart.categories.indexOf('март 2026');
    assert.equal(i >= 0 ? chart.series[0]?.values[i] : 0, sum(march.map((c) => rubOf(c.price))));
  });

  it('7: plan-fact — plans as entered, units and revenue facts from signed contracts per month and complex', async () => {
    const report = await run('7');
    const complexes = by('residentialComplex');
    const buildingOf = (unitId: unknown) =>
      by('building').get(String(by('unit').get(String(unitId))?.buildingId)) as Rec;
    for (const row of report.rows.filter((r) => r.complex !== 'Все ЖК (общий план)')) {
      const complex = [...complexes.values()].find((c) => c.name === row.complex) as Rec;
      const month =
        ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь'].indexOf(
          String(row.month).split(' ')[0] as string,
        ) + 1;
      const ym = `2026-0${month}`;
      const signed = (data.saleContract ?? []).filter(
        (c) =>
          c.status === 'SIGNED' &&
          (mskDay(c.signedAt) as string).startsWith(ym) &&
          buildingOf(c.unitId).complexId === complex.id,
      );
      const plan = (data.salesPlan ?? []).find(
        (s) => s.complexId === complex.id && s.metric === 'REVENUE' && String(s.periodMonth).startsWith(ym),
      );
      assert.equal(row.unitsFact ?? 0, signed.length, `${row.month} ${row.complex}`);
      assert.equal(row.revenueFact ?? 0, sum(signed.map((c) => rubOf(c.price))));
      assert.equal(row.revenuePlan, plan?.planValue ?? 0);
    }
    const all = report.rows.filter((r) => r.complex === 'Все ЖК (общий план)');
    assert.equal(all.length, 6);
    assert.ok(all.every((r) => r.receiptsPlan === 50_000_000));
    assert.equal(report.totals?.receiptsPlan, 300_000_000);
    const signedInPeriod = (data.saleContract ?? []).filter(
      (c) => c.status === 'SIGNED' && inPeriod(mskDay(c.signedAt), { ...P, to: '2026-06-30' }),
    );
    assert.equal(report.totals?.unitsFact, signedInPeriod.length);
  });

  it('8: the deposits journal — operations in the period and every refund still due, with days late', async () => {
    const ops = (data.financialOperation ?? []).filter(
      (f) => inPeriod(mskDay(f.at)) || (f.kind === 'DEPOSIT_REFUNDED' && !f.settledAt),
    );
    const report = await run('8');
    assert.equal(report.rows.length, ops.length);
    assert.equal(report.totals?.amount, sum(ops.map((f) => rubOf(f.amount))));
    const late = ops.filter((f) => f.kind === 'DEPOSIT_REFUNDED' && !f.settledAt && String(f.dueBy) < TODAY);
    assert.equal(report.rows.filter((r) => r.state === 'просрочен').length, late.length);
    const first = late[0] as Rec;
    const days = Math.round((Date.parse(TODAY) - Date.parse(String(first.dueBy))) / 86_400_000);
    assert.ok(report.rows.some((r) => r.dueBy === first.dueBy && r.lateDays === days));
  });

  it('9: contracts and deadlines — due in the period or unsigned past their date, days overdue', async () => {
    const due = (data.saleContract ?? []).filter(
      (c) =>
        inPeriod(String(c.plannedDate)) ||
        (c.status === 'AWAITING_SIGNATURE' && String(c.plannedDate) < TODAY),
    );
    const report = await run('9');
    assert.deepEqual(report.rows.map((r) => r.number).sort(), due.map((c) => c.number).sort());
    for (const c of due.filter((x) => x.status === 'AWAITING_SIGNATURE' && String(x.plannedDate) < TODAY)) {
      const row = report.rows.find((r) => r.number === c.number);
      assert.equal(
        row?.overdueDays,
        Math.round((Date.parse(TODAY) - Date.parse(String(c.plannedDate))) / 86_400_000),
      );
    }
  });

  it('10: agency performance — applications, wins and sales per agency; an agency sees only itself', async () => {
    const report = await run('10');
    const auctions = by('auction');
    const apps = by('auctionApplication');
    for (const agency of data.agency ?? []) {
      const row = report.rows.find((r) => r.agency === agency.name) as Record<string, unknown>;
      const wins = (data.auctionLot ?? []).filter(
        (l) =>
          l.winnerId &&
          apps.get(String(l.winnerId))?.agencyId === agency.id &&
          inPeriod(mskDay(auctions.get(String(l.auctionId))?.resultsAt)),
      );
      const sold = (data.saleContract ?? []).filter(
        (c) => c.agencyId === agency.id && inPeriod(mskDay(c.signedAt)),
      );
      assert.deepEqual(
        [row.applications, row.wins, row.contracts, row.amount, row.requests],
        [
          (data.auctionApplication ?? []).filter(
            (x) => x.agencyId === agency.id && inPeriod(mskDay(x.submittedAt)),
          ).length,
          wins.length,
          sold.length,
          sum(sold.map((c) => rubOf(c.price))),
          agency.requestsThisMonth,
        ],
      );
    }
    const own = data.agency?.[1] as Rec;
    const partner: Principal = {
      kind: 'partner',
      agencyId: own.id,
      userId: '00000000-0000-4000-8000-00000000aaaa',
      scope: toPartnerScope({ grants: [{ place: { kind: 'everywhere' } }], fieldLevel: 'EXTENDED' }),
    };
    const mine = await run('10', P, env.readerFor(partner));
    assert.deepEqual(
      mine.rows.map((r) => r.agency),
      [own.name],
    );
    const full = report.rows.find((r) => r.agency === own.name) as Record<string, unknown>;
    assert.deepEqual(
      [mine.rows[0]?.applications, mine.rows[0]?.contracts],
      [full.applications, full.contracts],
    );
    await assert.rejects(
      run('1', P, env.readerFor(partner)),
      (e: unknown) => e instanceof RouteError && e.status === 403,
    );
  });

  it('11: call-center statistics by Moscow day and direction', async () => {
    const expected = new Map<string, { n: number; answered: number; missed: number; seconds: number }>();
    for (const call of data.phoneCall ?? []) {
      const day = mskDay(call.startedAt) as string;
      if (!inPeriod(day)) continue;
      const key = `${day}|${call.direction === 'INCOMING' ? 'входящие' : 'исходящие'}`;
      const e = expected.get(key) ?? { n: 0, answered: 0, missed: 0, seconds: 0 };
      e.n++;
      if (call.status === 'ANSWERED') {
        e.answered++;
        e.seconds += Number(call.durationSeconds);
      }
      if (call.status === 'MISSED') e.missed++;
      expected.set(key, e);
    }
    const report = await run('11');
    assert.equal(report.available, true);
    assert.equal(report.rows.length, expected.size);
    for (const row of report.rows) {
      const e = expected.get(`${row.day}|${row.direction}`);
      assert.ok(e, `${row.day} ${row.direction}`);
      assert.deepEqual(
        [row.calls, row.answered, row.missed, row.talkMinutes, row.answeredShare],
        [e.n, e.answered, e.missed, Math.round(e.seconds / 60), Math.round((1000 * e.answered) / e.n) / 10],
      );
    }
    assert.equal(
      report.totals?.calls,
      (data.phoneCall ?? []).filter((c) => inPeriod(mskDay(c.startedAt))).length,
    );
  });

  it('12: SMS campaigns — messages sent, delivered, failed, parts and cost', async () => {
    const report = await run('12');
    for (const campaign of data.smsCampaign ?? []) {
      const messages = (data.smsMessage ?? []).filter((m) => m.campaignId === campaign.id);
      const row = report.rows.find((r) => r.name === campaign.name) as Record<string, unknown>;
      const delivered = messages.filter((m) => m.status === 'DELIVERED').length;
      const sent = messages.filter((m) => m.status === 'SENT').length + delivered;
      assert.deepEqual(
        [row.messages, row.sent, row.delivered, row.failed, row.segments, row.cost],
        [
          messages.length,
          sent,
          delivered,
          messages.filter((m) => m.status === 'FAILED').length,
          messages.reduce((s, m) => s + Number(m.segments), 0),
          rubOf(campaign.cost),
        ],
      );
      assert.equal(row.deliveredShare, sent === 0 ? null : Math.round((1000 * delivered) / sent) / 10);
    }
  });

  it('13: the price list — free units only, price per m²', async () => {
    const free = (data.unit ?? []).filter((u) => u.status === 'FREE');
    const report = await run('13');
    assert.deepEqual(report.rows.map((r) => r.unit).sort(), free.map((u) => u.number).sort());
    const u = free[0] as Rec;
    const row = report.rows.find((r) => r.unit === u.number);
    assert.equal(row?.pricePerSqm, round2(rubOf(u.price) / Number(u.totalArea)));
  });

  it('14: auction uplift — final against start price, overall percent', async () => {
    const auctions = by('auction');
    const sold = (data.auctionLot ?? []).filter(
      (l) => l.status === 'SOLD' && inPeriod(mskDay(auctions.get(String(l.auctionId))?.resultsAt)),
    );
    const report = await run('14');
    assert.equal(report.rows.length, sold.length);
    const start = sum(sold.map((l) => rubOf(l.startPrice)));
    const final = sum(sold.map((l) => rubOf(l.finalPrice)));
    assert.deepEqual(
      [report.totals?.startPrice, report.totals?.finalPrice, report.totals?.uplift],
      [start, final, round2(final - start)],
    );
    assert.equal(report.totals?.upliftPercent, round2(((final - start) / start) * 100));
  });

  it('15: failed, terminated and cancelled auctions with their reasons', async () => {
    const failed = (data.auction ?? []).filter(
      (a) =>
        ['FAILED', 'TERMINATED', 'CANCELLED'].includes(String(a.status)) && inPeriod(mskDay(a.resultsAt)),
    );
    const report = await run('15');
    assert.deepEqual(report.rows.map((r) => r.auction).sort(), failed.map((a) => a.number).sort());
    const fas = failed.find((a) => a.status === 'TERMINATED');
    if (fas) assert.equal(report.rows.find((r) => r.auction === fas.number)?.reason, 'Предписание ФАС');
  });

  it('16: the change log of the period, imports numbered', async () => {
    const changes = (data.unitChange ?? []).filter((c) => inPeriod(mskDay(c.changedAt)));
    const report = await run('16');
    assert.equal(report.rows.length, changes.length);
    assert.equal(
      report.rows.filter((r) => r.source === 'импорт' && r.batch === 1).length,
      changes.filter((c) => c.source === 'IMPORT').length,
    );
  });

  it('17: the revenue forecast in RUB by scenario kind, a dollar line at the rate in force on its date', async () => {
    const scenarios = by('revenueScenario');
    const rate = (date: string) =>
      (data.exchangeRate ?? [])
        .filter((r) => String(r.date) <= date)
        .sort((a, b) => String(b.date).localeCompare(String(a.date)))[0]?.rate;
    let base = 0;
    for (const line of data.revenuePlanLine ?? []) {
      if (!inPeriod(String(line.dueDate))) continue;
      if (scenarios.get(String(line.scenarioId))?.kind !== 'BASE') continue;
      const amount = line.amount as { amountMicros: number; currencyCode: string };
      base +=
        (amount.amountMicros / 1e6) *
        (amount.currencyCode === 'USD' ? Number(rate(String(line.dueDate))) : 1);
    }
    const report = await run('17');
    const rows = report.rows.filter((r) => r.scenario === 'базовый');
    assert.equal(sum(rows.map((r) => r.planned)), round2(base));
    assert.ok(rows.some((r) => r.month === 'март 2026'));
  });

  it('18: revenue allocation — each share of the deal’s primary scenario in RUB per department and person', async () => {
    const expected = new Map<string, number>();
    const departments = by('department');
    const members = by('workspaceMember');
    for (const a of data.revenueAllocation ?? []) {
      const primary = (data.revenueScenario ?? []).find(
        (s) => s.opportunityId === a.opportunityId && s.isPrimary,
      ) as Rec;
      const planned = (data.revenuePlanLine ?? [])
        .filter((l) => l.scenarioId === primary.id)
        .reduce((s, l) => {
          const amount = l.amount as { amountMicros: number; currencyCode: string };
          return s + (amount.amountMicros / 1e6) * (amount.currencyCode === 'USD' ? 90.5 : 1);
        }, 0);
      const member = a.memberId ? members.get(String(a.memberId))?.name : undefined;
      const who = member
        ? `${(member as { firstName: string }).firstName} ${(member as { lastName: string }).lastName}`
        : '— без сотрудника —';
      const key = `${departments.get(String(a.departmentId))?.name}|${who}`;
      expected.set(key, (expected.get(key) ?? 0) + (planned * Number(a.sharePercent)) / 100);
    }
    const report = await run('18');
    assert.equal(report.rows.length, expected.size);
    for (const row of report.rows)
      assert.equal(
        row.planned,
        round2(expected.get(`${row.department}|${row.member}`) ?? -1),
        `${row.department} ${row.member}`,
      );
  });

  it('19: the holding roll-up over every subsidiary at any depth', async () => {
    const report = await run('19');
    assert.equal(report.rows.length, 1, 'a company without subsidiaries is no holding');
    const row = report.rows[0] as Record<string, unknown>;
    const deals = (data.opportunity ?? []).filter((o) =>
      ['Холдинг Альфа', 'Альфа Девелопмент', 'Альфа Сервис'].includes(
        String(by('company').get(String(o.companyId))?.name),
      ),
    );
    assert.deepEqual(
      [row.holding, row.companies, row.openDeals, row.openAmount],
      ['Холдинг Альфа', 3, deals.length, sum(deals.map((o) => rubOf(o.amount)))],
    );
  });
});

describe('report access, workbooks and bad input', () => {
  it('a role sees its sections: a call-center operator gets no finance sections', async () => {
    const reader = env.readerFor(staff('callcenter'));
    const all = await runAll(reader, P);
    const ids = all.sections.map((s) => s.section.id);
    assert.ok(
      ids.includes(5) && ids.includes(13) && !ids.includes(1) && !ids.includes(8) && !ids.includes(18),
    );
    await assert.rejects(
      run('8', P, reader),
      (e: unknown) => e instanceof RouteError && e.status === 403 && /недоступен вашей роли/.test(e.message),
    );
  });

  it('all sections: one workbook, a sheet per section, frozen filtered headers, ₽/м²/dd.mm.yyyy, totals as values', async () => {
    const all = await runAll(admin, P);
    assert.deepEqual(all.skipped, [], 'every plugin is enabled here');
    assert.equal(all.sections.length, 19);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      (await allWorkbook(all, { title: 'Тест', built: new Date('2026-06-15T07:00:00Z') })) as never,
    );
    assert.equal(workbook.worksheets.length, all.sections.length + 1);
    const sheet = workbook.getWorksheet('1. Поступления по помещениям') as ExcelJS.Worksheet;
    assert.ok(sheet);
    assert.equal(sheet.views[0]?.state, 'frozen');
    assert.equal((sheet.views[0] as { ySplit?: number }).ySplit, 1);
    assert.ok(sheet.autoFilter, 'autofilter on the header');
    const report = all.sections.find((s) => s.section.id === 1) as SectionReport;
    assert.equal(sheet.getRow(1).getCell(1).value, 'ЖК');
    assert.ok(sheet.getRow(1).font?.bold);
    const amountCol = report.columns.findIndex((c) => c.key === 'amount') + 1;
    const dateCol = report.columns.findIndex((c) => c.key === 'firstPaid') + 1;
    assert.equal(sheet.getRow(2).getCell(amountCol).numFmt, '#,##0.00 "₽"');
    assert.equal(sheet.getRow(2).getCell(dateCol).numFmt, 'dd.mm.yyyy');
    assert.ok(sheet.getRow(2).getCell(dateCol).value instanceof Date);
    assert.equal(sheet.getRow(2).getCell(amountCol).value, report.rows[0]?.amount);
    const totals = sheet.getRow(report.rows.length + 2);
    assert.equal(totals.getCell(1).value, 'Итого');
    assert.equal(totals.getCell(amountCol).value, report.totals?.amount);
    assert.ok(totals.font?.bold);
    assert.ok((sheet.getColumn(amountCol).width ?? 0) >= 12);
    const stock = workbook.worksheets.find((ws) => ws.name.startsWith('5. ')) as ExcelJS.Worksheet;
    assert.ok(stock.name.length <= 31);
    assert.equal(stock.getRow(2).getCell(5).numFmt, '#,##0.0 "м²"');
    let formulas = 0;
    for (const ws of workbook.worksheets)
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          if (cell.formula) formulas++;
        }),
      );
    assert.equal(formulas, 0, 'no formulas to break when sorted');
  });

  it('an empty period gives an empty, correctly headed sheet', async () => {
    const report = await run('6', { from: '2030-01-01', to: '2030-01-31', date: '2030-01-31' });
    assert.deepEqual([report.rows.length, report.totals], [0, undefined]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await sectionWorkbook(report)) as never);
    const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
    assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1, 4), ['Договор', 'Подписан', 'ЖК']);
    assert.equal(sheet.getRow(2).getCell(1).value, 'Нет данных за выбранный период');
  });

  it('bad dates, a reversed period and an unknown section are refused in Russian, naming the field', () => {
    const refused = (fn: () => unknown, code: string, message: RegExp) =>
      assert.throws(
        fn,
        (e: unknown) => e instanceof RouteError && e.code === code && message.test(e.message),
      );
    refused(
      () => parseReportParams({ from: '2026-02-30' }, TODAY),
      'reports_bad_date',
      /«Период с»: «2026-02-30» — не дата/,
    );
    refused(() => parseReportParams({ date: 'вчера' }, TODAY), 'reports_bad_date', /«Дата отчёта»/);
    refused(
      () => parseReportParams({ from: '2026-05-01', to: '01.04.2026' }, TODAY),
      'reports_bad_period',
      /01\.05\.2026.*позже.*01\.04\.2026/,
    );
    refused(() => parseReportParams({ complexId: 'abc' }, TODAY), 'reports_bad_id', /«Жилой комплекс»/);
    refused(() => findSection('20'), 'reports_unknown_section', /Раздела отчёта «20» нет/);
    assert.deepEqual(parseReportParams({ date: '15.06.2026' }, '2026-07-01'), {
      from: '2026-01-01',
      to: '2026-06-15',
      date: '2026-06-15',
    });
  });
});
