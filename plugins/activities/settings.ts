/**
 * The activities plugin's settings:
 * - ACTIVITIES_STAGES — the stages in use, in order (default all five:
 *   PLANNED,PREPARING,HELD,FOLLOW_UP,CLOSED); a stage left out cannot be chosen;
 * - ACTIVITIES_REQUIRED_STAGES — stages a forward move may not jump over (default HELD: an
 *   interaction cannot go to follow-up or be closed without having been held).
 */
import { z } from 'zod';
import { defineSettings, type HasSettings } from '../core/settings/index';
import { INTERACTION_STAGES, type InteractionStage } from './vocabulary';

const stageList = (fallback: readonly InteractionStage[]) =>
  z
    .string()
    .optional()
    .transform((v, zctx) => {
      if (v === undefined || v.trim() === '') return [...fallback];
      const out: InteractionStage[] = [];
      for (const part of v.split(',').map((s) => s.trim().toUpperCase())) {
        if (!part) continue;
        if (!(INTERACTION_STAGES as readonly string[]).includes(part)) {
          zctx.addIssue({
            code: 'custom',
            message: `"${part}" is not a stage (expected ${INTERACTION_STAGES.join(', ')})`,
          });
          return z.NEVER;
        }
        if (!out.includes(part as InteractionStage)) out.push(part as InteractionStage);
      }
      return out;
    });

export const activitiesSettings = defineSettings('activities', {
  stages: {
    schema: stageList(INTERACTION_STAGES),
    description: 'the interaction stages in use, in order (comma-separated)',
    example: 'PLANNED,HELD,CLOSED',
  },
  requiredStages: {
    schema: stageList(['HELD']),
    description: 'stages a forward move may not skip (comma-separated)',
    example: 'PREPARING,HELD',
  },
});

export interface StageSettings {
  readonly stages: readonly InteractionStage[];
  readonly requiredStages: readonly InteractionStage[];
}

/** The settings as the stage rules use them (the defaults when the plugin's settings are absent). */
export function stageSettings(ctx: HasSettings): StageSettings {
  if (!ctx.settings.has('activities')) return { stages: INTERACTION_STAGES, requiredStages: ['HELD'] };
  const s = activitiesSettings.of(ctx);
  // The stages in use keep Twenty's order whatever order the variable lists them in.
  return {
    stages: INTERACTION_STAGES.filter((x) => s.stages.includes(x)),
    requiredStages: s.requiredStages,
  };
}
