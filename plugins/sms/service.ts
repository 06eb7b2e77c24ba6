/**
 * What the operations and pages do with campaigns, through the caller's scoped reader, writer and
 * the plugin's storage: create a draft, preview its audience (count, parts, cost, who is skipped
 * and why), send (audience written to the store as queued rows, the campaign SCHEDULED or SENDING
 * — the send job takes it from there), cancel (queued rows cancelled).
 */
import { z } from 'zod';
import type { RouteContext } from '../core/plugin/index';
import { RouteError } from '../core/plugin/index';
import {
  type AudienceFilter,
  audienceFilter,
  audienceFilterShape,
  describeFilter,
  findCandidates,
} from './audience-read';
import { type Prepared, prepareAudience, SKIP_REASON_RU, type SkipReason } from './rules/audience';
import { PLACEHOLDERS, personalise, SAMPLE_VALUES, unknownPlaceholders } from './rules/personalise';
import { countSegments, partsRu, type SegmentCount } from './rules/segments';
import type { CampaignRecord } from './runner';
import { smsSettings } from './settings';
import { cancelQueued, insertAudience, optedOutPhones, storageQuery } from './store';
import type { CampaignStatus } from './vocabulary';

const uuid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'это не идентификатор записи');

export const MAX_TEXT_CHARS = 1000;

export const draftShape = {
  text: z
    .string()
    .max(MAX_TEXT_CHARS, `не длиннее ${MAX_TEXT_CHARS} символов`)
    .describe('the SMS text with {firstName}, {unitNumber} …'),
  service: z
    .boolean()
    .optional()
    .describe(
      'a service message, not advertising: no consent needed (default: advertising, only to people with consent)',
    ),
  ...audienceFilterShape,
};

export const previewInput = z.object({
  campaignId: uuid.optional().describe('an existing campaign (else the text and filter given)'),
  ...draftShape,
  text: draftShape.text.optional(),
  source: audienceFilterShape.source.optional(),
});
export const createInput = z.object({
  name: z.string().trim().min(1, 'укажите название рассылки').max(200).describe('the campaign name'),
  ...draftShape,
});
export const sendInput = z.object({
  campaignId: uuid.describe('the campaign (its id)'),
  scheduledAt: z
    .string()
    .refine(
      (v) => !Number.isNaN(Date.parse(v)),
      'нужны дата и время (ISO 8601, например 2027-03-01T10:00+03:00)',
    )
    .optional()
    .describe('send at (ISO 8601); empty: now'),
});
export const cancelInput = z.object({ campaignId: uuid.describe('the campaign (its id)') });

export interface PreviewSummary {
  filterText: string;
  candidates: number;
  recipients: number;
  skipped: number;
  skippedByReason: Array<{ reason: SkipReason; ru: string; count: number }>;
  skippedExamples: Array<{ name: string; reason: string }>;
  segments: number;
  costMicros: number;
  /** The text as written (placeholders filled with long sample values): the counter's figure. */
  template: SegmentCount & { sampleText: string };
  longest: { name: string; segments: number; units: number; encoding: string } | null;
  sample: { name: string; text: string } | null;
  maxSegments: number;
  pricePerSegmentRub: number;
  problems: string[];
}

export function textProblems(text: string, maxSegments: number): string[] {
  const problems: string[] = [];
  if (text.trim() === '') problems.push('Текст SMS пуст — напишите, что отправить');
  const unknown = unknownPlaceholders(text);
  if (unknown.length > 0)
    problems.push(
      `Неизвестная подстановка ${unknown.join(', ')}: можно ${Object.entries(PLACEHOLDERS)
        .map(([k, ru]) => `{${k}} — ${ru}`)
        .join(', ')}`,
    );
  const sample = countSegments(personalise(text, SAMPLE_VALUES));
  if (sample.segments > maxSegments) problems.push(tooLongText(sample, maxSegments, 'с подстановками'));
  return problems;
}

function tooLongText(count: SegmentCount, maxSegments: number, whose: string): string {
  const alphabet =
    count.encoding === 'UCS2' ? 'кириллица/UCS-2, по 67 в части' : 'латиница/GSM-7, по 153 в части';
  return `Текст слишком длинный: ${whose} выходит ${partsRu(count.segments)} (${count.units} знаков, ${alphabet}); можно не больше ${partsRu(maxSegments)}`;
}

function filterOf(input: Partial<AudienceFilter> & { source?: string }): AudienceFilter {
  const parsed = audienceFilter.safeParse(input);
  if (!parsed.success)
    throw new RouteError(
      400,
      'sms_bad_filter',
      {
        ru: 'Выберите, кому отправить: владельцы, участники аукционов или договоры к подписанию',
        en: 'choose the audience source',
      },
      { field: 'source' },
    );
  return parsed.data;
}

export async function prepare(
  ctx: RouteContext,
  input: { text: string; advertising?: boolean | undefined; filter: AudienceFilter },
): Promise<{ prepared: Prepared; summary: PreviewSummary }> {
  const settings = smsSettings.of(ctx);
  const candidates = await findCandidates(ctx.reader, input.filter, ctx.clock.now());
  const prepared = prepareAudience(candidates, {
    template: input.text,
    advertising: input.advertising !== false,
    optedOutPhones: await optedOutPhones(storageQuery(ctx.storage)),
    pricePerSegmentMicros: Math.round(settings.pricePerSegmentRub * 1_000_000),
  });
  const byReason = new Map<SkipReason, number>();
  for (const s of prepared.skipped) byReason.set(s.reason, (byReason.get(s.reason) ?? 0) + 1);
  const sampleText = personalise(input.text, SAMPLE_VALUES);
  const problems = textProblems(input.text, settings.maxSegments);
  if (prepared.longest && prepared.longest.segments > settings.maxSegments)
    problems.push(
      tooLongText(countSegments(prepared.longest.text), settings.maxSegments, `у «${prepared.longest.name}»`),
    );
  if (prepared.recipients.length === 0)
    problems.push(
      candidates.length === 0
        ? 'Аудитория пуста: фильтр никого не нашёл'
        : `Аудитория пуста: все ${candidates.length} найденных пропущены (${[...byReason].map(([r, n]) => `${SKIP_REASON_RU[r]} — ${n}`).join(', ')})`,
    );
  const first = prepared.recipients[0];
  const longest = prepared.longest ? countSegments(prepared.longest.text) : null;
  return {
    prepared,
    summary: {
      filterText: describeFilter(input.filter),
      candidates: prepared.candidates,
      recipients: prepared.recipients.length,
      skipped: prepared.skipped.length,
      skippedByReason: [...byReason].map(([reason, count]) => ({
        reason,
        ru: SKIP_REASON_RU[reason],
        count,
      })),
      skippedExamples: prepared.skipped.slice(0, 20).map((s) => ({ name: s.name, reason: s.detail })),
      segments: prepared.segments,
      costMicros: prepared.costMicros,
      template: { ...countSegments(sampleText), sampleText },
      longest:
        prepared.longest && longest
          ? {
              name: prepared.longest.name,
              segments: longest.segments,
              units: longest.units,
              encoding: longest.encoding,
            }
          : null,
      sample: first ? { name: first.name, text: first.text } : null,
      maxSegments: settings.maxSegments,
      pricePerSegmentRub: settings.pricePerSegmentRub,
      problems: [...new Set(problems)],
    },
  };
}

const notFound = () =>
  new RouteError(
    404,
    'sms_campaign_not_found',
    { ru: 'Такой рассылки нет', en: 'no such campaign' },
    { field: 'campaignId' },
  );

export async function loadCampaign(
  ctx: RouteContext,
  id: string,
): Promise<CampaignRecord & { text?: string; filter?: unknown; advertising?: boolean }> {
  try {
    return (await ctx.writer.records('smsCampaign').get(id)) as CampaignRecord & {
      text?: string;
      filter?: unknown;
      advertising?: boolean;
    };
  } catch (error) {
    if (
      (error as { status?: number }).status === 404 ||
      /not found|404/i.test(String((error as Error).message))
    )
      throw notFound();
    throw error;
  }
}

export async function previewCampaign(
  ctx: RouteContext,
  input: z.infer<typeof previewInput>,
): Promise<PreviewSummary> {
  if (input.campaignId) {
    const c = await loadCampaign(ctx, input.campaignId);
    return (
      await prepare(ctx, {
        text: c.text ?? '',
        advertising: c.advertising !== false,
        filter: filterOf((c.filter ?? {}) as AudienceFilter),
      })
    ).summary;
  }
  const { campaignId: _, text, service, ...filter } = input;
  return (await prepare(ctx, { text: text ?? '', advertising: service !== true, filter: filterOf(filter) }))
    .summary;
}

function refuseProblems(summary: PreviewSummary): void {
  const [first] = summary.problems;
  if (!first) return;
  const code = first.startsWith('Аудитория пуста')
    ? 'sms_empty_audience'
    : first.startsWith('Текст слишком')
      ? 'sms_text_too_long'
      : 'sms_bad_text';
  throw new RouteError(
    400,
    code,
    { ru: summary.problems.join('. '), en: summary.problems.join('. ') },
    { field: code === 'sms_empty_audience' ? 'source' : 'text' },
  );
}

export async function createCampaign(
  ctx: RouteContext & { dryRun?: boolean },
  input: z.infer<typeof createInput>,
) {
  const { name, text, service, ...rest } = input;
  const filter = filterOf(rest);
  const problems = textProblems(text, smsSettings.of(ctx).maxSegments);
  if (problems.length > 0)
    throw new RouteError(
      400,
      problems[0]?.startsWith('Текст слишком') ? 'sms_text_too_long' : 'sms_bad_text',
      { ru: problems.join('. ') },
      { field: 'text' },
    );
  const record = {
    name,
    text,
    advertising: service !== true,
    filter,
    filterText: describeFilter(filter),
    status: 'DRAFT' as CampaignStatus,
    provider: smsSettings.of(ctx).provider,
    author: ctx.principal.kind === 'staff' ? ctx.principal.email : 'система',
  };
  if (ctx.dryRun) return { dryRun: true, campaign: record };
  const created = (await ctx.writer.records('smsCampaign').create(record)) as { id: string };
  return { dryRun: false, id: created.id, campaign: record };
}

export async function sendCampaign(
  ctx: RouteContext & { dryRun?: boolean },
  input: z.infer<typeof sendInput>,
) {
  const campaign = await loadCampaign(ctx, input.campaignId);
  if (campaign.status !== 'DRAFT')
    throw new RouteError(409, 'sms_campaign_not_draft', {
      ru: `Рассылка уже ${campaign.status === 'CANCELLED' ? 'отменена' : campaign.status === 'DONE' ? 'завершена' : 'запущена'}; отправить можно только черновик`,
      en: 'only a draft campaign can be sent',
    });
  const filter = filterOf((campaign.filter ?? {}) as AudienceFilter);
  const { prepared, summary } = await prepare(ctx, {
    text: campaign.text ?? '',
    advertising: campaign.advertising !== false,
    filter,
  });
  refuseProblems(summary);
  const now = ctx.clock.now();
  const at = input.scheduledAt ? new Date(input.scheduledAt) : null;
  const status: CampaignStatus = at && at > now ? 'SCHEDULED' : 'SENDING';
  if (ctx.dryRun) return { dryRun: true, status, summary };
  await insertAudience(storageQuery(ctx.storage), input.campaignId, prepared, now);
  await ctx.writer.records('smsCampaign').update(input.campaignId, {
    status,
    scheduledAt: (at ?? now).toISOString(),
    ...(status === 'SENDING' ? { startedAt: now.toISOString() } : {}),
    audienceCount: summary.recipients,
    skippedCount: summary.skipped,
    segments: summary.segments,
    cost: { amountMicros: summary.costMicros, currencyCode: 'RUB' },
    sentCount: 0,
    deliveredCount: 0,
    failedCount: 0,
  });
  return { dryRun: false, status, summary };
}

export async function cancelCampaign(
  ctx: RouteContext & { dryRun?: boolean },
  input: z.infer<typeof cancelInput>,
) {
  const campaign = await loadCampaign(ctx, input.campaignId);
  if (campaign.status === 'DONE' || campaign.status === 'CANCELLED')
    throw new RouteError(409, 'sms_campaign_finished', {
      ru: `Рассылка уже ${campaign.status === 'DONE' ? 'завершена' : 'отменена'} — отменять нечего`,
      en: 'the campaign is already finished',
    });
  if (ctx.dryRun) return { dryRun: true, cancelled: 0 };
  const cancelled = await cancelQueued(storageQuery(ctx.storage), input.campaignId, ctx.clock.now());
  await ctx.writer
    .records('smsCampaign')
    .update(input.campaignId, { status: 'CANCELLED', finishedAt: ctx.clock.now().toISOString() });
  return { dryRun: false, cancelled };
}
