/**
 * The stage rules without servers: a forward move may not jump over a required stage, a backward
 * move reopens, a stage not in use is refused, and the two settings (ACTIVITIES_STAGES,
 * ACTIVITIES_REQUIRED_STAGES) parse into what the rules use — a bad stage name is one line naming
 * the variable.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { participationHistory } from '../../../plugins/activities/history';
import { stageMoveProblem } from '../../../plugins/activities/rules/stages';
import { activitiesSettings, stageSettings } from '../../../plugins/activities/settings';
import { participationRu } from '../../../plugins/activities/vocabulary';

const defaults = stageSettings({ settings: new Map() });

describe('interaction stages', () => {
  it('allows the next stage, a move back, and a jump over stages that are not required', () => {
    assert.equal(stageMoveProblem('PLANNED', 'PREPARING', defaults), null);
    assert.equal(stageMoveProblem('PLANNED', 'HELD', defaults), null, 'PREPARING is not required by default');
    assert.equal(stageMoveProblem('HELD', 'CLOSED', defaults), null);
    assert.equal(stageMoveProblem('CLOSED', 'PLANNED', defaults), null, 'reopened');
  });

  it('refuses a jump over a required stage, naming it in Russian', () => {
    const p = stageMoveProblem('PLANNED', 'CLOSED', defaults);
    assert.equal(p?.code, 'activities_stage_skipped');
    assert.equal(
      p?.ru,
      'Нельзя перейти с этапа «Запланировано» на этап «Закрыто»: пропущен обязательный этап «Проведено»',
    );
    assert.equal(stageMoveProblem('HELD', 'HELD', defaults)?.code, 'activities_stage_same');
  });

  it('follows the settings: stages in use and the required ones', () => {
    const parsed = activitiesSettings.parse({
      ACTIVITIES_STAGES: 'planned, held, closed',
      ACTIVITIES_REQUIRED_STAGES: 'PREPARING,HELD',
    });
    assert.deepEqual(parsed.problems, []);
    const s = stageSettings({ settings: new Map([['activities', parsed.values]]) });
    assert.deepEqual(s.stages, ['PLANNED', 'HELD', 'CLOSED']);
    assert.equal(stageMoveProblem('PLANNED', 'PREPARING', s)?.code, 'activities_stage_unused');
    assert.match(stageMoveProblem('PLANNED', 'PREPARING', s)?.ru ?? '', /«Подготовка» не используется/);
    assert.equal(stageMoveProblem('PLANNED', 'HELD', s), null, 'PREPARING is not in use, so not skipped');
    assert.match(
      stageMoveProblem('PLANNED', 'CLOSED', s)?.ru ?? '',
      /пропущен обязательный этап «Проведено»/,
    );
    const bad = activitiesSettings.parse({ ACTIVITIES_REQUIRED_STAGES: 'HELD,DONE' });
    assert.equal(bad.problems.length, 1);
    assert.match(bad.problems[0] ?? '', /ACTIVITIES_REQUIRED_STAGES.*"DONE" is not a stage/);
  });

  it('names a participation as people read it', () => {
    assert.equal(participationRu({ invited: true, confirmed: false, attended: false }), 'приглашён(а)');
    assert.equal(participationRu({ invited: true, confirmed: true, attended: true }), 'присутствовал(а)');
  });
});

describe('the participation history, assembled', () => {
  const SEG = '11111111-1111-4111-8111-111111111111';
  const reader = (has: readonly string[]) =>
    ({
      principal: { kind: 'system', reason: 'test' },
      has: (o: string) => has.includes(o),
      fields: () => 'all',
      rows: () => 'all',
      get: async () => undefined,
      async query(text: string) {
        if (text.includes('from {person}'))
          return [{ id: 'p', first: 'Пётр', last: 'Первый', company: 'Альфа' }];
        if (text.includes('from {interactionParticipant}'))
          return [
            {
              interaction_id: 'i1',
              role: 'ATTENDEE',
              invited: true,
              confirmed: true,
              attended: true,
              source: `segments:segment:${SEG}`,
            },
            {
              interaction_id: 'i2',
              role: 'SPEAKER',
              invited: true,
              confirmed: false,
              attended: false,
              source: null,
            },
            {
              interaction_id: 'hidden',
              role: 'ATTENDEE',
              invited: true,
              confirmed: false,
              attended: false,
              source: null,
            },
          ];
        if (text.includes('from {interaction}'))
          return [
            {
              id: 'i1',
              subject: 'Вебинар',
              kind: 'WEBINAR',
              stage: 'HELD',
              starts_at: new Date('2026-11-05T13:00:00Z'),
            },
            {
              id: 'i2',
              subject: 'Звонок',
              kind: 'CALL',
              stage: 'PLANNED',
              starts_at: new Date('2026-12-15T08:00:00Z'),
            },
          ];
        if (text.includes('from {segment} where')) return [{ id: SEG, name: 'Клиенты ЖК «Север»' }];
        if (text.includes('from {segmentMember}'))
          return [
            {
              id: SEG,
              name: 'Клиенты ЖК «Север»',
              status: 'CONFIRMED',
              created_at: new Date('2026-11-01T10:00:00Z'),
              added_by: 'фильтр',
            },
          ];
        if (text.includes('from {smsMessage}'))
          return [
            {
              id: 's1',
              name: 'Паркинг',
              status: 'DELIVERED',
              sent_at: new Date('2026-12-01T09:00:00Z'),
              created_at: null,
              text: 'Открылся паркинг',
            },
          ];
        throw new Error(`unexpected ${text}`);
      },
    }) as unknown as Parameters<typeof participationHistory>[0];

  it('merges interactions, segments and SMS newest first; names the segment that invited; leaves out what the reader cannot see', async () => {
    const h = await participationHistory(
      reader(['segment', 'segmentMember', 'smsMessage', 'smsCampaign']),
      'p',
    );
    assert.deepEqual(
      h?.entries.map((e) => `${e.what}|${e.title}|${e.status}`),
      [
        'Звонок|Звонок|приглашён(а)',
        'SMS|Паркинг|доставлено',
        'Вебинар|Вебинар|присутствовал(а)',
        'Сегмент|Клиенты ЖК «Север»|подтвердил(а)',
      ],
    );
    assert.equal(
      h?.entries[2]?.detail,
      'Участник; этап: Проведено; пригласил(а): сегмент «Клиенты ЖК «Север»»',
    );
    assert.deepEqual(h?.counts, { invited: 2, attended: 1, segments: 1, sms: 1 });
    assert.deepEqual(h?.missing, []);
    const bare = await participationHistory(reader([]), 'p');
    assert.deepEqual(bare?.missing, ['segments', 'sms']);
    assert.equal(bare?.entries[1]?.detail, 'Участник; этап: Проведено; пригласил(а): сегмент');
  });
});
