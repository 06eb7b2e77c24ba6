/**
 * A segment's stage changed by a person in Twenty's UI (the operations log their own moves): logged
 * in segmentStageChange with who and when, or — when it skips a stage — undone, the reason kept in
 * the segment's `stageProblem` so Twenty shows why.
 */
import type { TwentyWebhookEvent } from '../../sdk/index';
import { on, type PluginContext, uuidV5 } from '../core/plugin/index';
import { checkStageMove } from './rules/stages';
import { isStage } from './vocabulary';

const str = (v: unknown) => (typeof v === 'string' && v ? v : null);

async function memberName(ctx: PluginContext, memberId: string | undefined): Promise<string> {
  if (!memberId) return 'в Twenty';
  try {
    const m = (await ctx.twenty.records('workspaceMember').get(memberId)) as {
      name?: { firstName?: string; lastName?: string } | null;
      userEmail?: string | null;
    };
    return [m.name?.firstName, m.name?.lastName].filter(Boolean).join(' ') || m.userEmail || 'в Twenty';
  } catch (error) {
    ctx.log.warn({ memberId, error: String(error) }, 'segments: the member who moved a stage is unknown');
    return 'в Twenty';
  }
}

export async function onStageInTwenty(event: TwentyWebhookEvent, ctx: PluginContext): Promise<void> {
  if (ctx.writtenBy || event.action !== 'updated' || !(event.updatedFields ?? []).includes('stage')) return;
  const record = event.record as Record<string, unknown> & { id: string };
  const to = record.stage;
  const updatedAt = str(record.updatedAt);
  if (!isStage(to) || !updatedAt) return;
  const before = await ctx.store.readModel.previous('segment', record.id, updatedAt);
  const from = str(before?.values.stage);
  if (!isStage(from) || from === to) return;
  const who = await memberName(ctx, event.workspaceMemberId);
  const verdict = checkStageMove(from, to);
  if (!verdict.ok) {
    await ctx.twenty.records('segment').update(record.id, {
      stage: from,
      stageProblem: `${verdict.ru} (изменение от ${who} в Twenty отменено)`,
    });
    ctx.log.info(
      { segment: record.id, from, to },
      'segments: a stage move in Twenty skipped a stage; undone',
    );
    return;
  }
  // One line per change, whichever path (webhook or sweep) brought it.
  await ctx.twenty.records('segmentStageChange').create(
    {
      id: uuidV5(`segments:stage-in-twenty:${record.id}:${updatedAt}`),
      segmentId: record.id,
      fromStage: from,
      toStage: to,
      changedByName: who,
      changedAt: updatedAt,
      comment: 'изменено в Twenty',
      ...(event.workspaceMemberId ? { changedById: event.workspaceMemberId } : {}),
    },
    { upsert: true },
  );
  if (str(record.stageProblem)) await ctx.twenty.records('segment').update(record.id, { stageProblem: '' });
}

export const segmentsHandlers = [
  on('segment.updated', onStageInTwenty, { name: 'segments-stage-in-twenty' }),
];
