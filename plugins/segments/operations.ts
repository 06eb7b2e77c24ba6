/**
 * `realty segment create|count|fill|add|member-status|stage|invite|comment|task` and
 * `POST /api/operations/segment/…`: one declaration each (core serves both doors). Writes have
 * `--dry-run` (everything checked, nothing written).
 */
import { defineOperation } from '../core/plugin/index';
import {
  addInput,
  addMembers,
  commentInput,
  commentSegment,
  countFilter,
  countInput,
  createInput,
  createSegment,
  fillInput,
  fillSegment,
  inviteInput,
  inviteSegment,
  moveStage,
  SEGMENT_OBJECTS,
  SEGMENT_ROLES,
  setMemberStatus,
  stageInput,
  statusInput,
  taskForSegment,
  taskInput,
} from './service';
import { MEMBER_STATUS_RU, SEGMENT_STAGE_RU } from './vocabulary';

const WRITERS = ['marketing', 'sales'] as const;
const dry = (dryRun: boolean, text: string) => (dryRun ? `пробный прогон: ${text}` : text);

export const segmentOperations = [
  defineOperation({
    name: 'segment create',
    description: 'create a segment (a draft): name, purpose, the filter over people and companies',
    roles: WRITERS,
    input: createInput,
    args: ['name'],
    writes: true,
    objects: SEGMENT_OBJECTS,
    run: (input, ctx) => createSegment(ctx, input),
    render: (r) =>
      dry(
        r.dryRun,
        `сегмент «${r.segment.name}»${r.count !== undefined ? `: по фильтру ${r.count} чел.` : ''}${r.id ? ` — ${r.id}` : ''}`,
      ),
    print: (r) => r.id ?? '',
  }),
  defineOperation({
    name: 'segment count',
    description: 'check a filter and count the people it finds (the live count of the page)',
    roles: SEGMENT_ROLES,
    input: countInput,
    args: ['filter'],
    writes: false,
    objects: SEGMENT_OBJECTS,
    run: (input, ctx) => countFilter(ctx, input),
    render: (r) =>
      `найдено ${r.count} чел.${r.sample.length ? `: ${r.sample.join(', ')}${r.count > r.sample.length ? '…' : ''}` : ''}`,
  }),
  defineOperation({
    name: 'segment fill',
    description: 'add the people the segment’s filter finds (those already in stay as they are)',
    roles: WRITERS,
    input: fillInput,
    args: ['segmentId'],
    writes: true,
    objects: SEGMENT_OBJECTS,
    run: (input, ctx) => fillSegment(ctx, input),
    render: (r) => dry(r.dryRun, `найдено ${r.found}, добавлено ${r.added}, уже были ${r.alreadyIn}`),
  }),
  defineOperation({
    name: 'segment add',
    description: 'add people by hand (a person already in the segment refuses the whole addition)',
    roles: WRITERS,
    input: addInput,
    args: ['segmentId'],
    writes: true,
    objects: SEGMENT_OBJECTS,
    run: (input, ctx) => addMembers(ctx, input),
    render: (r) => dry(r.dryRun, `добавлено ${r.added} чел.`),
  }),
  defineOperation({
    name: 'segment member-status',
    description: 'set a member’s status: INVITED, CONFIRMED, DECLINED, ATTENDED',
    roles: SEGMENT_ROLES,
    input: statusInput,
    args: ['segmentId', 'personId'],
    writes: true,
    objects: SEGMENT_OBJECTS,
    run: (input, ctx) => setMemberStatus(ctx, input),
    render: (r) => dry(r.dryRun, `статус: ${MEMBER_STATUS_RU[r.status]}`),
  }),
  defineOperation({
    name: 'segment stage',
    description: 'move a segment to a stage (forward one at a time, back to any; logged with who and when)',
    roles: WRITERS,
    input: stageInput,
    args: ['segmentId', 'stage'],
    writes: true,
    objects: SEGMENT_OBJECTS,
    run: (input, ctx) => moveStage(ctx, input),
    render: (r) =>
      dry(r.dryRun, `этап: ${SEGMENT_STAGE_RU[r.change.fromStage]} → ${SEGMENT_STAGE_RU[r.change.toStage]}`),
  }),
  defineOperation({
    name: 'segment invite',
    description: 'invite the segment’s members (except those who declined) to an interaction',
    roles: WRITERS,
    input: inviteInput,
    args: ['segmentId', 'interactionId'],
    writes: true,
    objects: SEGMENT_OBJECTS,
    run: (input, ctx) => inviteSegment(ctx, input),
    render: (r) => dry(r.dryRun, `приглашено ${r.added}, уже были приглашены ${r.alreadyIn}`),
  }),
  defineOperation({
    name: 'segment comment',
    description: 'comment on a segment (a Twenty note targeting it)',
    roles: SEGMENT_ROLES,
    input: commentInput,
    args: ['segmentId'],
    writes: true,
    objects: SEGMENT_OBJECTS,
    run: (input, ctx) => commentSegment(ctx, input),
    render: (r) => dry(r.dryRun, `комментарий добавлен: ${r.title}`),
  }),
  defineOperation({
    name: 'segment task',
    description: 'a task on a segment for a workspace member (a Twenty task targeting it)',
    roles: SEGMENT_ROLES,
    input: taskInput,
    args: ['segmentId', 'title'],
    writes: true,
    objects: SEGMENT_OBJECTS,
    run: (input, ctx) => taskForSegment(ctx, input),
    render: (r) => dry(r.dryRun, `задача поставлена: ${r.title}`),
  }),
];
