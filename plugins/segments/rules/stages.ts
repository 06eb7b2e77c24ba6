/**
 * A segment's stage machine: forward one stage at a time (DRAFT → REVIEW → APPROVED → IN_PROGRESS →
 * DONE — nothing is approved unreviewed, nothing worked on unapproved), back to any earlier stage
 * (rework). A refusal names the stage that was skipped.
 */
import { SEGMENT_STAGE_RU, SEGMENT_STAGES, type SegmentStage } from '../vocabulary';

export type StageVerdict = { ok: true } | { ok: false; code: string; ru: string; en: string };

export function checkStageMove(from: SegmentStage, to: SegmentStage): StageVerdict {
  const a = SEGMENT_STAGES.indexOf(from);
  const b = SEGMENT_STAGES.indexOf(to);
  if (a === b)
    return {
      ok: false,
      code: 'segments_same_stage',
      ru: `Сегмент уже на этапе «${SEGMENT_STAGE_RU[to]}»`,
      en: `the segment is already at ${to}`,
    };
  if (b < a || b === a + 1) return { ok: true };
  const skipped = SEGMENT_STAGES.slice(a + 1, b).map((s) => `«${SEGMENT_STAGE_RU[s]}»`);
  return {
    ok: false,
    code: 'segments_stage_skipped',
    ru: `Нельзя перевести сегмент из «${SEGMENT_STAGE_RU[from]}» в «${SEGMENT_STAGE_RU[to]}»: пропущен этап ${skipped.join(', ')} — этапы проходят по порядку`,
    en: `cannot move from ${from} to ${to}: ${SEGMENT_STAGES.slice(a + 1, b).join(', ')} skipped`,
  };
}

/** The stage after this one, or undefined at the last. */
export function nextStage(stage: SegmentStage): SegmentStage | undefined {
  return SEGMENT_STAGES[SEGMENT_STAGES.indexOf(stage) + 1];
}
