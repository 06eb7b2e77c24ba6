/**
 * The SMS plugin's HTTP routes: the /sms page (marketing, admins) and the provider's delivery
 * callback `POST /webhooks/sms/:provider` (public: the provider signs it; a forged or unsigned
 * callback is refused 401). A callback updates the store at once — delivery states and STOP
 * replies (the opt-out is effective for every campaign at once); the send job mirrors them into
 * Twenty (smsMessage statuses, campaign counts, person.smsOptOutAt) within seconds.
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { renderPage } from '../core/pages/index';
import { definePage, defineRoute, type PageAssets, RouteError } from '../core/plugin/index';
import { SMS_OBJECTS, SMS_ROLES } from './operations';
import { smsPageContent } from './pages/sms-page';
import { normalisePhone } from './rules/phone';
import {
  callbackSigned,
  codeText,
  deliveryStateOf,
  isStopWord,
  parseCallbackData,
  parseCallbackForm,
} from './rules/smsru';
import { smsSettings } from './settings';
import { applyDelivery, countsOf, recordOptOut, storageQuery } from './store';

export const smsPage = definePage({
  path: '/sms',
  title: { ru: 'SMS-рассылки', en: 'SMS campaigns' },
  roles: SMS_ROLES,
  order: 60,
});

export const smsAssets: PageAssets = {
  dir: fileURLToPath(new URL('./pages/assets', import.meta.url)),
  files: ['sms-page.js', 'sms-page.css'],
};

interface CampaignRow extends Record<string, unknown> {
  id: string;
  name: string | null;
  status: string | null;
  filter_text: string | null;
  advertising: boolean | null;
  scheduled_at: string | null;
  audience_count: number | null;
  sent_count: number | null;
  delivered_count: number | null;
  failed_count: number | null;
  skipped_count: number | null;
  cost_micros: string | null;
  created_at: string;
}

const page = defineRoute({
  method: 'GET',
  path: '/sms',
  roles: SMS_ROLES,
  description: 'SMS campaigns: the list with statuses and counts, a new campaign with a live preview',
  objects: SMS_OBJECTS,
  async handler(_request, ctx) {
    const campaigns = await ctx.reader.query<CampaignRow>(
      `select id::text as id, name, status, filter_text, advertising, scheduled_at::text as scheduled_at,
              audience_count, sent_count, delivered_count, failed_count, skipped_count,
              cost_amount_micros::text as cost_micros, created_at::text as created_at
         from {smsCampaign} order by created_at desc limit 200`,
    );
    // Counts of campaigns in flight come from the store (the record catches up with each batch).
    const live = await countsOf(
      storageQuery(ctx.storage),
      campaigns.filter((c) => c.status === 'SENDING' || c.status === 'SCHEDULED').map((c) => c.id),
    );
    const complexes = ctx.reader.has('residentialComplex')
      ? await ctx.reader.query<{ id: string; name: string | null; district: string | null }>(
          `select id::text as id, name, district from {residentialComplex} order by name limit 500`,
        )
      : [];
    const buildings = ctx.reader.has('building')
      ? await ctx.reader.query<{
          id: string;
          name: string | null;
          number: string | null;
          complex: string | null;
        }>(
          `select b.id::text as id, b.name, b.number, c.name as complex
             from {building} b left join {residentialComplex} c on c.id = b.complex_id
            order by c.name, b.number limit 2000`,
        )
      : [];
    const auctions = ctx.reader.has('auction')
      ? await ctx.reader.query<{ id: string; number: string | null; status: string | null }>(
          `select id::text as id, number, status from {auction} order by created_at desc limit 200`,
        )
      : [];
    const settings = smsSettings.of(ctx);
    return {
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: renderPage({
        title: smsPage.title,
        principal: ctx.principal,
        pages: ctx.pages,
        path: '/sms',
        content: smsPageContent({
          campaigns,
          live,
          complexes,
          buildings,
          auctions,
          settings,
          now: ctx.clock.now(),
        }),
        scripts: ['/assets/sms/sms-page.js'],
        styles: ['/assets/sms/sms-page.css'],
      }),
    };
  },
});

const webhook = defineRoute({
  method: 'POST',
  path: '/webhooks/sms/:provider',
  roles: ['public'],
  description:
    'the SMS provider’s delivery reports and replies (SMS.ru: data[] lines, signed hash; answered 100)',
  objects: [],
  params: z.object({ provider: z.string().max(40) }),
  body: 'raw',
  rawBodyTypes: ['application/x-www-form-urlencoded'],
  async handler({ params, body }, ctx) {
    if (params.provider !== 'smsru')
      throw new RouteError(404, 'sms_unknown_provider', {
        ru: `Неизвестный SMS-провайдер «${params.provider}»: обратные вызовы принимаются от smsru`,
        en: `unknown SMS provider ${params.provider}`,
      });
    const settings = smsSettings.of(ctx);
    const { data, hash } = parseCallbackForm(Buffer.isBuffer(body) ? body.toString('utf8') : '');
    if (!callbackSigned(settings.smsruApiId, data, hash)) {
      ctx.log.warn({ lines: data.length }, 'sms: a callback with a missing or wrong hash was refused');
      throw new RouteError(401, 'sms_callback_forged', {
        ru: 'Обратный вызов не подписан или подпись не сходится',
        en: 'the callback is unsigned or its hash does not match',
      });
    }
    const q = storageQuery(ctx.storage);
    const now = ctx.clock.now();
    let statuses = 0;
    let optOuts = 0;
    for (const line of parseCallbackData(data)) {
      if (line.kind === 'status') {
        const state = deliveryStateOf(line.code);
        if (!state || !line.smsId) continue;
        const error = state === 'FAILED' ? `${codeText(line.code)} (код ${line.code})` : null;
        if (await applyDelivery(q, line.smsId, state, error, line.at ?? now, now)) statuses += 1;
      } else if (line.kind === 'incoming' && isStopWord(line.text)) {
        const phone = normalisePhone(line.phone);
        if (!phone.ok) continue;
        await recordOptOut(q, phone.e164, 'smsru-reply', line.text, now);
        optOuts += 1;
      }
    }
    ctx.log.info({ statuses, optOuts }, 'sms: callback applied');
    return { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: '100' };
  },
});

export const smsRoutes = [page, webhook];
