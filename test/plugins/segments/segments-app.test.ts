/**
 * A segment end to end through the app's HTTP door (devhost + webhooks, PGlite read model): the
 * filter's live count and its refusals in Russian; a segment created from a filter, filled, people
 * added by hand (a person added twice refused with nothing written); member statuses; stages moved
 * in order (a skipped stage refused), each move logged with who and when; comments and tasks as
 * Twenty notes and tasks targeting the segment; a status changed in Twenty reaching the page; the
 * export read back (xlsx and CSV); the SMS plugin's «segment» audience; who may do what.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { activitiesPlugin } from '../../../plugins/activities/index';
import { issueStaffToken } from '../../../plugins/core/auth/staff-token';
import { readModelView } from '../../../plugins/core/read-model/index';
import { createManualClock } from '../../../plugins/core/runtime/clock';
import { createLogger } from '../../../plugins/core/runtime/logger';
import { registryPlugin } from '../../../plugins/registry/index';
import { DEMO_SEGMENT_ID, memberIdOf, segmentsPlugin } from '../../../plugins/segments/index';
import { smsPlugin } from '../../../plugins/sms/index';
import { teamsPlugin } from '../../../plugins/teams/index';
import { createTwentyClient, type TwentyClient } from '../../../sdk/index';
import { type AppStack, startAppStack } from '../../support/app-stack';
import { waitFor } from '../../support/wait';

// biome-ignore lint/suspicious/noExplicitAny: the API's JSON answers, checked field by field below
type Json = any;

const clock = createManualClock(new Date('2026-12-07T09:00:00.000Z'));
let stack: AppStack;
let direct: TwentyClient;
let token: string;
let memberId = '';
let segmentId = '';
const people: Record<string, string> = {};

async function api(method: string, path: string, body?: unknown, auth = token) {
  const res = await fetch(`${stack.server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${auth}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const buffer = Buffer.from(await res.arrayBuffer());
  const text = buffer.toString('utf8');
  let parsed: Json = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // pages and files stay as they are
  }
  return { status: res.status, body: parsed, buffer, headers: res.headers };
}
const op = (name: string, body: unknown, auth = token) =>
  api('POST', `/api/operations/segment/${name}`, body, auth);

const rmCount = async (object: string, where = 'true', params: unknown[] = []) =>
  Number(
    (
      await stack.runtime.store.sql.query<{ n: number }>(
        `select count(*)::int as n from ${readModelView(object)} where ${where}`,
        params,
      )
    ).rows[0]?.n,
  );
const members = () => rmCount('segmentMember', 'segment_id = $1', [segmentId]);
const waitMembers = (n: number) =>
  waitFor(`${n} members in the read model`, async () => ((await members()) === n ? true : undefined));

before(async () => {
  process.env.SMS_PROVIDER = 'log';
  stack = await startAppStack({
    name: 'segments-app',
    // Teams and activities too: a segment is handed to an interaction's invitations.
    plugins: [registryPlugin, smsPlugin, teamsPlugin, activitiesPlugin, segmentsPlugin],
    webhook: true,
    ...(process.env.SEG_DEBUG ? { log: createLogger({ level: 'error' }) } : {}),
    clock,
    rateLimit: { requestsPerMinute: 100_000, requestsPerSecond: 10_000 },
    devhostRequestsPerMinute: 100_000,
  });
  direct = createTwentyClient({ url: stack.devhost.url, apiKey: stack.devhost.apiKey, limiter: false });
  // A real workspace member signs in (the owner and the log's author are relations to members).
  const member = await direct.records('workspaceMember').create({
    name: { firstName: 'Мария', lastName: 'Маркетова' },
    userEmail: 'marketing@realty.test',
  });
  memberId = member.id;
  token = await issueStaffToken(
    { memberId, email: 'marketing@realty.test', role: 'marketing' },
    { secret: stack.staffSecret, ttl: '10m' },
  );
  const big = randomUUID();
  const small = randomUUID();
  await direct.records('company').createMany([
    { id: big, name: 'ООО «Стройинвест»', employees: 250 },
    { id: small, name: 'ИП Ковалёв', employees: 3 },
  ]);
  const rows: Array<[string, string, string, string, string]> = [
    ['anna', 'Анна', 'Иванова', 'Москва', big],
    ['boris', 'Борис', 'Петров', 'Москва', big],
    ['vera', 'Вера', 'Сидорова', 'Москва', small],
    ['gleb', 'Глеб', 'Кузнецов', 'Казань', big],
    ['dina', 'Дина', 'Смирнова', 'Москва', ''],
    ['egor', 'Егор', 'Волков', 'Тверь', small],
  ];
  await direct.records('person').createMany(
    rows.map(([key, firstName, lastName, city, companyId], i) => {
      people[key] = randomUUID();
      return {
        id: people[key],
        name: { firstName, lastName },
        city,
        jobTitle: i % 2 ? 'Финансовый директор' : 'Менеджер',
        phones: {
          primaryPhoneNumber: `91677700${String(i + 10)}`,
          primaryPhoneCallingCode: '+7',
          primaryPhoneCountryCode: 'RU',
        },
        emails: { primaryEmail: `${key}@example.ru`, additionalEmails: [] },
        ...(companyId ? { companyId } : {}),
      };
    }),
  );
  await waitFor('people and companies in the read model', async () =>
    (await rmCount('person')) === 6 && (await rmCount('company')) === 2 ? true : undefined,
  );
});

after(async () => {
  await stack?.close();
});

describe('segments through the app', () => {
  it('counts a filter live and refuses a bad one in Russian, naming the problem', async () => {
    const moscowBig = await op('count', { filter: 'and(city[eq]:"Москва",company.employees[gte]:50)' });
    assert.equal(moscowBig.status, 200, JSON.stringify(moscowBig.body));
    assert.equal(moscowBig.body.count, 2);
    assert.deepEqual(moscowBig.body.sample, ['Иванова Анна', 'Петров Борис']);
    const directors = await op('count', { filter: 'jobTitle[ilike]:"%директор%"' });
    assert.equal(directors.body.count, 3);
    const noCompany = await op('count', { filter: 'companyId[is]:NULL' });
    assert.equal(noCompany.body.count, 1);

    const unparsed = await op('count', { filter: 'and(city[eq]:"Москва"' });
    assert.equal(unparsed.status, 400);
    assert.equal(unparsed.body.code, 'segments_bad_filter');
    assert.equal(unparsed.body.field, 'filter');
    assert.match(unparsed.body.message, /Фильтр не разобран: не закрыта скобка «and\(»/);
    const unknown = await op('count', { filter: 'region[eq]:"Москва"' });
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.message, /Неизвестное поле «region» в фильтре/);
  });

  it('creates a segment from a filter and fills it; a second fill adds nobody', async () => {
    const bad = await op('create', { name: 'Плохой', filter: 'city[eq]:' });
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /пропущено значение/);
    assert.equal(await rmCount('segment'), 0, 'nothing written for a refused filter');

    const created = await op('create', {
      name: 'Вебинар для Москвы',
      purpose: 'приглашения на вебинар',
      filter: 'and(city[eq]:"Москва", company.employees[gte]:50)',
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal(created.body.count, 2);
    segmentId = created.body.id;
    const record = await direct.records('segment').get(segmentId);
    assert.equal(record.stage, 'DRAFT');
    assert.equal(
      record.filter,
      'and(city[eq]:"Москва",company.employees[gte]:50)',
      'kept as the sdk writes it',
    );
    assert.equal(record.ownerId, memberId, 'the signed-in member owns it');

    const dry = await op('fill', { segmentId, dryRun: true });
    assert.deepEqual([dry.body.found, dry.body.added], [2, 2]);
    const filled = await op('fill', { segmentId });
    assert.deepEqual([filled.body.found, filled.body.added, filled.body.alreadyIn], [2, 2, 0]);
    await waitMembers(2);
    const again = await op('fill', { segmentId });
    assert.deepEqual([again.body.added, again.body.alreadyIn], [0, 2]);
    const member = await direct.records('segmentMember').get(memberIdOf(segmentId, people.anna as string));
    assert.equal(member.status, 'INVITED');
    assert.equal(member.addedBy, 'marketing@realty.test (по фильтру)');
  });

  it('adds people by hand; a person added twice is refused and nothing is written', async () => {
    const twice = await op('add', { segmentId, personIds: [people.dina, people.anna] });
    assert.equal(twice.status, 409);
    assert.equal(twice.body.code, 'segments_person_twice');
    assert.match(
      twice.body.message,
      /«Иванова Анна» уже есть в сегменте «Вебинар для Москвы».*ничего не добавлено/,
    );
    const doubled = await op('add', { segmentId, personIds: [people.dina, people.dina] });
    assert.equal(doubled.status, 409);
    assert.match(doubled.body.message, /«Смирнова Дина».*назван дважды/);
    const stranger = await op('add', { segmentId, personIds: [people.dina, randomUUID()] });
    assert.equal(stranger.status, 400);
    assert.match(stranger.body.message, /Не найдены люди: .*ничего не добавлено/);
    const list = await direct.records('segmentMember').list({ filter: `segmentId[eq]:"${segmentId}"` });
    assert.equal(list.records.length, 2, 'Дина was not added by the refused calls');

    // The page's search for people to add: by the start of a name, e-mail or phone, members left out.
    const found = await api('GET', `/api/segments/${segmentId}/candidates?q=${encodeURIComponent('смир')}`);
    assert.equal(found.status, 200, JSON.stringify(found.body));
    assert.deepEqual(found.body.people, [{ id: people.dina, name: 'Смирнова Дина', company: null }]);
    const members = await api('GET', `/api/segments/${segmentId}/candidates?q=${encodeURIComponent('Ива')}`);
    assert.deepEqual(members.body.people, [], 'Анна Иванова is already in');
    const short = await api('GET', `/api/segments/${segmentId}/candidates?q=a`);
    assert.equal(short.status, 400);
    assert.match(short.body.message, /«Поиск»: не короче 2 знаков/);

    const added = await op('add', { segmentId, personIds: [people.dina, people.vera] });
    assert.equal(added.status, 200, JSON.stringify(added.body));
    assert.equal(added.body.added, 2);
    await waitMembers(4);
  });

  it('sets member statuses; a status changed in Twenty reaches the page through the webhook', async () => {
    const set = await op('member-status', { segmentId, personId: people.anna, status: 'CONFIRMED' });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    const notMember = await op('member-status', { segmentId, personId: people.egor, status: 'CONFIRMED' });
    assert.equal(notMember.status, 404);
    assert.match(notMember.body.message, /Этого человека нет в сегменте/);
    // Someone declines, marked in Twenty's UI.
    await direct
      .records('segmentMember')
      .update(memberIdOf(segmentId, people.vera as string), { status: 'DECLINED' });
    await waitFor('the decline in the read model', async () =>
      (await rmCount('segmentMember', `segment_id = $1 and status = 'DECLINED'`, [segmentId])) === 1
        ? true
        : undefined,
    );
    const page = await api('GET', `/segments?id=${segmentId}`);
    assert.equal(page.status, 200);
    const row = (key: string) => {
      const m = new RegExp(`<tr data-member="${people[key]}">([\\s\\S]*?)</tr>`).exec(page.body as string);
      return m?.[1] ?? '';
    };
    assert.match(row('vera'), /Сидорова Вера[\s\S]*<option value="DECLINED" selected>Отказался/);
    assert.match(row('anna'), /<option value="CONFIRMED" selected>Подтвердил/);
    assert.match(page.body, /Участники: <span id="seg-member-count">4</);
  });

  it('moves stages in order, logging who and when; a skipped stage is refused', async () => {
    const skip = await op('stage', { segmentId, stage: 'APPROVED' });
    assert.equal(skip.status, 409);
    assert.match(skip.body.message, /из «Черновик» в «Утверждён»: пропущен этап «На проверке»/);
    const dry = await op('stage', { segmentId, stage: 'REVIEW', dryRun: true });
    assert.equal(dry.status, 200);
    assert.equal((await direct.records('segment').get(segmentId)).stage, 'DRAFT', 'a dry run writes nothing');
    for (const [stage, minute] of [
      ['REVIEW', 1],
      ['APPROVED', 2],
      ['IN_PROGRESS', 3],
    ] as const) {
      clock.set(new Date(Date.UTC(2026, 11, 7, 9, minute)));
      const moved = await op('stage', { segmentId, stage, comment: `шаг ${minute}` });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
    }
    const log = await direct
      .records('segmentStageChange')
      .list({ filter: `segmentId[eq]:"${segmentId}"`, orderBy: 'changedAt' });
    assert.deepEqual(
      log.records.map((r) => [r.fromStage, r.toStage, r.changedByName, r.changedAt, r.changedById]),
      [
        ['DRAFT', 'REVIEW', 'marketing@realty.test', '2026-12-07T09:01:00.000Z', memberId],
        ['REVIEW', 'APPROVED', 'marketing@realty.test', '2026-12-07T09:02:00.000Z', memberId],
        ['APPROVED', 'IN_PROGRESS', 'marketing@realty.test', '2026-12-07T09:03:00.000Z', memberId],
      ],
    );
    await waitFor('the log on the page', async () => {
      const page = await api('GET', `/segments?id=${segmentId}`);
      return /data-stage="IN_PROGRESS"/.test(page.body) && /Утверждён → В работе/.test(page.body)
        ? page
        : undefined;
    });
  });

  it('comments and tasks are Twenty notes and tasks targeting the segment, shown on the page', async () => {
    const comment = await op('comment', { segmentId, text: 'Проверьте телефоны перед рассылкой' });
    assert.equal(comment.status, 200, JSON.stringify(comment.body));
    const task = await op('task', {
      segmentId,
      title: 'Обзвонить подтвердивших',
      dueAt: '2026-12-10',
      assigneeId: memberId,
    });
    assert.equal(task.status, 200, JSON.stringify(task.body));
    const nt = await direct.records('noteTarget').list({ filter: `segmentId[eq]:"${segmentId}"` });
    assert.equal(nt.records[0]?.noteId, comment.body.id);
    const tt = await direct.records('taskTarget').list({ filter: `segmentId[eq]:"${segmentId}"` });
    assert.equal(tt.records[0]?.taskId, task.body.id);
    const page = await api('GET', `/segments?id=${segmentId}`);
    assert.match(page.body, /Проверьте телефоны перед рассылкой/);
    assert.match(
      page.body,
      /Обзвонить подтвердивших <small>к выполнению · до 10\.12\.2026 · Мария Маркетова/,
    );
    assert.equal((await direct.records('task').get(task.body.id)).assigneeId, memberId);
    const empty = await op('comment', { segmentId, text: '  ' });
    assert.equal(empty.status, 400);
    assert.match(empty.body.message, /напишите комментарий/);
  });

  it('exports the members as an xlsx made for people and as CSV', async () => {
    const xlsx = await api('GET', `/segments/${segmentId}/export?format=xlsx`);
    assert.equal(xlsx.status, 200);
    assert.match(xlsx.headers.get('content-disposition') ?? '', /filename\*=UTF-8''.*%D1%81%D0%B5%D0%B3/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.buffer as unknown as ArrayBuffer);
    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    assert.match(String(ws.getCell('A1').value), /Вебинар для Москвы» · этап: В работе · 4 чел\./);
    assert.deepEqual((ws.getRow(2).values as unknown[]).slice(1, 9), [
      'Фамилия',
      'Имя',
      'Эл. почта',
      'Телефон',
      'Город',
      'Должность',
      'Компания',
      'Статус',
    ]);
    assert.equal(ws.getRow(2).getCell(1).font?.bold, true);
    assert.deepEqual(ws.views[0], { ...ws.views[0], state: 'frozen', ySplit: 2 });
    assert.ok(ws.autoFilter, 'an autofilter over the header');
    assert.ok((ws.getColumn(3).width ?? 0) >= 18, 'e-mail column wide enough');
    const rows = [3, 4, 5, 6].map((r) => [ws.getRow(r).getCell(1).value, ws.getRow(r).getCell(8).value]);
    assert.deepEqual(rows, [
      ['Иванова', 'Подтвердил'],
      ['Петров', 'Приглашён'],
      ['Сидорова', 'Отказался'],
      ['Смирнова', 'Приглашён'],
    ]);
    assert.ok(ws.getRow(3).getCell(10).value instanceof Date, 'the date a date');

    const csv = await api('GET', `/segments/${segmentId}/export?format=csv`);
    assert.equal(csv.status, 200);
    const text = csv.buffer.toString('utf8');
    assert.ok(text.startsWith('\uFEFFФамилия;Имя;Эл. почта'));
    const lines = text.trim().split('\r\n');
    assert.equal(lines.length, 5);
    // «Добавлен» is the day Twenty recorded the member, in Moscow (after 21:00 UTC, the next day).
    const anna = await direct.records('segmentMember').get(memberIdOf(segmentId, people.anna as string));
    const moscowDay = new Intl.DateTimeFormat('ru-RU', { timeZone: 'Europe/Moscow' });
    assert.equal(
      lines[1],
      `Иванова;Анна;anna@example.ru;'+7 9167770010;Москва;Менеджер;ООО «Стройинвест»;Подтвердил;marketing@realty.test (по фильтру);${moscowDay.format(new Date(String(anna.createdAt)))}`,
    );
  });

  it('hands the segment to an SMS campaign: its members except those who declined', async () => {
    const preview = await api('POST', '/api/operations/sms-campaign/preview', {
      text: '{firstName}, приглашаем на вебинар',
      source: 'segment',
      segmentId,
      service: true,
    });
    assert.equal(preview.status, 200, JSON.stringify(preview.body));
    assert.equal(preview.body.candidates, 3, 'Вера declined');
    assert.equal(preview.body.recipients, 3);
    const noSegment = await api('POST', '/api/operations/sms-campaign/preview', {
      text: 'x',
      source: 'segment',
      service: true,
    });
    assert.equal(noSegment.status, 400);
    assert.match(noSegment.body.message, /Выберите сегмент/);
  });

  it('hands the segment to an interaction: its members except those who declined are invited, once', async () => {
    const interaction = await direct
      .records('interaction')
      .create({ subject: 'Вебинар о новом ЖК', kind: 'WEBINAR', stage: 'PLANNED' });
    const first = await op('invite', { segmentId, interactionId: interaction.id });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.deepEqual([first.body.added, first.body.alreadyIn], [3, 0]);
    const participants = await direct
      .records('interactionParticipant')
      .list({ filter: `interactionId[eq]:"${interaction.id}"` });
    assert.deepEqual(
      participants.records.map((p) => p.personId).sort(),
      [people.anna, people.boris, people.dina].sort(),
      'Вера declined and is not invited',
    );
    assert.ok(participants.records.every((p) => p.participantRole === 'ATTENDEE' && p.invited === true));
    const again = await op('invite', { segmentId, interactionId: interaction.id });
    assert.deepEqual([again.body.added, again.body.alreadyIn], [0, 3]);

    const empty = await op('create', { name: 'Пустой' });
    const refused = await op('invite', { segmentId: empty.body.id, interactionId: interaction.id });
    assert.equal(refused.status, 409);
    assert.match(refused.body.message, /В сегменте «Пустой» некого приглашать/);
    const missing = await op('invite', { segmentId, interactionId: randomUUID() });
    assert.equal(missing.status, 404);
    assert.match(missing.body.message, /Взаимодействие не найдено/);
  });

  it('refuses what a role may not do, and an unknown segment as a page', async () => {
    const callcenter = stack.staffToken('callcenter');
    const create = await op('create', { name: 'Колл-центр' }, callcenter);
    assert.equal(create.status, 403);
    const status = await op(
      'member-status',
      { segmentId, personId: people.boris, status: 'ATTENDED' },
      callcenter,
    );
    assert.equal(status.status, 200, 'the call centre marks attendance');
    const missing = await api('GET', `/segments?id=${randomUUID()}`);
    assert.equal(missing.status, 404);
    assert.match(missing.body, /<html[\s\S]*Сегмента нет — он удалён или ссылка неверна/);
    const list = await api('GET', '/segments');
    assert.match(
      list.body,
      /data-stage="IN_PROGRESS"><h3>В работе <small>1<\/small>[\s\S]*Вебинар для Москвы/,
    );
  });

  it('a stage changed in Twenty is logged, or undone with the reason when it skips a stage', async () => {
    const created = await op('create', { name: 'Из Twenty' });
    const id = created.body.id as string;
    await waitFor('the segment in the read model', async () =>
      (await rmCount('segment', 'id = $1', [id])) === 1 ? true : undefined,
    );
    await direct.records('segment').update(id, { stage: 'REVIEW' });
    const line = await waitFor('the move logged', async () => {
      const log = await direct.records('segmentStageChange').list({ filter: `segmentId[eq]:"${id}"` });
      return log.records[0];
    });
    assert.deepEqual([line.fromStage, line.toStage, line.changedByName], ['DRAFT', 'REVIEW', 'в Twenty']);
    await waitFor('REVIEW in the read model', async () =>
      (await rmCount('segment', `id = $1 and stage = 'REVIEW'`, [id])) === 1 ? true : undefined,
    );
    await direct.records('segment').update(id, { stage: 'DONE' });
    const undone = await waitFor('the skip undone', async () => {
      const s = await direct.records('segment').get(id);
      return s.stage === 'REVIEW' && s.stageProblem ? s : undefined;
    });
    assert.match(
      String(undone.stageProblem),
      /из «На проверке» в «Завершён»: пропущен этап «Утверждён», «В работе».*в Twenty отменено/,
    );
    const page = await waitFor('the problem on the page', async () => {
      const r = await api('GET', `/segments?id=${id}`);
      return /id="seg-stage-problem"/.test(r.body) ? r : undefined;
    });
    assert.match(page.body, /data-stage="REVIEW"/);
  });

  it('seeds the demo: a segment in progress with members in every status, its log, a comment and a task', async () => {
    const ctx = stack.runtime.contextFor('segments');
    const counts = await segmentsPlugin.seed?.run(ctx, {});
    assert.deepEqual(counts, { segment: 1, segmentMember: 6, segmentStageChange: 3 });
    assert.deepEqual(await segmentsPlugin.seed?.run(ctx, {}), {}, 'a second run changes nothing');
    const demo = await direct.records('segment').get(DEMO_SEGMENT_ID);
    assert.equal(demo.stage, 'IN_PROGRESS');
    const statuses = (
      await direct.records('segmentMember').list({ filter: `segmentId[eq]:"${DEMO_SEGMENT_ID}"` })
    ).records.map((m) => m.status);
    assert.deepEqual([...new Set(statuses)].sort(), ['ATTENDED', 'CONFIRMED', 'DECLINED', 'INVITED']);
    const log = await direct
      .records('segmentStageChange')
      .list({ filter: `segmentId[eq]:"${DEMO_SEGMENT_ID}"` });
    assert.deepEqual(log.records.map((r) => r.toStage).sort(), ['APPROVED', 'IN_PROGRESS', 'REVIEW']);
    const notes = await direct.records('noteTarget').list({ filter: `segmentId[eq]:"${DEMO_SEGMENT_ID}"` });
    assert.equal(notes.records.length, 1);
  });
});
