/**
 * The revenue plugin through the whole app (devhost, runtime, app server,
 * webhook): rates loaded from the fake bank into exchangeRate, a deal's
 * scenarios created, copied, made primary, lines changed and amounts moved,
 * allocations set — every bad input refused with a clear error and nothing
 * written; the deal's figures checked against hand-computed RUB; the
 * portfolio's SQL path equal to the pure rules; a second primary set in
 * Twenty's UI flagged with a task for its author; `realty rates` as a
 * command (progress, --dry-run, --json, exit codes).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fetchCbrDaily } from '../../../plugins/revenue/cbr-rates';
import {
  portfolioFromProjection,
  refreshForecastProjection,
} from '../../../plugins/revenue/forecast-projection';
import { revenuePlugin } from '../../../plugins/revenue/index';
import { loadDailyRates } from '../../../plugins/revenue/jobs';
import { loadRatesRange } from '../../../plugins/revenue/rates-loader';
import { loadRateTable, loadScenarios, systemQuery } from '../../../plugins/revenue/revenue-data';
import { portfolioForecast, scenarioForecast } from '../../../plugins/revenue/rules/forecast';
import { presentRub } from '../../../plugins/revenue/rules/money';
import { eq } from '../../../sdk/index';
import { type AppStack, startAppStack, waitFor } from '../../support/app-stack';
import { runOperationCommandHere } from '../../support/operation-command';
import { type FakeCbr, startFakeCbr } from './fake-cbr';

let bank: FakeCbr;
let app: AppStack;
const DEAL = '5b0a3c1e-0000-4000-8000-00000000de01';

async function api(method: string, path: string, body?: unknown, role = 'finance') {
  const res = await fetch(`${app.server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${app.staffToken(role as 'finance')}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const type = res.headers.get('content-type') ?? '';
  return {
    status: res.status,
    // biome-ignore lint/suspicious/noExplicitAny: the JSON answers are read loosely; each test asserts their shape
    body: (type.includes('json') ? await res.json() : await res.text()) as Record<string, any>,
  };
}

const count = async (object: string) => app.runtime.store.readModel.count(object);
const twentyCount = async (object: string, filter: string) =>
  (
    (await app.twentyRest('GET', `/rest/${object}?filter=${encodeURIComponent(filter)}&limit=100`)) as {
      data: Record<string, unknown[]>;
    }
  ).data[object]!.length;

describe('revenue through the app', () => {
  before(async () => {
    bank = await startFakeCbr();
    process.env.REVENUE_CBR_URL = bank.url;
    app = await startAppStack({
      name: 'revenue',
      plugins: [revenuePlugin],
      webhook: true,
      rateLimit: { requestsPerMinute: 6000, requestsPerSecond: 100 },
    });
    delete process.env.REVENUE_CBR_URL;
    await app.twentyRest('POST', '/rest/opportunities', {
      id: DEAL,
      name: 'Оценка бизнес-центра «Меридиан»',
    });
  });
  after(async () => {
    await app?.close();
    await bank?.close();
  });

  it('loads the bank’s rates into exchangeRate, idempotently', async () => {
    const ctx = app.runtime.contextFor('revenue');
    const deps = {
      fetchDay: (d: string) => fetchCbrDaily(bank.url, d),
      query: systemQuery(ctx),
      records: ctx.twenty.records('exchangeRate'),
      currencies: [],
    };
    const first = await loadRatesRange(deps, { from: '2026-03-04', to: '2026-03-12' });
    assert.equal(first.written, 6 * 7);
    await waitFor('the rates in the read model', async () =>
      (await count('exchangeRate')) >= 42 ? true : undefined,
    );
    const again = await loadRatesRange(deps, { from: '2026-03-04', to: '2026-03-12' });
    assert.deepEqual({ written: again.written, unchanged: again.unchanged }, { written: 0, unchanged: 42 });
  });

  it('the daily job continues from the last loaded date, at most 31 days a run, writing only what is new', async () => {
    const summary = await loadDailyRates(app.runtime.contextFor('revenue'));
    assert.equal(summary.from, '2026-03-13');
    assert.equal(summary.requested, 31);
    // The fake bank answers every later date with its last file (12.03): nothing new.
    assert.deepEqual({ files: summary.files, written: summary.written }, { files: 1, written: 0 });
  });

  it('answers the rate in force: Monday 9 March (a holiday) takes Saturday’s', async () => {
    const res = await api('GET', '/api/revenue/rates/USD/2026-03-10');
    assert.equal(res.status, 200);
    assert.deepEqual(
      { rateDate: res.body.rateDate, rate: res.body.rate },
      { rateDate: '2026-03-07', rate: '90' },
    );
    const none = await api('GET', '/api/revenue/rates/USD/2026-03-01');
    assert.equal(none.status, 400);
    assert.match(none.body.message, /курс USD на 01\.03\.2026 или раньше не опубликован/);
  });

  let baseId = '';
  let lineIds: string[] = [];

  it('creates a multi-currency scenario; the first of a deal is primary', async () => {
    const res = await api('POST', '/api/revenue/scenarios', {
      opportunityId: DEAL,
      name: 'Базовый',
      kind: 'BASE',
      probability: '70',
      lines: [
        {
          dueDate: '2026-03-09',
          amount: '10000',
          currencyCode: 'USD',
          receivedDate: '2026-03-05',
          receivedAmount: '4000',
        },
        { dueDate: '08.03.2026', amount: '3 000 000', currencyCode: 'KZT' },
        { dueDate: '2026-04-15', amount: '1000000', currencyCode: 'JPY' },
        { dueDate: '2026-04-20', amount: '150000,50', currencyCode: 'RUB' },
      ],
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.scenario.isPrimary, true);
    baseId = res.body.scenario.id;
    lineIds = res.body.lines.map((l: { id: string }) => l.id);
    assert.equal(lineIds.length, 4);
  });

  it('refuses bad input with a clear error naming the line and field, writing nothing', async () => {
    const cases: [unknown, number, RegExp, string][] = [
      [
        { dueDate: '2026-03-09', amount: '1', currencyCode: 'XYZ' },
        400,
        /строка 1: неизвестный код валюты «XYZ».*не публикует по нему курс/,
        'lines.0.currencyCode',
      ],
      [
        { dueDate: '2026-03-01', amount: '1', currencyCode: 'EUR' },
        400,
        /строка 1: курс EUR на 01\.03\.2026 или раньше не опубликован/,
        'lines.0.currencyCode',
      ],
      [
        { dueDate: '2026-02-30', amount: '1', currencyCode: 'RUB' },
        400,
        /строка 1: «Срок»: ожидается дата/,
        'lines.0.dueDate',
      ],
      [
        { dueDate: '2026-03-09', amount: 'много', currencyCode: 'RUB' },
        400,
        /«Сумма»: ожидается сумма/,
        'lines.0.amount',
      ],
    ];
    const before = await twentyCount('revenueScenarios', `opportunityId[eq]:${DEAL}`);
    for (const [line, status, message, field] of cases) {
      const res = await api('POST', '/api/revenue/scenarios', {
        opportunityId: DEAL,
        name: 'Плохой',
        lines: [{ dueDate: '2026-03-09', amount: '5', currencyCode: 'RUB' }, line].reverse(),
      });
      assert.equal(res.status, status, JSON.stringify(res.body));
      assert.match(res.body.message, message);
      assert.equal(res.body.field, field);
      assert.equal(res.body.row, 1);
    }
    const primary = await api('POST', '/api/revenue/scenarios', {
      opportunityId: DEAL,
      name: 'Второй основной',
      isPrimary: true,
    });
    assert.equal(primary.status, 409);
    assert.equal(primary.body.code, 'revenue_primary_conflict');
    assert.match(primary.body.message, /уже есть основной сценарий «Базовый»/);
    assert.equal(
      await twentyCount('revenueScenarios', `opportunityId[eq]:${DEAL}`),
      before,
      'nothing was written',
    );
  });

  let copyId = '';
  it('copies a scenario and adjusts it, then moves the primary mark to the copy', async () => {
    const res = await api('POST', `/api/revenue/scenarios/${baseId}/copy`, {
      name: 'Оптимистичный',
      kind: 'OPTIMISTIC',
      probability: 30,
      amountPercent: '110',
      shiftDays: 30,
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    copyId = res.body.scenario.id;
    assert.equal(res.body.scenario.isPrimary, false);
    const usd = res.body.lines.find(
      (l: { amount: { currencyCode: string } }) => l.amount.currencyCode === 'USD',
    );
    // 6 000 USD still expected × 110 % = 6 600, due 30 days later
    assert.deepEqual(
      { micros: Number(usd.amount.amountMicros), due: usd.dueDate },
      { micros: 6_600_000_000, due: '2026-04-08' },
    );
    const moved = await api('POST', `/api/revenue/scenarios/${copyId}/primary`);
    assert.equal(moved.status, 200);
    const scenarios = (await app.twentyRest(
      'GET',
      `/rest/revenueScenarios?filter=${encodeURIComponent(`opportunityId[eq]:${DEAL}`)}`,
    )) as { data: { revenueScenarios: { id: string; isPrimary: boolean }[] } };
    assert.deepEqual(
      scenarios.data.revenueScenarios.filter((s) => s.isPrimary).map((s) => s.id),
      [copyId],
    );
    assert.equal((await api('POST', `/api/revenue/scenarios/${baseId}/primary`)).status, 200);
  });

  it('changes a line (partial receipt, new date) and moves an amount between lines', async () => {
    const patched = await api('PATCH', `/api/revenue/lines/${lineIds[3]}`, {
      dueDate: '2026-05-20',
      receivedDate: '2026-04-02',
      receivedAmount: '50000',
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    const bad = await api('POST', '/api/revenue/lines/move', {
      fromLineId: lineIds[0],
      toLineId: lineIds[1],
      amount: '1',
    });
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /USD и KZT; сумма переносится только между строками одной валюты/);
    const add = await api('POST', `/api/revenue/scenarios/${baseId}/lines`, {
      dueDate: '2026-06-01',
      amount: '100',
      currencyCode: 'USD',
    });
    assert.equal(add.status, 201);
    const move = await api('POST', '/api/revenue/lines/move', {
      fromLineId: lineIds[0],
      toLineId: add.body.line.id,
      amount: '2000',
    });
    assert.equal(move.status, 200, JSON.stringify(move.body));
    const tooMuch = await api('POST', '/api/revenue/lines/move', {
      fromLineId: lineIds[0],
      toLineId: add.body.line.id,
      amount: '5000',
    });
    assert.match(tooMuch.body.message, /перенести можно не больше 4000\.00/);
  });

  it('allocations: shares must total 100 % (refused whole), then set', async () => {
    const dept = await api('POST', '/api/revenue/departments', { name: 'Оценка' });
    const dept2 = await api('POST', '/api/revenue/departments', { name: 'Консалтинг' });
    const d1 = dept.body.department.id;
    const d2 = dept2.body.department.id;
    const wrong = await api('PUT', `/api/revenue/deals/${DEAL}/allocations`, {
      allocations: [
        { departmentId: d1, sharePercent: '60' },
        { departmentId: d2, sharePercent: '30' },
      ],
    });
    assert.equal(wrong.status, 400);
    assert.match(
      wrong.body.message,
      /доли выручки в сумме 90 %, а должны давать 100 % \(не распределено 10 %\)/,
    );
    assert.equal(await twentyCount('revenueAllocations', `opportunityId[eq]:${DEAL}`), 0);
    const ok = await api('PUT', `/api/revenue/deals/${DEAL}/allocations`, {
      allocations: [
        { departmentId: d1, sharePercent: '60', role: 'Оценщик' },
        { departmentId: d2, sharePercent: '40' },
        { departmentId: d2, sharePercent: '15', splitType: 'OVERLAY' },
      ],
    });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(await twentyCount('revenueAllocations', `opportunityId[eq]:${DEAL}`), 3);
  });

  it('shows the deal in RUB: hand-computed per line, the rate used recorded', async () => {
    await waitFor('the writes in the read model', async () =>
      (await count('revenuePlanLine')) >= 9 && (await count('revenueAllocation')) >= 3 ? true : undefined,
    );
    const res = await api('GET', `/api/revenue/deals/${DEAL}`);
    assert.equal(res.status, 200);
    const base = res.body.scenarios.find((s: { id: string }) => s.id === baseId);
    assert.equal(base.isPrimary, true);
    const line = (id: string) => base.lines.find((l: { id: string }) => l.id === id);
    // USD 8 000 (2 000 moved away) due 09.03 (holiday → 07.03 rate 90,0000): 720 000; 4 000 received 05.03 at 89,1234
    assert.equal(line(lineIds[0]!).plannedRub, '720000.00');
    assert.equal(line(lineIds[0]!).receivedRub, '356493.60');
    assert.equal(line(lineIds[0]!).remainingRub, '360000.00');
    assert.deepEqual(line(lineIds[0]!).plannedRate, {
      currencyCode: 'USD',
      rateDate: '2026-03-07',
      rate: '90',
      nominal: 1,
    });
    // KZT 3 000 000 on Sunday 08.03 at 17,6543 per 100
    assert.equal(line(lineIds[1]!).plannedRub, '529629.00');
    // JPY 1 000 000 on 15.04 (after the last file, 12.03: 58,3500 per 100)
    assert.equal(line(lineIds[2]!).plannedRub, '583500.00');
    // RUB line moved to May, 50 000 received in April
    assert.equal(line(lineIds[3]!).remainingRub, '100000.50');
    const april = base.months.find((m: { month: string }) => m.month === '2026-04');
    assert.equal(april.received, '50000.00');
    assert.equal(res.body.allocations.length, 3);
  });

  /** The projection (after a refresh) against the pure rules over the same read model. */
  async function compareProjection(expectedUnconvertible: number) {
    const ctx = app.runtime.contextFor('revenue');
    const query = systemQuery(ctx);
    await refreshForecastProjection(ctx);
    const storage = {
      query: async <R>(sql: string, params?: readonly unknown[]) =>
        (await ctx.store.sql.query(sql, params ? [...params] : [])).rows as R[],
    };
    const sql = await portfolioFromProjection(storage as never);
    const scenarios = await loadScenarios(query, { opportunityIds: [DEAL] });
    const rates = await loadRateTable(query);
    const pure = portfolioForecast(
      scenarios.map((s) => ({ scenario: s, forecast: scenarioForecast(s, rates) })),
    );
    const show = (p: typeof pure) =>
      p.months.map((m) => [
        m.month,
        presentRub(m.primary.planned),
        presentRub(m.primary.received),
        presentRub(m.byKind.OPTIMISTIC.planned),
        m.weighted.toFixed(6),
      ]);
    assert.deepEqual(show(sql), show(pure));
    assert.equal(sql.unconvertible, expectedUnconvertible);
    return sql;
  }

  it('the portfolio’s projection of the read model equals the pure rules', async () => {
    const sql = await compareProjection(0);
    const res = await api('GET', '/api/revenue/portfolio');
    assert.equal(res.status, 200);
    assert.equal(res.body.deals, 1);
    assert.deepEqual(
      res.body.months,
      sql.months.map((m: { month: string }) => m.month),
    );
  });

  it('a second primary set in Twenty’s UI is flagged and its author gets a task', async () => {
    // As Twenty's UI writes: the webhook carries the member who made the change.
    await app.twentyRest('PATCH', `/rest/revenueScenarios/${copyId}`, { isPrimary: true });
    const flagged = await waitFor('the scenarios flagged', async () => {
      const s = (await app.twentyRest('GET', `/rest/revenueScenarios/${copyId}`)) as {
        data: { revenueScenario: { validationIssue: string | null } };
      };
      return s.data.revenueScenario.validationIssue || undefined;
    });
    assert.match(
      flagged,
      /основных сценариев: 2 \((«Базовый», «Оптимистичный»|«Оптимистичный», «Базовый»)\); основным может быть только один/,
    );
    // The task follows the flag (same handler run).
    await waitFor('the task for the author', async () => {
      const tasks = (await app.twentyRest(
        'GET',
        `/rest/tasks?filter=${encodeURIComponent('title[like]:%основной сценарий%')}`,
      )) as { data: { tasks: unknown[] } };
      return tasks.data.tasks.length >= 1 ? true : undefined;
    });
    // Fixed through the API: the flags clear.
    await api('POST', `/api/revenue/scenarios/${baseId}/primary`);
    const cleared = (await app.twentyRest('GET', `/rest/revenueScenarios/${baseId}`)) as {
      data: { revenueScenario: { validationIssue: string | null } };
    };
    assert.equal(cleared.data.revenueScenario.validationIssue, null);
  });

  it('a line in an unknown currency and shares not totalling 100 %, made in Twenty, are flagged', async () => {
    const line = (await app.twentyRest('POST', '/rest/revenuePlanLines', {
      name: 'Из интерфейса',
      scenarioId: baseId,
      dueDate: '2026-03-20',
      amount: { amountMicros: 5_000_000_000, currencyCode: 'XYZ' },
    })) as { data: { createRevenuePlanLine: { id: string } } };
    const lineId = line.data.createRevenuePlanLine.id;
    const lineIssue = await waitFor('the line flagged', async () => {
      const r = (await app.twentyRest('GET', `/rest/revenuePlanLines/${lineId}`)) as {
        data: { revenuePlanLine: { validationIssue: string | null } };
      };
      return r.data.revenuePlanLine.validationIssue || undefined;
    });
    assert.match(lineIssue, /неизвестный код валюты «XYZ»/);
    const members = (await app.twentyRest('GET', '/rest/workspaceMembers?limit=1')) as {
      data: { workspaceMembers: { id: string }[] };
    };
    await app.twentyRest('POST', '/rest/revenueAllocations', {
      name: 'Из интерфейса',
      opportunityId: DEAL,
      scenarioId: copyId,
      sharePercent: '50',
      splitType: 'REVENUE',
      memberId: members.data.workspaceMembers[0]?.id,
    });
    const allocIssue = await waitFor('the allocation flagged', async () => {
      const r = (await app.twentyRest(
        'GET',
        `/rest/revenueAllocations?filter=${encodeURIComponent(`scenarioId[eq]:${copyId}`)}`,
      )) as {
        data: { revenueAllocations: { validationIssue: string | null }[] };
      };
      return r.data.revenueAllocations[0]?.validationIssue || undefined;
    });
    assert.match(allocIssue, /доли выручки в сумме 50 %, а должны давать 100 % \(не распределено 50 %\)/);
  });

  it('the projection follows later changes incrementally (primary moved, a line without a rate)', async () => {
    await waitFor('the flagged line in the read model', async () =>
      (await count('revenuePlanLine')) >= 10 ? true : undefined,
    );
    await compareProjection(1);
  });

  it('the pages render in Russian with formatted values', async () => {
    await waitFor('scenarios replicated', async () =>
      (await count('revenueScenario')) >= 2 ? true : undefined,
    );
    const page = await api('GET', '/revenue');
    assert.equal(page.status, 200);
    assert.match(String(page.body), /Прогноз выручки/);
    assert.match(String(page.body), /Оценка бизнес-центра «Меридиан»|Оценка бизнес-центра &#171;/);
    assert.doesNotMatch(String(page.body), /amountMicros/);
    const deal = await api('GET', `/revenue/deals/${DEAL}`);
    assert.match(String(deal.body), /720\u00a0000\u00a0₽/);
    assert.match(String(deal.body), /USD 90 от 07\.03\.2026/);
    const alloc = await api('GET', '/revenue/allocations');
    assert.match(String(alloc.body), /По отделам/);
    const callcenter = await api('GET', '/api/revenue/portfolio', undefined, 'callcenter');
    assert.equal(callcenter.status, 403);
  });

  it('`realty rates`: --dry-run, --json, exit 2 on bad dates, 1 when the bank sends a bad file', async () => {
    const rates = (options: Record<string, unknown>) =>
      runOperationCommandHere(app.runtime, 'rates', [], options);
    const dry = await rates({ from: '2026-03-11', to: '2026-03-12', dryRun: true });
    assert.equal(dry.code, 0, dry.said.join('\n'));
    assert.equal(dry.result.dryRun, true);
    assert.match(dry.said.join('\n'), /Dry run: 2 day\(s\) asked, 2 file\(s\).*0 written/);
    assert.match(dry.said.join('\n'), /пробный прогон \(--dry-run\): ничего не записано/);
    const reversed = await rates({ from: '2026-03-12', to: '2026-03-11' });
    assert.equal(reversed.code, 2);
    assert.match(reversed.said.at(-1) ?? '', /--from: --from 2026-03-12 is after --to 2026-03-11/);
    assert.equal((await rates({ from: '31.02.2026' })).code, 2);
    bank.broken = true;
    try {
      const broken = await rates({ from: '2026-03-13', to: '2026-03-13' });
      assert.equal(broken.code, 1);
      assert.match(broken.said.at(-1) ?? '', /испорченный или обрезанный XML/);
    } finally {
      bank.broken = false;
    }
  });

  it('`realty revenue scenario` and `revenue primary`: a second primary refused (exit 2), the mark moved; --dry-run writes nothing', async () => {
    const run = (name: string, args: string[], options: Record<string, unknown>) =>
      runOperationCommandHere(app.runtime, name, args, options);
    const scenarios = async () =>
      (await app.runtime.twenty.records('revenueScenario').list({ filter: eq('opportunityId', DEAL) }))
        .records;
    const before = (await scenarios()).length;
    const refused = await run('revenue scenario', [], {
      deal: DEAL,
      name: 'Из командной строки',
      kind: 'CUSTOM',
      probability: '10',
      primary: true,
      line: ['2026-04-01 1000 EUR'],
    });
    assert.equal(refused.code, 2);
    assert.equal(refused.result.error.code, 'revenue_primary_conflict');
    const bad = await run('revenue scenario', [], {
      deal: DEAL,
      name: 'X',
      kind: 'BASE',
      probability: '10',
      line: ['2026-04-01 1000'],
    });
    assert.equal(bad.code, 2);
    assert.match(bad.said.at(-1) ?? '', /--line: строка 1: ожидается «ДАТА СУММА ВАЛЮТА»/);
    const badKind = await run('revenue scenario', [], { deal: DEAL, name: 'X', kind: 'SOMETIMES' });
    assert.equal(badKind.code, 2);
    assert.match(badKind.said.at(-1) ?? '', /--kind: /);
    const options = {
      deal: DEAL,
      name: 'Из командной строки',
      kind: 'CUSTOM',
      probability: '10',
      line: ['2026-04-01 1000 EUR'],
    };
    const dry = await run('revenue scenario', [], { ...options, dryRun: true });
    assert.equal(dry.code, 0, dry.said.join('\n'));
    assert.equal(dry.result.dryRun, true);
    assert.equal((await scenarios()).length, before, 'a dry run creates nothing');
    const made = await run('revenue scenario', [], options);
    assert.equal(made.code, 0, made.said.join('\n'));
    const created = made.result.scenario as { id: string; isPrimary: boolean };
    assert.equal(created.isPrimary, false);
    const dryPrimary = await run('revenue primary', [created.id], { dryRun: true });
    assert.equal(dryPrimary.code, 0);
    assert.equal(
      (await app.runtime.twenty.records('revenueScenario').get(created.id)).isPrimary,
      false,
      'a dry run moves no mark',
    );
    assert.equal((await run('revenue primary', [created.id], {})).code, 0);
    assert.equal((await app.runtime.twenty.records('revenueScenario').get(created.id)).isPrimary, true);
    const missing = await run('revenue primary', ['00000000-0000-4000-8000-000000000000'], {});
    assert.equal(missing.code, 2);
    assert.equal(missing.result.error.code, 'revenue_not_found');
    const notId = await run('revenue primary', ['nope'], {});
    assert.equal(notId.code, 2);
    assert.match(notId.said.at(-1) ?? '', /<scenarioId>: не id записи/);
  });
});
