/**
 * The segments demo (`realty seed-demo`, the first `npm start`): «День открытых дверей в ЖК» — a
 * segment in progress built from a filter, with members in every status, its stage log from draft
 * to in progress, a comment and a task on it in Twenty. Deterministic ids and upserts: a second run
 * changes nothing.
 */
import type { SeedDeclaration } from '../core/plugin/index';
import { uuidV5 } from '../core/plugin/index';
import { memberIdOf } from './service';
import { MEMBER_STATUSES, SEGMENT_STAGES } from './vocabulary';

export const DEMO_SEGMENT_ID = uuidV5('segments:demo:open-day');
const id = (name: string) => uuidV5(`segments:demo:${name}`);

const DEMO_PEOPLE = [
  ['Алина', 'Морозова', 'Москва'],
  ['Денис', 'Орлов', 'Москва'],
  ['Елена', 'Соколова', 'Москва'],
  ['Игорь', 'Лебедев', 'Москва'],
  ['Ксения', 'Новикова', 'Москва'],
  ['Максим', 'Фёдоров', 'Москва'],
] as const;

export const segmentsSeed: SeedDeclaration = {
  description: 'a segment in progress with members in every status, its stage log, a comment and a task',
  async run(ctx): Promise<Record<string, number>> {
    // The task's target is written last: when it is there, the whole demo is.
    const done = await ctx.twenty
      .records('taskTarget')
      .list({ filter: `id[eq]:"${id('taskTarget')}"`, limit: 1 });
    if (done.records.length > 0) return {};
    const people = DEMO_PEOPLE.map(([firstName, lastName, city], i) => ({
      id: id(`person:${i}`),
      name: { firstName, lastName },
      city,
      jobTitle: i % 2 === 0 ? 'Директор по развитию' : 'Руководитель отдела закупок',
      emails: { primaryEmail: `segment.demo${i + 1}@example.ru`, additionalEmails: [] },
    }));
    await ctx.twenty.records('person').createMany(people, { upsert: true });
    await ctx.twenty.records('segment').create(
      {
        id: DEMO_SEGMENT_ID,
        name: 'День открытых дверей (демо)',
        purpose: 'Приглашения на день открытых дверей в шоуруме',
        stage: 'IN_PROGRESS',
        filter: 'and(city[eq]:"Москва",jobTitle[ilike]:"%дир%")',
      },
      { upsert: true },
    );
    const statusOf = (i: number) => MEMBER_STATUSES[i % MEMBER_STATUSES.length];
    await ctx.twenty.records('segmentMember').createMany(
      people.map((p, i) => ({
        id: memberIdOf(DEMO_SEGMENT_ID, p.id),
        segmentId: DEMO_SEGMENT_ID,
        personId: p.id,
        status: statusOf(i),
        addedBy: i < 3 ? 'демо-данные (по фильтру)' : 'демо-данные (вручную)',
      })),
      { upsert: true },
    );
    const at = (day: number) => new Date(Date.UTC(2026, 10, day, 8, 0)).toISOString();
    const moves = SEGMENT_STAGES.slice(0, 4).slice(1);
    await ctx.twenty.records('segmentStageChange').createMany(
      moves.map((to, i) => ({
        id: id(`stage:${to}`),
        segmentId: DEMO_SEGMENT_ID,
        fromStage: SEGMENT_STAGES[i],
        toStage: to,
        changedByName: 'демо-данные',
        changedAt: at(10 + i),
      })),
      { upsert: true },
    );
    await ctx.twenty.records('note').create(
      {
        id: id('note'),
        title: 'Комментарий к сегменту «День открытых дверей (демо)»',
        bodyV2: { markdown: 'Проверила список: дубликатов нет, Соколовой позвонить лично.', blocknote: null },
      },
      { upsert: true },
    );
    await ctx.twenty
      .records('noteTarget')
      .create({ id: id('noteTarget'), noteId: id('note'), segmentId: DEMO_SEGMENT_ID }, { upsert: true });
    await ctx.twenty.records('task').create(
      {
        id: id('task'),
        title: 'Обзвонить не ответивших на приглашение',
        bodyV2: { markdown: 'Сегмент «День открытых дверей (демо)».', blocknote: null },
        status: 'TODO',
        dueAt: at(30),
      },
      { upsert: true },
    );
    await ctx.twenty
      .records('taskTarget')
      .create({ id: id('taskTarget'), taskId: id('task'), segmentId: DEMO_SEGMENT_ID }, { upsert: true });
    return { segment: 1, segmentMember: people.length, segmentStageChange: moves.length };
  },
};
