/**
 * Stage moves of an interaction: any stage in use may be reached moving backward (reopened) or
 * forward, but a forward move may not jump over a required stage (ACTIVITIES_REQUIRED_STAGES).
 * Pure: the settings come in, a Russian and an English reason come out.
 */
import type { StageSettings } from '../settings';
import { INTERACTION_STAGES, type InteractionStage, isStage, STAGE_RU } from '../vocabulary';

export interface StageProblem {
  readonly code: 'activities_stage_unused' | 'activities_stage_skipped' | 'activities_stage_same';
  readonly ru: string;
  readonly en: string;
}

const order = (s: InteractionStage) => INTERACTION_STAGES.indexOf(s);

/** Why `from → to` is refused, or null when the move is allowed. */
export function stageMoveProblem(
  from: string | null | undefined,
  to: InteractionStage,
  settings: StageSettings,
): StageProblem | null {
  if (!settings.stages.includes(to))
    return {
      code: 'activities_stage_unused',
      ru: `Этап «${STAGE_RU[to]}» не используется (настройка ACTIVITIES_STAGES: ${settings.stages.map((s) => STAGE_RU[s]).join(', ')})`,
      en: `stage ${to} is not in use (ACTIVITIES_STAGES)`,
    };
  const start = isStage(from) ? from : null;
  if (start === to)
    return {
      code: 'activities_stage_same',
      ru: `Взаимодействие уже на этапе «${STAGE_RU[to]}»`,
      en: `the interaction is already ${to}`,
    };
  const lo = start === null ? -1 : order(start);
  const hi = order(to);
  if (hi < lo) return null;
  const skipped = INTERACTION_STAGES.filter(
    (s, i) => i > lo && i < hi && settings.stages.includes(s) && settings.requiredStages.includes(s),
  );
  if (skipped.length === 0) return null;
  const names = skipped.map((s) => `«${STAGE_RU[s]}»`).join(', ');
  return {
    code: 'activities_stage_skipped',
    ru: `Нельзя перейти ${start ? `с этапа «${STAGE_RU[start]}» ` : ''}на этап «${STAGE_RU[to]}»: пропущен обязательный этап ${names}`,
    en: `moving ${start ?? '(none)'} → ${to} skips the required stage(s) ${skipped.join(', ')}`,
  };
}
