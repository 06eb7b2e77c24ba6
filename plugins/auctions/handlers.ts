/**
 * Auctions and lots created or edited in Twenty's own UI are judged by the same rules as the
 * app's: dates in order, a lot's unit FREE and in no other active auction, a status moved only
 * along the state machine. An invalid change is flagged on the record (validationIssue) and the
 * member who made it gets a Twenty task; nothing else is touched — the unit keeps its status.
 * A valid lot without a deposit or step gets them computed; a flag is cleared once fixed. Ids
 * derive from the record's version, so a replayed webhook writes nothing new.
 */
import type { TwentyWebhookEvent } from '../../sdk/index';
import { dataAccessOf } from '../core/access/index';
import { on, type PluginContext, uuidV5 } from '../core/plugin/index';
import { auctionConsoleUrl, unitsInfo } from './engine/auction-engine';
import { micros, rubValue } from './engine/auction-records';
import { engineRun } from './engine/engine-run';
import { dateProblems, unitStatusPhrase } from './rules/auction-plan';
import { type AuctionStatus, isFinal, transition, transitionTo } from './rules/auction-state';
import { lotTerms } from './rules/money';
import { AUCTION_STATUS_RU, isAuctionStatus } from './vocabulary';

const statusRu = (status: string): string => (isAuctionStatus(status) ? AUCTION_STATUS_RU[status] : status);

async function flag(
  ctx: PluginContext,
  event: TwentyWebhookEvent,
  object: 'auction' | 'auctionLot',
  auctionId: string | null,
  problems: string[],
): Promise<void> {
  const record = event.record;
  const issue = problems.length > 0 ? problems.join('; ') : null;
  if ((record.validationIssue ?? null) !== issue)
    await ctx.twenty.records(object).update(record.id, { validationIssue: issue });
  if (!issue) return;
  const version = record.updatedAt ?? record.createdAt ?? '';
  const taskId = uuidV5(`auctions:validation:${object}:${record.id}:${version}`);
  const label =
    object === 'auction'
      ? `аукцион ${String(record.number ?? record.id)}`
      : `лот ${String(record.number ?? record.id)}`;
  const link = auctionId ? `\n\nКонсоль: ${auctionConsoleUrl(ctx.config.publicUrl, auctionId)}` : '';
  await ctx.twenty.records('task').upsert({
    id: taskId,
    title: `Исправьте ${label}: изменение не принято`,
    bodyV2: {
      markdown: `Изменение, сделанное в Twenty, нарушает правила аукциона:\n\n- ${problems.join('\n- ')}\n\nНичего больше не изменено (статусы помещений прежние).${link}`,
      blocknote: null,
    },
    status: 'TODO',
    ...(event.workspaceMemberId ? { assigneeId: event.workspaceMemberId } : {}),
  });
  await ctx.twenty.records('taskTarget').upsert({
    id: uuidV5(`auctions:validation-target:${taskId}`),
    taskId,
    [object === 'auction' ? 'auctionId' : 'auctionLotId']: record.id,
  });
  ctx.log.info({ object, id: record.id, problems }, 'flagged an invalid auction edit made in Twenty');
}

async function previousStatus(ctx: PluginContext, event: TwentyWebhookEvent): Promise<string | undefined> {
  const version = event.record.updatedAt;
  if (event.action !== 'updated' || !version) return undefined;
  const previous = await ctx.store.readModel.previous('auction', event.record.id, version);
  const status = previous?.values.status;
  return typeof status === 'string' ? status : undefined;
}

export async function validateAuctionEdit(event: TwentyWebhookEvent, ctx: PluginContext): Promise<void> {
  // Only edits made in Twenty are judged: the app's own writes (console, engine, seed) follow the rules.
  if (ctx.writtenBy) return;
  const r = event.record;
  if (event.updatedFields?.every((f) => f === 'validationIssue' || f === 'updatedAt')) return;
  const problems = dateProblems({
    applicationStart: r.applicationStart as string | null,
    applicationEnd: r.applicationEnd as string | null,
    biddingStart: r.biddingStart as string | null,
    biddingEnd: r.biddingEnd as string | null,
  }).map((p) => p.message);
  const status = String(r.status ?? 'DRAFT');
  if (!isAuctionStatus(status)) problems.push(`неизвестный статус аукциона «${status}»`);
  const before = await previousStatus(ctx, event);
  if (before && before !== status) {
    const t = isAuctionStatus(status) ? transitionTo(status) : undefined;
    const result =
      t && isAuctionStatus(before)
        ? transition(before, t)
        : { ok: false as const, message: `вернуть аукцион в статус «${statusRu(status)}» нельзя` };
    if (!result.ok) problems.push(result.message);
    else
      problems.push(
        `статус «${statusRu(before)}» → «${statusRu(status)}» меняют в консоли аукциона в приложении (она двигает помещения, задатки и протоколы), а не правкой поля`,
      );
  }
  if (event.action === 'created' && status !== 'DRAFT')
    problems.push(
      `новый аукцион создают черновиком и объявляют из консоли, а не сразу в статусе «${statusRu(status)}»`,
    );
  await flag(ctx, event, 'auction', r.id, problems);
}

export async function validateLotEdit(event: TwentyWebhookEvent, ctx: PluginContext): Promise<void> {
  if (ctx.writtenBy) return;
  const r = event.record;
  if (event.updatedFields?.every((f) => f === 'validationIssue' || f === 'updatedAt')) return;
  const engine = engineRun(dataAccessOf(ctx, 'auctions', { actor: 'twenty-realty (проверка)' }));
  const problems: string[] = [];
  const auctionId = typeof r.auctionId === 'string' ? r.auctionId : null;
  const unitId = typeof r.unitId === 'string' ? r.unitId : null;
  const auction = auctionId
    ? await ctx.twenty
        .records('auction')
        .get(auctionId)
        .catch(() => undefined)
    : undefined;
  if (!auction) problems.push('лот не привязан к аукциону');
  const touchesUnit =
    event.action === 'created' ||
    !event.updatedFields ||
    event.updatedFields.includes('unitId') ||
    event.updatedFields.includes('unit');
  if (auction) {
    const status = String(auction.status ?? 'DRAFT') as AuctionStatus;
    problems.push(
      ...dateProblems({
        applicationStart: auction.applicationStart as string | null,
        applicationEnd: auction.applicationEnd as string | null,
        biddingStart: auction.biddingStart as string | null,
        biddingEnd: auction.biddingEnd as string | null,
      }).map((p) => `аукцион ${String(auction.number)}: ${p.message}`),
    );
    if (touchesUnit && status !== 'DRAFT')
      problems.push(
        `аукцион ${String(auction.number)} в статусе «${statusRu(status)}»: лоты добавляют и меняют только в черновике`,
      );
    if (isFinal(status) && !touchesUnit) return;
  }
  if (!unitId) problems.push('у лота не указано помещение');
  else if (touchesUnit) {
    const info = (await unitsInfo(engine, [unitId], auctionId)).get(unitId);
    if (!info) problems.push(`помещения ${unitId} нет в реестре`);
    else {
      if (info.otherAuction)
        problems.push(`помещение ${info.label} уже выставлено на аукцион ${info.otherAuction.number}`);
      if (info.status !== 'FREE')
        problems.push(
          `помещение ${info.label} ${unitStatusPhrase(info.status)}, а на аукцион выставляют только свободные`,
        );
    }
  }
  if (problems.length === 0) {
    // A valid lot made by hand gets its deposit and step from the rules when left empty.
    const start = micros(r.startPrice);
    if (start && (!micros(r.depositAmount) || !micros(r.stepAmount))) {
      const terms = lotTerms(start, engine.rules, {
        depositPercent: (auction?.depositPercent as number | null) ?? null,
        stepPercent: (auction?.stepPercent as number | null) ?? null,
      });
      await ctx.twenty.records('auctionLot').update(r.id, {
        depositAmount: rubValue(terms.depositMicros),
        stepAmount: rubValue(terms.stepMicros),
      });
    }
  }
  await flag(ctx, event, 'auctionLot', auctionId, problems);
}

export const auctionHandlers = [
  on('auction.created', validateAuctionEdit, { name: 'validate-auction-created' }),
  on('auction.updated', validateAuctionEdit, { name: 'validate-auction-updated' }),
  on('auctionLot.created', validateLotEdit, { name: 'validate-lot-created' }),
  on('auctionLot.updated', validateLotEdit, { name: 'validate-lot-updated' }),
];
