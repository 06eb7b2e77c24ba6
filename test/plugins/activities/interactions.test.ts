/**
 * Interactions end to end through devhost and signed webhooks, one stack for the file (teams and
 * activities only): planning with participants from both sides, the bad inputs refused with a
 * Russian message and nothing written, the deal's project team getting its grants on the
 * interaction through events between plugins (and a member outside the team refused), the team
 * and department markers on the interaction and on the deal's records (changed when a member's
 * department changes), stage moves through the API (a skipped required stage refused, each move
 * logged with who) and in Twenty (a skip undone with the reason, a move logged with the member),
 * invitations (a person already in is reported, not added twice), and the contact's history
 * (JSON and the page).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { activitiesPlugin, DEMO_INTERACTIONS } from '../../../plugins/activities/index';
import { DEMO_TEAMS, teamsPlugin } from '../../../plugins/teams/index';
import { handlersSettled } from '../../../scripts/seeds';
import { type ApiBody, startTeamsApp, type TeamsApp, waitFor } from '../teams/teams-app';

describe('interactions with participants from both sides', () => {
  let app: TeamsApp;
  const ids: Record<string, string> = {};
  const admin = () => ids.admin as string;
  const asAdmin = (method: string, path: string, body?: unknown) =>
    app.api(admin(), 'admin', method, path, body);
  const get = async (plural: string, id: string): Promise<ApiBody> => {
    const r = await app.rest<{ data: Record<string, ApiBody> }>('GET', `/rest/${plural}/${id}`);
    return Object.values(r.data)[0];
  };
  const count = async (plural: string) =>
    (await app.rest<{ totalCount: number }>('GET', `/rest/${plural}?limit=1`)).totalCount;

  before(async () => {
    app = await startTeamsApp('activities-flow', [teamsPlugin, activitiesPlugin]);
    ids.admin = await app.member('Adam', 'Admin');
    ids.oleg = await app.member('Oleg', 'Owner');
    ids.anna = await app.member('Anna', 'Analyst');
    ids.boris = await app.member('Boris', 'Outsider');
    ids.company = await app.create('company', 'companies', { name: 'Альфа Групп' });
    ids.p1 = await app.create('person', 'people', {
      name: { firstName: 'Пётр', lastName: 'Первый' },
      companyId: ids.company,
    });
    ids.p2 = await app.create('person', 'people', { name: { firstName: 'Мария', lastName: 'Вторая' } });
    ids.p3 = await app.create('person', 'people', { name: { firstName: 'Иван', lastName: 'Третий' } });
    ids.deal = await app.create('opportunity', 'opportunities', {
      name: 'Аудит Альфы',
      companyId: ids.company,
      ownerId: ids.oleg,
    });
    ids.team = await app.create('projectTeam', 'projectTeams', { name: 'Аудит', opportunityId: ids.deal });
    ids.annaOnTeam = await app.create('projectTeamMember', 'projectTeamMembers', {
      teamId: ids.team,
      memberId: ids.anna,
      accessLevel: 'EDIT',
      department: 'Налоги',
    });
  });
  after(async () => {
    await app?.close();
  });

  it('refuses a participant who is neither our member nor a client person, and writes nothing', async () => {
    const before = await count('interactions');
    const unknown = '00000000-0000-4000-8000-000000000001';
    const r = await asAdmin('POST', '/api/activities/interactions', {
      subject: 'Встреча',
      kind: 'MEETING',
      startsAt: '2026-12-20T10:00:00+03:00',
      participants: [{ personId: ids.p1 }, { participantId: unknown }],
    });
    assert.equal(r.status, 400);
    assert.equal(r.body.code, 'activities_participant_unknown');
    assert.match(
      r.body.message,
      /Участник №2: «00000000-0000-4000-8000-000000000001» — ни наш сотрудник, ни контакт клиента/,
    );
    assert.equal(r.body.field, 'participants.1');
    const both = await asAdmin('POST', '/api/activities/interactions', {
      subject: 'Встреча',
      kind: 'MEETING',
      startsAt: '2026-12-20T10:00:00+03:00',
      participants: [{ personId: ids.p1, workspaceMemberId: ids.anna }],
    });
    assert.equal(both.status, 400);
    assert.match(both.body.message, /Участник №1: укажите одно/);
    const twice = await asAdmin('POST', '/api/activities/interactions', {
      subject: 'Встреча',
      kind: 'MEETING',
      startsAt: '2026-12-20T10:00:00+03:00',
      participants: [{ personId: ids.p1 }, { participantId: ids.p1 }],
    });
    assert.equal(twice.status, 409);
    assert.match(twice.body.message, /Участник №2: «Пётр Первый» уже участвует/);
    const badKind = await asAdmin('POST', '/api/activities/interactions', {
      subject: 'Встреча',
      kind: 'LUNCH',
      startsAt: '2026-12-20T10:00:00+03:00',
    });
    assert.equal(badKind.status, 400);
    assert.match(badKind.body.message, /Вид/);
    assert.equal(await count('interactions'), before, 'nothing written');
    assert.equal(await count('interactionParticipants'), 0);
  });

  it('plans a meeting on the deal with our members and client persons; the deal’s team gets grants on it', async () => {
    const r = await asAdmin('POST', '/api/activities/interactions', {
      subject: 'Стартовая встреча',
      kind: 'MEETING',
      startsAt: '2026-12-20T10:00:00+03:00',
      endsAt: '2026-12-20T11:30:00+03:00',
      opportunityId: ids.deal,
      companyId: ids.company,
      participants: [
        { workspaceMemberId: ids.oleg, role: 'ORGANISER' },
        { participantId: ids.anna, role: 'SPEAKER' },
        { personId: ids.p1 },
      ],
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    ids.meeting = r.body.id;
    const meeting = await get('interactions', ids.meeting);
    assert.equal(meeting.stage, 'PLANNED');
    assert.equal(meeting.kind, 'MEETING');
    // The deal's team is tagged on it, so its member gets a grant (teams) and the markers follow.
    const grants = await app.until('Anna’s grant on the interaction', (g) =>
      g.some(
        (x) => x.member_id === ids.anna && x.object_name === 'interaction' && x.record_id === ids.meeting,
      ),
    );
    const grant = grants.find((x) => x.member_id === ids.anna && x.record_id === ids.meeting);
    assert.equal(grant?.level, 'EDIT');
    await waitFor('markers on the interaction', async () => {
      const i = await get('interactions', ids.meeting);
      return i.teamNames === 'Аудит' && i.departmentNames === 'Налоги' && i.projectTeamId === ids.team
        ? i
        : undefined;
    });
    // Anna reads it through the app (the read model, once the markers' echo has arrived).
    const seen = await waitFor('Anna sees the interaction with its markers', async () => {
      const r = await app.api(
        ids.anna as string,
        'sales',
        'GET',
        `/api/activities/interactions/${ids.meeting}`,
      );
      return r.status === 200 && r.body.team_names === 'Аудит' ? r : undefined;
    });
    assert.equal(seen.status, 200, JSON.stringify(seen.body));
    assert.deepEqual(seen.body.participants.map((p: ApiBody) => `${p.side}:${p.role}:${p.name}`).sort(), [
      'CLIENT:ATTENDEE:Пётр Первый',
      'OURS:ORGANISER:Oleg Owner',
      'OURS:SPEAKER:Anna Analyst',
    ]);
    assert.equal(seen.body.team_names, 'Аудит');
    // The contact's card in Twenty links their participation history.
    await waitFor('the history link on the contact', async () => {
      const p = await get('people', ids.p1 as string);
      return p.activityPage?.primaryLinkUrl === `http://localhost:4998/people/${ids.p1}/activity`
        ? p
        : undefined;
    });
    const outsider = await app.api(ids.boris, 'sales', 'GET', `/api/activities/interactions/${ids.meeting}`);
    assert.equal(outsider.status, 404, 'a member outside the team does not see it');
  });

  it('lets a member of the deal’s team plan on it, and refuses one outside it', async () => {
    const plan = (member: string) =>
      app.api(member, 'sales', 'POST', '/api/activities/interactions', {
        subject: 'Созвон команды с клиентом',
        kind: 'CALL',
        startsAt: '2026-12-22T12:00:00+03:00',
        opportunityId: ids.deal,
        participants: [{ personId: ids.p3 }],
      });
    const ok = await plan(ids.anna as string);
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.equal(ok.body.participants, 1);
    const refused = await plan(ids.boris as string);
    assert.equal(refused.status, 403, JSON.stringify(refused.body));
  });

  it('keeps readable team and department markers on the deal, its company and contacts', async () => {
    await waitFor('markers on the deal', async () => {
      const d = await get('opportunities', ids.deal);
      return d.teamNames === 'Аудит' && d.departmentNames === 'Налоги' ? d : undefined;
    });
    await app.rest('PATCH', `/rest/projectTeamMembers/${ids.annaOnTeam}`, { department: 'Аудит' });
    for (const [plural, id] of [
      ['companies', ids.company],
      ['people', ids.p1],
      ['interactions', ids.meeting],
    ] as const)
      await waitFor(`the new department on ${plural}`, async () => {
        const r = await get(plural, id as string);
        return r.teamNames === 'Аудит' && r.departmentNames === 'Аудит' ? r : undefined;
      });
  });

  it('moves the stage through the API: a skipped required stage refused, each move logged with who', async () => {
    const skip = await asAdmin('POST', `/api/activities/interactions/${ids.meeting}/stage`, {
      stage: 'FOLLOW_UP',
    });
    assert.equal(skip.status, 400);
    assert.equal(skip.body.code, 'activities_stage_skipped');
    assert.match(
      skip.body.message,
      /Нельзя перейти с этапа «Запланировано» на этап «После встречи»: пропущен обязательный этап «Проведено»/,
    );
    assert.equal((await get('interactions', ids.meeting)).stage, 'PLANNED');
    for (const stage of ['PREPARING', 'HELD']) {
      const r = await app.api(
        ids.anna,
        'sales',
        'POST',
        `/api/activities/interactions/${ids.meeting}/stage`,
        { stage },
      );
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
    const view = await asAdmin('GET', `/api/activities/interactions/${ids.meeting}`);
    assert.deepEqual(
      view.body.stageLog.map((l: ApiBody) => `${l.fromRu}→${l.toRu} ${l.via}`),
      ['Запланировано→Подготовка app', 'Подготовка→Проведено app'],
    );
    assert.match(view.body.stageLog[1].by_name, /^sales-/);
    const i = await get('interactions', ids.meeting);
    assert.equal(i.stage, 'HELD');
    assert.match(i.stageChangedBy, /^sales-/);
  });

  it('undoes a stage move in Twenty that skips a required stage, and logs one that does not', async () => {
    ids.call = (
      await asAdmin('POST', '/api/activities/interactions', {
        subject: 'Звонок',
        kind: 'CALL',
        startsAt: '2026-12-21T10:00:00+03:00',
        participants: [{ personId: ids.p2 }],
      })
    ).body.id;
    await waitFor('the call in the read model', async () => {
      const r = await app.runtime.store.sql.query('select 1 from rv_interaction where id = $1', [ids.call]);
      return r.rows.length ? true : undefined;
    });
    await app.rest('PATCH', `/rest/interactions/${ids.call}`, { stage: 'CLOSED' }, ids.oleg);
    const undone = await waitFor('the skip undone', async () => {
      const i = await get('interactions', ids.call);
      return i.stage === 'PLANNED' && i.stageProblem ? i : undefined;
    });
    assert.match(
      undone.stageProblem,
      /пропущен обязательный этап «Проведено» \(изменение от Oleg Owner отменено\)/,
    );
    await app.rest('PATCH', `/rest/interactions/${ids.call}`, { stage: 'HELD' }, ids.oleg);
    await waitFor('the move logged', async () => {
      const i = await get('interactions', ids.call);
      return i.stage === 'HELD' && i.stageChangedBy === 'Oleg Owner' && !i.stageProblem ? i : undefined;
    });
    const view = await asAdmin('GET', `/api/activities/interactions/${ids.call}`);
    assert.deepEqual(
      view.body.stageLog.map((l: ApiBody) => `${l.from_stage}→${l.to_stage} ${l.via} ${l.by_name}`),
      ['PLANNED→HELD twenty Oleg Owner'],
    );
  });

  it('invites persons (one already in is reported, not added twice) and marks attendance', async () => {
    const r = await asAdmin('POST', `/api/activities/interactions/${ids.meeting}/invitations`, {
      personIds: [ids.p1, ids.p2],
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.deepEqual(r.body, { added: [ids.p2], alreadyIn: [ids.p1] });
    const again = await asAdmin('POST', `/api/activities/interactions/${ids.meeting}/participants`, {
      participants: [{ personId: ids.p2 }],
    });
    assert.equal(again.status, 409);
    assert.match(again.body.message, /«Мария Вторая» уже участвует/);
    const view = await waitFor('participants replicated', async () => {
      const v = await asAdmin('GET', `/api/activities/interactions/${ids.meeting}`);
      return v.body.participants?.length === 4 ? v : undefined;
    });
    const p1 = view.body.participants.find((p: ApiBody) => p.person_id === ids.p1);
    const mark = await asAdmin('PATCH', `/api/activities/participants/${p1.id}`, { attended: true });
    assert.equal(mark.status, 200);
    assert.equal(mark.body.confirmed, true, 'attending implies confirming');
  });

  it('writes a contact’s history link once when they join two interactions at the same moment', async () => {
    const person = await app.create('person', 'people', { name: { firstName: 'Олег', lastName: 'Двойной' } });
    const interaction = (subject: string) =>
      app.create('interaction', 'interactions', { subject, kind: 'CALL', startsAt: '2026-12-23T10:00:00Z' });
    const [first, second] = [await interaction('Звонок 1'), await interaction('Звонок 2')];
    // One batch in Twenty: both participations arrive together and their handlers run side by side.
    await app.rest('POST', '/rest/batch/interactionParticipants', [
      { interactionId: first, personId: person },
      { interactionId: second, personId: person },
    ]);
    await waitFor('the history link on the contact', async () => {
      const p = await get('people', person);
      return p.activityPage?.primaryLinkUrl ? p : undefined;
    });
    assert.ok(await handlersSettled(app.runtime, { timeoutMs: 10_000, quietMs: 500 }));
    await app.runtime.store.ownWrites.flush();
    const writes = await app.runtime.store.sql.query<{ n: number }>(
      `select count(*)::int as n from realty_own_writes
        where object = 'person' and record_id = $1 and origin->>'name' = 'activities-person-link'`,
      [person],
    );
    assert.equal(writes.rows[0]?.n, 1, 'one PATCH of the contact, not one per participation');
  });

  it('shows the contact’s participation history (JSON and page)', async () => {
    const history = await waitFor('the attendance in the history', async () => {
      const h = await asAdmin('GET', `/api/people/${ids.p1}/activity`);
      return h.body.counts?.attended === 1 ? h.body : undefined;
    });
    assert.equal(history.person.name, 'Пётр Первый');
    assert.equal(history.person.company, 'Альфа Групп');
    assert.deepEqual(history.counts, { invited: 1, attended: 1, segments: 0, sms: 0 });
    assert.deepEqual(history.missing, ['segments', 'sms']);
    assert.equal(history.entries[0].title, 'Стартовая встреча');
    assert.equal(history.entries[0].status, 'присутствовал(а)');
    assert.match(history.entries[0].detail, /Участник; этап: Проведено/);
    const page = await asAdmin('GET', `/people/${ids.p1}/activity`);
    assert.equal(page.status, 200);
    assert.match(page.body, /История участия контакта/);
    assert.match(page.body, /Стартовая встреча/);
    assert.match(page.body, /20\.12\.2026/);
    assert.doesNotMatch(page.body, new RegExp(ids.meeting as string), 'no internal ids on the page');
    const missing = await asAdmin('GET', '/people/00000000-0000-4000-8000-000000000009/activity');
    assert.equal(missing.status, 404);
    assert.match(missing.body, /не найден/);
  });

  it('seeds the demo: an interaction in every stage with participants from both sides, once', async () => {
    const run = async () => {
      await teamsPlugin.seed?.run(app.runtime.contextFor('teams'), {});
      return activitiesPlugin.seed?.run(app.runtime.contextFor('activities'), {});
    };
    const counts = await run();
    assert.deepEqual(counts, { projectTeamTarget: 3, interaction: 5, interactionParticipant: 19 });
    const stages = new Set<string>();
    for (const id of Object.values(DEMO_INTERACTIONS)) {
      const i = await get('interactions', id);
      stages.add(i.stage);
      const parts = await app.rest<{ data: { interactionParticipants: ApiBody[] } }>(
        'GET',
        `/rest/interactionParticipants?filter=interactionId[eq]:"${id}"`,
      );
      const sides = new Set(parts.data.interactionParticipants.map((p) => (p.personId ? 'client' : 'ours')));
      assert.deepEqual([...sides].sort(), ['client', 'ours'], `both sides on ${i.subject}`);
    }
    assert.deepEqual([...stages].sort(), ['CLOSED', 'FOLLOW_UP', 'HELD', 'PLANNED', 'PREPARING']);
    const before = await count('interactionParticipants');
    await run();
    assert.equal(await count('interactionParticipants'), before, 'a second run adds nothing');
    // The demo deal's team gets its grants on the demo interactions of that deal.
    await app.until('the audit team’s grant on the demo call', (g) =>
      g.some((x) => x.member_id === DEMO_TEAMS.consultant && x.record_id === DEMO_INTERACTIONS.planned),
    );
  });
});
