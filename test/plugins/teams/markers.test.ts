/**
 * The readable team and department markers the teams plugin keeps on the records a team reaches
 * (deals, companies, contacts, tasks, notes): team names and the departments of the members
 * holding grants, sorted and comma-separated, kept exact by the handlers as teams, members and
 * links change; and revenue's allocation by department narrowed by them (`?department=`,
 * `?team=`). One stack (teams + revenue) for the file.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { revenuePlugin } from '../../../plugins/revenue/index';
import { teamsPlugin } from '../../../plugins/teams/index';
import { type ApiBody, startTeamsApp, type TeamsApp, waitFor } from './teams-app';

describe('team and department markers', () => {
  let app: TeamsApp;
  const ids: Record<string, string> = {};
  const admin = (method: string, path: string, body?: unknown) =>
    app.api(ids.admin as string, 'admin', method, path, body);
  const markers = async (plural: string, id: string) => {
    const r = await app.rest<{ data: Record<string, ApiBody> }>('GET', `/rest/${plural}/${id}`);
    const rec = Object.values(r.data)[0];
    return `${rec.teamNames ?? ''} | ${rec.departmentNames ?? ''}`;
  };
  const until = (plural: string, id: string, want: string) =>
    waitFor(`${plural} marked «${want}»`, async () =>
      (await markers(plural, id)) === want ? true : undefined,
    );

  before(async () => {
    app = await startTeamsApp('teams-markers', [teamsPlugin, revenuePlugin]);
    ids.admin = await app.member('Adam', 'Admin');
    ids.anna = await app.member('Anna', 'Analyst');
    ids.boris = await app.member('Boris', 'Builder');
    ids.company = await app.create('company', 'companies', { name: 'Альфа Групп' });
    ids.p1 = await app.create('person', 'people', {
      name: { firstName: 'Пётр', lastName: 'Первый' },
      companyId: ids.company,
    });
    ids.deal1 = await app.create('opportunity', 'opportunities', {
      name: 'Аудит Альфы',
      companyId: ids.company,
    });
    ids.deal2 = await app.create('opportunity', 'opportunities', {
      name: 'Стратегия Альфы',
      companyId: ids.company,
    });
    ids.team1 = await app.create('projectTeam', 'projectTeams', { name: 'Аудит', opportunityId: ids.deal1 });
    ids.team2 = await app.create('projectTeam', 'projectTeams', {
      name: 'Стратегия',
      opportunityId: ids.deal2,
    });
  });
  after(async () => {
    await app?.close();
  });

  it('marks a deal, its company and contacts with the team and its members’ departments', async () => {
    ids.anna1 = await app.create('projectTeamMember', 'projectTeamMembers', {
      teamId: ids.team1,
      memberId: ids.anna,
      accessLevel: 'READ',
      department: 'Налоги',
    });
    await until('opportunities', ids.deal1 as string, 'Аудит | Налоги');
    await until('people', ids.p1 as string, 'Аудит | Налоги');
    assert.equal(await markers('opportunities', ids.deal2 as string), ' | ');
  });

  it('joins two teams on a shared company, sorted; follows a renamed team and a member leaving', async () => {
    ids.boris2 = await app.create('projectTeamMember', 'projectTeamMembers', {
      teamId: ids.team2,
      memberId: ids.boris,
      accessLevel: 'EDIT',
      department: 'Аудит',
    });
    await until('companies', ids.company as string, 'Аудит, Стратегия | Аудит, Налоги');
    await until('opportunities', ids.deal2 as string, 'Стратегия | Аудит');
    await app.rest('PATCH', `/rest/projectTeams/${ids.team2}`, { name: 'Стратегия 2027' });
    await until('companies', ids.company as string, 'Аудит, Стратегия 2027 | Аудит, Налоги');
    await app.rest('DELETE', `/rest/projectTeamMembers/${ids.anna1}`);
    await until('opportunities', ids.deal1 as string, ' | ');
    await until('companies', ids.company as string, 'Стратегия 2027 | Аудит');
  });

  it('narrows revenue’s allocation by department to the deals a department or team works on', async () => {
    for (const [deal, amount] of [
      [ids.deal1, '1000000'],
      [ids.deal2, '500000'],
    ] as const) {
      const s = await admin('POST', '/api/revenue/scenarios', {
        opportunityId: deal,
        name: 'Базовый',
        kind: 'BASE',
        probability: '100',
        lines: [{ dueDate: '2026-12-20', amount, currencyCode: 'RUB' }],
      });
      assert.equal(s.status, 201, JSON.stringify(s.body));
    }
    const dept = await admin('POST', '/api/revenue/departments', { name: 'Консалтинг' });
    for (const deal of [ids.deal1, ids.deal2]) {
      const a = await admin('PUT', `/api/revenue/deals/${deal}/allocations`, {
        allocations: [{ departmentId: dept.body.department.id, sharePercent: '100' }],
      });
      assert.equal(a.status, 200, JSON.stringify(a.body));
    }
    const total = (body: ApiBody) => body.rows.find((r: ApiBody) => r.kind === 'department')?.total;
    await waitFor('both deals allocated', async () => {
      const all = await admin('GET', '/api/revenue/allocations');
      return total(all.body) === '1500000.00' ? true : undefined;
    });
    const audit = await admin('GET', `/api/revenue/allocations?department=${encodeURIComponent('аудит')}`);
    assert.equal(audit.status, 200, JSON.stringify(audit.body));
    assert.equal(total(audit.body), '500000.00', 'only the deal the Аудит department works on');
    const byTeam = await admin(
      'GET',
      `/api/revenue/allocations?team=${encodeURIComponent('Стратегия 2027')}`,
    );
    assert.equal(total(byTeam.body), '500000.00');
    const nobody = await admin('GET', `/api/revenue/allocations?department=${encodeURIComponent('Налоги')}`);
    assert.deepEqual(nobody.body.rows, [], 'no deal is worked on by Налоги any more');
    const page = await admin('GET', `/revenue/allocations?department=${encodeURIComponent('Аудит')}`);
    assert.equal(page.status, 200);
    assert.match(page.body, /name="department" value="Аудит"/);
    assert.match(page.body, /500\s000\s₽/);
    assert.doesNotMatch(page.body, /1\s500\s000\s₽/);
  });
});
