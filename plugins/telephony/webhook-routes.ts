/**
 * The PBX's door: `POST /webhooks/telephony/:provider` (and its sub-paths: Mango appends
 * `/events/call`, `/events/summary`) — public, but only a request signed with the provider's secret
 * is taken (401 otherwise, compared in constant time); `GET` answers Zadarma's `?zd_echo=` URL check.
 * The events go to the plugin's own tables and the live bus; nothing here reads or writes records
 * (the anonymous principal may not): the operator's page and the sync job write the call cards.
 */
import { z } from 'zod';
import { defineRoute, type RouteContext, RouteError } from '../core/plugin/index';
import { recordEvent } from './inbox';
import { callBus } from './live';
import { PROVIDER_RU } from './originate';
import { type PbxEvent, PROVIDERS, type Provider } from './rules/call-events';
import { mangoEvent, mangoSigned, PbxPayloadError } from './rules/mango';
import { zadarmaEvent, zadarmaSigned } from './rules/zadarma';
import { telephonySettingsOf } from './settings';

const FORM_TYPES = ['application/x-www-form-urlencoded'];

function providerOf(value: string): Provider {
  if ((PROVIDERS as readonly string[]).includes(value)) return value as Provider;
  throw new RouteError(404, 'telephony_unknown_provider', {
    ru: `АТС «${value}» не поддерживается; адреса: /webhooks/telephony/mango, /webhooks/telephony/zadarma`,
    en: `unknown provider ${value}: use mango or zadarma`,
  });
}

const unsigned = (provider: Provider) =>
  new RouteError(401, 'telephony_bad_signature', {
    ru: `Запрос не подписан ключом ${PROVIDER_RU[provider]} из настроек или подпись не сходится`,
    en: `the request is not signed with the configured ${provider} key`,
  });

/** Mango's event path when the URL had none: told by the JSON itself. */
const mangoPathOf = (suffix: string, json: string) =>
  suffix !== ''
    ? suffix
    : json.includes('"call_state"')
      ? 'events/call'
      : json.includes('"entry_result"')
        ? 'events/summary'
        : '';

/** Checks the signature and turns the form into an event (undefined: nothing we keep). */
export function verifiedEvent(
  provider: Provider,
  suffix: string,
  body: Buffer,
  headers: Record<string, string | string[] | undefined>,
  ctx: Pick<RouteContext, 'settings'>,
  receivedAt: string,
): PbxEvent | undefined {
  const settings = telephonySettingsOf(ctx);
  const form = new URLSearchParams(body.toString('utf8'));
  try {
    if (provider === 'mango') {
      if (!mangoSigned(form, { apiKey: settings.mangoApiKey, apiSalt: settings.mangoApiSalt }))
        throw unsigned(provider);
      const json = form.get('json') ?? '';
      return mangoEvent(mangoPathOf(suffix, json), json, receivedAt);
    }
    const header = headers.signature;
    const signature = Array.isArray(header) ? header[0] : header;
    if (!zadarmaSigned(form, signature, { key: settings.zadarmaKey, secret: settings.zadarmaSecret }))
      throw unsigned(provider);
    return zadarmaEvent(form, receivedAt);
  } catch (error) {
    if (error instanceof PbxPayloadError)
      throw new RouteError(400, 'telephony_bad_event', { ru: error.ru, en: 'the event cannot be read' });
    throw error;
  }
}

async function takeEvent(
  request: {
    params: { provider: string; '*'?: string };
    body: Buffer;
    headers: Record<string, string | string[] | undefined>;
  },
  ctx: RouteContext,
) {
  const provider = providerOf(request.params.provider);
  const now = ctx.clock.now();
  const event = verifiedEvent(
    provider,
    request.params['*'] ?? '',
    request.body,
    request.headers,
    ctx,
    now.toISOString(),
  );
  if (event) {
    const { row, fresh } = await recordEvent(ctx.storage, event, now);
    if (row && fresh) callBus.publish(row);
  }
  // Mango and Zadarma want a 200; Zadarma reads a JSON body of NOTIFY_START as call routing: none.
  return { headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'OK' };
}

const webhookParams = z.object({ provider: z.string(), '*': z.string().optional() });

const webhookRoute = defineRoute({
  method: 'POST',
  path: '/webhooks/telephony/:provider',
  roles: ['public'],
  description: 'PBX events (Mango Office, Zadarma): signed form POSTs; unsigned or forged → 401',
  objects: [],
  params: webhookParams,
  body: 'raw',
  rawBodyTypes: FORM_TYPES,
  handler: (request, ctx) => takeEvent(request, ctx),
});

const webhookSubRoute = defineRoute({
  method: 'POST',
  path: '/webhooks/telephony/:provider/*',
  roles: ['public'],
  description: 'PBX events at the path Mango appends (/events/call, /events/summary, …)',
  objects: [],
  params: webhookParams,
  body: 'raw',
  rawBodyTypes: FORM_TYPES,
  handler: (request, ctx) => takeEvent(request, ctx),
});

const echoRoute = defineRoute({
  method: 'GET',
  path: '/webhooks/telephony/:provider',
  roles: ['public'],
  description: 'Zadarma’s URL check: answers the zd_echo value',
  objects: [],
  params: z.object({ provider: z.string() }),
  query: z.object({
    zd_echo: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,128}$/, 'латинские буквы, цифры, «_», «-», «.» — до 128 знаков')
      .optional(),
  }),
  labels: { zd_echo: 'Проверочная строка zd_echo' },
  handler(request) {
    providerOf(request.params.provider);
    if (request.query.zd_echo === undefined)
      throw new RouteError(
        400,
        'telephony_no_echo',
        {
          ru: 'Адрес принимает события АТС методом POST; GET — только проверка Zadarma с ?zd_echo=',
          en: 'POST events here; GET only answers ?zd_echo=',
        },
        { field: 'zd_echo' },
      );
    return { headers: { 'content-type': 'text/plain; charset=utf-8' }, body: request.query.zd_echo };
  },
});

export const webhookRoutes = [webhookRoute, webhookSubRoute, echoRoute];
