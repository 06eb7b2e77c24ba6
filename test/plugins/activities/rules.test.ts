/**
 * The stage rules without servers: a forward move may not jump over a required stage, a backward
 * move reopens, a stage not in use is refused, and the two settings (ACTIVITIES_STAGES,
 * ACTIVITIES_REQUIRED_STAGES) parse into what the rules use — a bad stage name is one line naming
 * the variable.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
