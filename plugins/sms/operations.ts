/**
 * `realty sms-campaign create|preview|send|cancel` and `POST /api/operations/sms-campaign/…`:
 * one declaration each (core serves both doors). Writes have `--dry-run` (everything checked —
 * audience, consent, phones, length — nothing written).
 */

import { formatRubMicros } from '../core/pages/index';
import { defineOperation } from '../core/plugin/index';
import { AUDIENCE_OBJECTS } from './audience-read';
import { partsRu } from './rules/segments';
import { smsCampaign } from './schema';
import {
  cancelCampaign,
  cancelInput,
  createCampaign,
  createInput,
  type PreviewSummary,
  previewCampaign,
  previewInput,
  sendCampaign,
  sendInput,
} from './service';

export const SMS_ROLES = ['marketing'] as const;
export const SMS_OBJECTS = [smsCampaign, 'smsMessage', ...AUDIENCE_OBJECTS];

const dry = (dryRun: boolean, text: string) => (dryRun ? `пробный прогон: ${text}` : text);

export function previewText(s: PreviewSummary): string {
  const lines = [
    `аудитория: ${s.filterText}`,
    `найдено ${s.candidates}, получат ${s.recipients}, пропущено ${s.skipped}${s.skippedByReason.length ? ` (${s.skippedByReason.map((r) => `${r.ru} — ${r.count}`).join(', ')})` : ''}`,
    `частей: ${s.segments}, стоимость ≈ ${formatRubMicros(s.costMicros)} (${s.pricePerSegmentRub} ₽ за часть)`,
    `текст: ${partsRu(s.template.segments)}, ${s.template.units} знаков (${s.template.encoding === 'UCS2' ? 'кириллица' : 'латиница'})`,
  ];
  if (s.sample) lines.push(`пример для «${s.sample.name}»: ${s.sample.text}`);
  for (const p of s.problems) lines.push(`! ${p}`);
  return lines.join('\n');
}

export const createOperation = defineOperation({
  name: 'sms-campaign create',
  description: 'create a draft SMS campaign: name, text, audience filter',
  roles: SMS_ROLES,
  input: createInput,
  args: ['name'],
  writes: true,
  objects: SMS_OBJECTS,
  run: (input, ctx) => createCampaign(ctx, input),
  render: (r) =>
    r.dryRun ? dry(true, `рассылка «${r.campaign.name}» прошла проверку`) : `черновик создан: ${r.id}`,
  print: (r) => (r.dryRun ? '' : (r.id ?? '')),
});

export const previewOperation = defineOperation({
  name: 'sms-campaign preview',
  description: 'count a campaign’s audience, parts and cost before sending (who is skipped and why)',
  roles: SMS_ROLES,
  input: previewInput,
  args: ['campaignId'],
  writes: false,
  objects: SMS_OBJECTS,
  run: (input, ctx) => previewCampaign(ctx, input),
  render: previewText,
});

export const sendOperation = defineOperation({
  name: 'sms-campaign send',
  description: 'send a draft campaign now or at --scheduled-at (the send job delivers it at the set pace)',
  roles: SMS_ROLES,
  input: sendInput,
  args: ['campaignId'],
  writes: true,
  objects: SMS_OBJECTS,
  run: (input, ctx) => sendCampaign(ctx, input),
  render: (r) =>
    dry(
      r.dryRun,
      `${r.status === 'SCHEDULED' ? 'запланирована' : 'отправляется'}: ${r.summary.recipients} получателей, ${r.summary.segments} частей, ≈ ${formatRubMicros(r.summary.costMicros)}`,
    ),
});

export const cancelOperation = defineOperation({
  name: 'sms-campaign cancel',
  description: 'cancel a campaign: what is still queued is not sent',
  roles: SMS_ROLES,
  input: cancelInput,
  args: ['campaignId'],
  writes: true,
  objects: SMS_OBJECTS,
  run: (input, ctx) => cancelCampaign(ctx, input),
  render: (r) => dry(r.dryRun, `рассылка отменена; не отправлено ${r.cancelled}`),
});

export const smsOperations = [createOperation, previewOperation, sendOperation, cancelOperation];
