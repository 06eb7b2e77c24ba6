/**
 * Project teams end to end through devhost and signed webhooks: members added and removed in
 * Twenty get and lose grants on every record kind a deal reaches (the deal, its company, its
 * contacts and point of contact, its tasks and notes, tagged records), a member on two deals at
 * two levels, links changing (a new contact, a task linked and unlinked), each revocation cause
 * revoking exactly its grants, the bad inputs flagged, and the access API (403 without a grant,
 * 200 with one). One stack for the file.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { recomputeTeams } from '../../../plugins/teams/recompute';
import { type GrantRow, grantsOf, startTeamsApp, type TeamsApp, waitFor } from './teams-app';

describe('project team grants through webhooks', () => {
  let app: TeamsApp;
  const ids: Record<string, string> = {};
  const keys = (g: GrantRow[], member: string) => [...grantsOf(g, member).keys()].sort();

  before(async () => {
    app = await startTeamsApp('teams-flow');
    ids.oleg = await app.member('Oleg', 'Owner');
    ids.anna = await app.member('Anna', 'Analyst');
    ids.boris = await app.member('Boris', 'Builder');
    ids.vera = await app.member('Vera', 'Viewer');
    ids.company = await app.create('company', 'companies', { name: 'Альфа Групп' });
    ids.company2 = await app.create('company', 'companies', { name: 'Бета' });
    ids.p1 = await app.create('person', 'people', {
      name: { firstName: 'Пётр', lastName: 'Первый' },
      companyId: ids.company,
    });
    ids.p2 = await app.create('person', 'people', {
      name: { firstName: 'Мария', lastName: 'Вторая' },
      companyId: ids.company,
    });
    ids.p3 = await app.create('person', 'people', {
      name: { firstName: 'Иван', lastName: 'Третий' },
      companyId: ids.company2,
    });
    ids.outsider = await app.create('person', 'people', {
      name: { firstName: 'Никто', lastName: 'Посторонний' },
    });
    ids.deal1 = await app.create('opportunity', 'opportunities', {
      name: 'Аудит Альфы',
      companyId: ids.company,
      pointOfContactId: ids.p1,
      ownerId: ids.oleg,
      amount: { amountMicros: 5_000_000_000_000, currencyCode: 'RUB' },
    });
    ids.deal2 = await app.create('opportunity', 'opportunities', {
      name: 'Стратегия Беты',
      companyId: ids.company2,
      ownerId: ids.oleg,
    });
    ids.task1 = await app.create('task', 'tasks', { title: 'Собрать данные' });
    await app.create('taskTarget', 'taskTargets', { taskId: ids.task1, opportunityId: ids.deal1 });
    ids.note1 = await app.create('note', 'notes', { title: 'Встреча 1' });
    await app.create('noteTarget', 'noteTargets', { noteId: ids.note1, opportunityId: ids.deal1 });
    ids.team1 = await app.create('projectTeam', 'projectTeams', {
      name: 'Аудит',
      opportunityId: ids.deal1,
      leadId: ids.oleg,
    });
    ids.team2 = await app.create('projectTeam', 'projectTeams', {
      name: 'Стратегия',
      opportunityId: ids.deal2,
      leadId: ids.oleg,
    });
  });
  after(async () => {
    await app?.close();
  });

  it('gives a member added in Twenty grants on the deal, its company, contacts, point of contact, tasks and notes, with reasons', async () => {
    ids.annaOn1 = await app.create('projectTeamMember', 'projectTeamMembers', {
      teamId: ids.team1,
      memberId: ids.anna,
      accessLevel: 'READ',
    });
    const grants = await app.until('Anna’s grants on deal 1', (g) => grantsOf(g, ids.anna).size >= 6);
    assert.deepEqual(
      keys(grants, ids.anna),
      [
        `company:${ids.company}`,
        `note:${ids.note1}`,
        `opportunity:${ids.deal1}`,
        `person:${ids.p1}`,
        `person:${ids.p2}`,
        `task:${ids.task1}`,
      ].sort(),
    );
    const p1 = grants.find((g) => g.member_id === ids.anna && g.record_id === ids.p1);
    assert.equal(p1?.level, 'READ');
    assert.match(p1?.reason ?? '', /Команда «Аудит» сделки «Аудит Альфы»: .*контактное лицо сделки/);
    await waitFor('teamAccess on the deal', async () => {
      const deal = await app.rest<{ data: { opportunity: { teamAccess: string[] } } }>(
        'GET',
        `/rest/opportunities/${ids.deal1}`,
      );
      return deal.data.opportunity.teamAccess?.includes(ids.anna) ? true : undefined;
    });
  });

  it('keeps a member on two deals at two levels, each grant from its own team', async () => {
    ids.annaOn2 = await app.create('projectTeamMember', 'projectTeamMembers', {
      teamId: ids.team2,
      memberId: ids.anna,
      accessLevel: 'EDIT',
      validTo: '2099-12-31',
    });
    const grants = await app.until('Anna’s grants on deal 2', (g) =>
      grantsOf(g, ids.anna).has(`opportunity:${ids.deal2}`),
    );
    const mine = grantsOf(grants, ids.anna);
    assert.equal(mine.get(`opportunity:${ids.deal1}`), 'READ');
    assert.equal(mine.get(`opportunity:${ids.deal2}`), 'EDIT');
    assert.equal(mine.get(`person:${ids.p3}`), 'EDIT');
    const d2 = grants.find((g) => g.member_id === ids.anna && g.record_id === ids.deal2);
    assert.ok(d2?.expires_at?.startsWith('2099-12-31'), `expiry from validTo, got ${d2?.expires_at}`);
  });

  it('extends grants to a new contact of the deal’s company and a newly linked task, and tags', async () => {
    ids.p4 = await app.create('person', 'people', {
      name: { firstName: 'Новый', lastName: 'Контакт' },
      companyId: ids.company,
    });
    ids.task2 = await app.create('task', 'tasks', { title: 'Отчёт' });
    ids.tt2 = await app.create('taskTarget', 'taskTargets', { taskId: ids.task2, opportunityId: ids.deal1 });
    ids.tag = await app.create('projectTeamTarget', 'projectTeamTargets', {
      teamId: ids.team1,
      personId: ids.outsider,
    });
    const grants = await app.until(
      'grants on the new contact, task and tagged person',
      (g) =>
        grantsOf(g, ids.anna).has(`person:${ids.p4}`) &&
        grantsOf(g, ids.anna).has(`task:${ids.task2}`) &&
        grantsOf(g, ids.anna).has(`person:${ids.outsider}`),
    );
    const tagged = grants.find((g) => g.member_id === ids.anna && g.record_id === ids.outsider);
    assert.match(tagged?.reason ?? '', /отмечено командой/);
  });

  it('the access API refuses a user without a grant (403), admits one with it and says why', async () => {
    const none = await app.api(ids.boris, 'sales', 'GET', `/api/access/person/${ids.p1}`);
    assert.equal(none.status, 403, JSON.stringify(none.body));
    assert.equal(none.body.code, 'access_denied');
    const anna = await app.api(ids.anna, 'sales', 'GET', `/api/access/person/${ids.p1}`);
    assert.equal(anna.status, 200, JSON.stringify(anna.body));
    assert.equal(anna.body.yourAccess, 'READ');
    assert.equal(anna.body.title, 'Пётр Первый');
    assert.ok(
      anna.body.grants.some(
        (g: { memberName: string; reason: string }) =>
          g.memberName === 'Anna Analyst' && /контактное лицо/.test(g.reason),
      ),
    );
    const owner = await app.api(ids.oleg, 'sales', 'GET', `/api/access/opportunity/${ids.deal1}`);
    assert.equal(owner.status, 200);
    const admin = await app.api(ids.vera, 'admin', 'GET', `/api/access/company/${ids.company}`);
    assert.equal(admin.status, 200);
    // A record no team reaches stays visible to the role.
    const open = await app.api(ids.boris, 'sales', 'GET', `/api/access/person/${ids.p3}`);
    assert.equal(open.status, 403, 'p3 is reached by team 2 now');
    const team = await app.api(ids.boris, 'sales', 'GET', `/api/teams/${ids.deal1}`);
    assert.equal(team.status, 403);
  });

  it('revokes exactly the grants of an unlinked task', async () => {
    await app.rest('DELETE', `/rest/taskTargets/${ids.tt2}`);
    const grants = await app.until(
      'the task’s grant gone',
      (g) => !grantsOf(g, ids.anna).has(`task:${ids.task2}`),
    );
    assert.ok(grantsOf(grants, ids.anna).has(`task:${ids.task1}`));
    assert.ok(grantsOf(grants, ids.anna).has(`opportunity:${ids.deal1}`));
  });

  it('flags a member added twice and one added above the adder’s own level; both grant nothing', async () => {
    ids.borisOn1 = await app.create('projectTeamMember', 'projectTeamMembers', {
      teamId: ids.team1,
      memberId: ids.boris,
      accessLevel: 'EDIT',
    });
    await app.until('Boris’s grants', (g) => grantsOf(g, ids.boris).has(`opportunity:${ids.deal1}`));
    const twice = await app.create('projectTeamMember', 'projectTeamMembers', {
      teamId: ids.team1,
      memberId: ids.boris,
      accessLevel: 'OWNER',
    });
    // Anna (READ on deal 1) adds Vera at EDIT in her own session.
    const above = await app.create(
      'projectTeamMember',
      'projectTeamMembers',
      { teamId: ids.team1, memberId: ids.vera, accessLevel: 'EDIT' },
      ids.anna,
    );
    const status = async (id: string) =>
      (
        await app.rest<{ data: { projectTeamMember: { status: string; problem: string } } }>(
          'GET',
          `/rest/projectTeamMembers/${id}`,
        )
      ).data.projectTeamMember;
    await waitFor('both flagged', async () =>
      (await status(twice)).status === 'DUPLICATE' && (await status(above)).status === 'ABOVE_ADDER'
        ? true
        : undefined,
    );
    assert.match((await status(twice)).problem, /уже в команде/);
    assert.match((await status(above)).problem, /выше/);
    const grants = await app.grants();
    assert.equal(grantsOf(grants, ids.vera).size, 0);
    assert.ok([...grantsOf(grants, ids.boris).values()].every((level) => level === 'EDIT'));
  });

  it('revokes the grants of a passed end date, leaving the other deal’s', async () => {
    await app.rest('PATCH', `/rest/projectTeamMembers/${ids.annaOn2}`, { validTo: '2020-01-01' });
    const grants = await app.until(
      'deal 2 grants gone',
      (g) => !grantsOf(g, ids.anna).has(`opportunity:${ids.deal2}`),
    );
    assert.ok(!grantsOf(grants, ids.anna).has(`person:${ids.p3}`));
    assert.ok(grantsOf(grants, ids.anna).has(`opportunity:${ids.deal1}`));
  });

  it('revokes the grants of a removed member only', async () => {
    await app.rest('DELETE', `/rest/projectTeamMembers/${ids.annaOn1}?soft_delete=true`);
    const grants = await app.until('Anna has nothing', (g) => grantsOf(g, ids.anna).size === 0);
    assert.ok(grantsOf(grants, ids.boris).has(`opportunity:${ids.deal1}`));
  });

  it('revokes the grants of a deactivated workspace member', async () => {
    const veraOn2 = await app.create('projectTeamMember', 'projectTeamMembers', {
      teamId: ids.team2,
      memberId: ids.vera,
      accessLevel: 'READ',
    });
    await app.until('Vera on deal 2', (g) => grantsOf(g, ids.vera).has(`opportunity:${ids.deal2}`));
    await app.rest('DELETE', `/rest/workspaceMembers/${ids.vera}?soft_delete=true`);
    await app.until('Vera has nothing', (g) => grantsOf(g, ids.vera).size === 0);
    await waitFor('Vera flagged', async () => {
      const m = await app.rest<{ data: { projectTeamMember: { status: string } } }>(
        'GET',
        `/rest/projectTeamMembers/${veraOn2}`,
      );
      return m.data.projectTeamMember.status === 'INACTIVE_MEMBER' ? true : undefined;
    });
  });

  it('revokes every grant of a deleted deal and says so on its team', async () => {
    await app.rest('DELETE', `/rest/opportunities/${ids.deal1}?soft_delete=true`);
    await app.until('deal 1 grants gone', (g) => !g.some((x) => x.team_id === ids.team1));
    await waitFor('team problem', async () => {
      const t = await app.rest<{ data: { projectTeam: { problem: string | null } } }>(
        'GET',
        `/rest/projectTeams/${ids.team1}`,
      );
      return t.data.projectTeam.problem?.includes('удалена') ? true : undefined;
    });
  });

  it('the sweep changes nothing when grants are current; the full repair restores a grant lost in Twenty', async () => {
    const quiet = await app.sweep();
    assert.equal(quiet.created + quiet.removed + quiet.updated, 0, JSON.stringify(quiet));
    await app.create('projectTeamMember', 'projectTeamMembers', {
      teamId: ids.team2,
      memberId: ids.boris,
      accessLevel: 'READ',
    });
    const grants = await app.until('Boris on deal 2', (g) =>
      grantsOf(g, ids.boris).has(`opportunity:${ids.deal2}`),
    );
    const lost = grants.find((g) => g.member_id === ids.boris && g.record_id === ids.deal2) as GrantRow;
    await app.rest('DELETE', `/rest/recordAccessGrants/${lost.id}`);
    await app.until('the grant gone from the replica', (g) => !g.some((x) => x.id === lost.id));
    const dry = await recomputeTeams(app.ctx, 'all', { dryRun: true });
    assert.equal(dry.created, 1, `a dry run counts the lost grant: ${JSON.stringify(dry)}`);
    const stillLost = (await app.rest('GET', '/rest/recordAccessGrants?limit=200')) as {
      data: { recordAccessGrants: { memberId: string; recordId: string }[] };
    };
    assert.ok(
      !stillLost.data.recordAccessGrants.some((g) => g.memberId === ids.boris && g.recordId === ids.deal2),
      'a dry run writes nothing',
    );
    const repaired = await recomputeTeams(app.ctx, 'all');
    assert.equal(repaired.created, 1, JSON.stringify(repaired));
    await app.until('the grant back, under a new id', (g) =>
      g.some((x) => x.member_id === ids.boris && x.record_id === ids.deal2 && x.id !== lost.id),
    );
    const again = await recomputeTeams(app.ctx, 'all');
    assert.equal(again.created + again.removed + again.updated, 0, JSON.stringify(again));
  });
});
