/**
 * Holdings and the demo data through devhost: the seeds (a three-level holding; two deals with
 * teams, one consultant on both at two levels), the roll-up API over every depth, a cycle refused
 * by the API (409) and undone when made in Twenty, the holding link on companies, and the teams
 * demo's grants after the sweep. One stack for the file.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO_HOLDING, holdingsSeed } from '../../../plugins/holdings/seed';
import { teamAccessSetup } from '../../../plugins/teams/row-level';
import { DEMO_TEAMS, teamsSeed } from '../../../plugins/teams/seed';
import { grantsOf, startTeamsApp, type TeamsApp, waitFor } from '../teams/teams-app';

describe('holdings and the demo data', () => {
  let app: TeamsApp;
  const admin = '00000000-0000-4000-8000-0000000000ad';

  before(async () => {
    app = await startTeamsApp('holdings');
    const ctx = app.runtime.contextFor('holdings');
    const first = await holdingsSeed.run(ctx, {});
    const again = await holdingsSeed.run(ctx, {});
    assert.deepEqual(first, again, 'the seed is idempotent');
    await teamsSeed.run(app.ctx, {});
    await teamsSeed.run(app.ctx, {});
    await waitFor('the demo in the read model', async () =>
      (await app.runtime.store.readModel.count('projectTeamMember')) >= 3 &&
      (await app.runtime.store.readModel.count('company')) >= 6
        ? true
        : undefined,
    );
  });
  after(async () => {
    await app?.close();
  });

  it('rolls up open deals, amounts and contacts over a three-level holding', async () => {
    const res = await app.api(admin, 'admin', 'GET', `/api/holdings/${DEMO_HOLDING.group}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const view = res.body;
    assert.deepEqual(
      view.companies.map((c: { name: string; depth: number }) => `${c.depth}:${c.name}`),
      ['0:Группа «Альфа»', '1:Альфа Девелопмент', '1:Альфа Финанс', '2:Альфа Девелопмент Север'],
    );
    assert.equal(view.total.openDeals, 3);
    assert.equal(view.total.openAmountMicros, String((15_000_000 + 9_500_000 + 6_800_000) * 1_000_000));
    assert.equal(view.total.wonAmountMicros, String(4_200_000 * 1_000_000));
    assert.equal(view.total.contacts, 5);
    assert.equal(view.revenue, false, 'revenue is not enabled in this stack: no revenue figures, no error');
    assert.equal(view.total.tasks, 2);
    assert.equal(view.total.notes, 1);
    const dev = view.companies.find((c: { id: string }) => c.id === DEMO_HOLDING.development);
    assert.equal(dev.total.openDeals, 2);
    assert.equal(dev.own.openDeals, 1);
    const page = await app.api(admin, 'admin', 'GET', `/holdings/${DEMO_HOLDING.group}`);
    assert.equal(page.status, 200);
    assert.match(page.body, /Альфа Девелопмент Север/);
    // The CSP refuses inline styles: a company's depth is a class (holdings-page.css), not style="…".
    assert.match(page.body, /class="name indent-1"/);
    assert.doesNotMatch(page.body, /style="|<style/);
    assert.doesNotMatch(
      page.body,
      /amountMicros|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}<\/td>/,
    );
  });

  it('refuses a parent that closes a cycle (409, naming the chain) and an unknown parent (400)', async () => {
    const cycle = await app.api(admin, 'admin', 'PUT', `/api/holdings/${DEMO_HOLDING.group}/parent`, {
      parentCompanyId: DEMO_HOLDING.north,
    });
    assert.equal(cycle.status, 409, JSON.stringify(cycle.body));
    assert.equal(cycle.body.code, 'holdings_cycle');
    assert.match(
      cycle.body.message,
      /«Группа «Альфа»» → «Альфа Девелопмент Север» → «Альфа Девелопмент» → «Группа «Альфа»»/,
    );
    const unknown = await app.api(admin, 'admin', 'PUT', `/api/holdings/${DEMO_HOLDING.group}/parent`, {
      parentCompanyId: '00000000-0000-4000-8000-000000000001',
    });
    assert.equal(unknown.status, 400);
    const ok = await app.api(admin, 'admin', 'PUT', `/api/holdings/${DEMO_HOLDING.finance}/parent`, {
      parentCompanyId: DEMO_HOLDING.development,
    });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    await app.api(admin, 'admin', 'PUT', `/api/holdings/${DEMO_HOLDING.finance}/parent`, {
      parentCompanyId: DEMO_HOLDING.group,
    });
  });

  it('undoes a cycle made in Twenty’s UI and links new companies to their holding page', async () => {
    await app.rest('PATCH', `/rest/companies/${DEMO_HOLDING.group}`, { parentCompanyId: DEMO_HOLDING.north });
    await waitFor('the cycle undone', async () => {
      const c = await app.rest<{ data: { company: { parentCompanyId: string | null } } }>(
        'GET',
        `/rest/companies/${DEMO_HOLDING.group}`,
      );
      return c.data.company.parentCompanyId === null ? true : undefined;
    });
    const created = await app.create('company', 'companies', {
      name: 'Новая дочка',
      parentCompanyId: DEMO_HOLDING.finance,
    });
    await waitFor('the holding link', async () => {
      const c = await app.rest<{
        data: { company: { holdingPage: { primaryLinkUrl: string } | null; parentCompanyId: string } };
      }>('GET', `/rest/companies/${created}`);
      return c.data.company.holdingPage?.primaryLinkUrl?.endsWith(`/holdings/${created}`) ? c : undefined;
    });
  });

  it('realty setup’s step for teams says devhost enforces no row-level permissions and what that means', async () => {
    const lines = await teamAccessSetup(app.runtime.twenty);
    assert.match(lines[0] ?? '', /row-level permissions are not available/);
    assert.ok(lines.some((l) => /enforced in the project’s pages and API/.test(l)));
  });

  it('the teams demo: after the sweep, one consultant holds READ on one deal and EDIT on the other', async () => {
    await app.sweep();
    const grants = await app.until('the demo grants', (g) =>
      grantsOf(g, DEMO_TEAMS.consultant).has(`opportunity:${DEMO_TEAMS.deal2}`),
    );
    const mine = grantsOf(grants, DEMO_TEAMS.consultant);
    assert.equal(mine.get(`opportunity:${DEMO_TEAMS.deal1}`), 'READ');
    assert.equal(mine.get(`opportunity:${DEMO_TEAMS.deal2}`), 'EDIT');
    assert.ok([...mine.keys()].some((k) => k.startsWith('person:')));
    const page = await app.api(DEMO_TEAMS.consultant, 'sales', 'GET', `/api/teams/${DEMO_TEAMS.deal1}`);
    assert.equal(page.status, 200, JSON.stringify(page.body));
    assert.equal(page.body.canManage, false);
    const owner = await app.api(DEMO_TEAMS.owner, 'sales', 'GET', `/api/teams/${DEMO_TEAMS.deal1}`);
    assert.equal(owner.body.canManage, true);
  });

  it('the team API refuses what the rules refuse and adds a member for an owner; the report lists by department', async () => {
    const deal = `/api/teams/${DEMO_TEAMS.deal1}/members`;
    const reader = await app.api(DEMO_TEAMS.consultant, 'sales', 'POST', deal, {
      memberId: admin,
      accessLevel: 'READ',
    });
    assert.equal(reader.status, 403, JSON.stringify(reader.body));
    assert.equal(reader.body.code, 'teams_not_owner');
    const twice = await app.api(DEMO_TEAMS.owner, 'sales', 'POST', deal, {
      memberId: DEMO_TEAMS.analyst,
      accessLevel: 'READ',
    });
    assert.equal(twice.status, 409, JSON.stringify(twice.body));
    assert.equal(twice.body.field, 'memberId');
    const dates = await app.api(DEMO_TEAMS.owner, 'sales', 'POST', deal, {
      memberId: DEMO_TEAMS.consultant,
      accessLevel: 'READ',
      validFrom: '2026-09-01',
      validTo: '2026-08-01',
    });
    assert.equal(dates.status, 400);
    const bad = await app.api(DEMO_TEAMS.owner, 'sales', 'POST', deal, {
      memberId: DEMO_TEAMS.consultant,
      accessLevel: 'GOD',
    });
    assert.equal(bad.status, 400);
    const missing = await app.api(
      DEMO_TEAMS.owner,
      'sales',
      'GET',
      '/api/teams/00000000-0000-4000-8000-000000000009',
    );
    assert.equal(missing.status, 404, JSON.stringify(missing.body));
    const report = await app.api(
      admin,
      'admin',
      'GET',
      `/api/teams?department=${encodeURIComponent('Стратегия')}`,
    );
    assert.equal(report.status, 200);
    assert.deepEqual(
      report.body.teams.map((t: { name: string }) => t.name),
      ['Стратегия'],
    );
  });
});
