/**
 * Click-to-call through the provider's originate API: the PBX first rings the operator's
 * extension, then dials the client. Mango: POST `<api>/commands/callback`, the signed form with
 * `{command_id, from:{extension}, to_number}`; Zadarma: GET `<api>/v1/request/callback/?from=…&to=…`
 * with `Authorization: key:signature`. The base URLs are settings (tests point them at a local fake).
 */
import { RouteError } from '../core/plugin/index';
import type { Provider } from './rules/call-events';
import { mangoCallbackCommand, mangoForm } from './rules/mango';
import { providerDigits } from './rules/phone';
import { zadarmaAuthorization, zadarmaParams } from './rules/zadarma';
import type { TelephonySettings } from './settings';

export const ORIGINATE_TIMEOUT_MS = 8_000;
export const PROVIDER_RU: Readonly<Record<Provider, string>> = { mango: 'Mango Office', zadarma: 'Zadarma' };

const joinUrl = (base: string, path: string) => `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;

function refused(provider: Provider, reason: string): RouteError {
  return new RouteError(502, 'telephony_originate_failed', {
    ru: `АТС ${PROVIDER_RU[provider]} не приняла вызов: ${reason}`,
    en: `${provider} refused the call: ${reason}`,
  });
}

async function send(
  provider: Provider,
  url: string,
  init: RequestInit,
): Promise<{ status: number; text: string }> {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(ORIGINATE_TIMEOUT_MS) });
    return { status: res.status, text: await res.text() };
  } catch (error) {
    const timeout = (error as Error).name === 'TimeoutError';
    throw refused(provider, timeout ? `нет ответа за ${ORIGINATE_TIMEOUT_MS / 1000} с` : 'нет связи с API');
  }
}

const jsonOf = (text: string): Record<string, unknown> => {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

/** Places the call; answers what the provider said. Throws a RouteError (502) the page shows. */
export async function originateCall(
  settings: TelephonySettings,
  provider: Provider,
  input: { commandId: string; extension: string; e164: string },
): Promise<{ provider: Provider; answer: string }> {
  if (provider === 'mango') {
    const form = mangoForm(
      { apiKey: settings.mangoApiKey, apiSalt: settings.mangoApiSalt },
      mangoCallbackCommand(input.commandId, input.extension, providerDigits(input.e164)),
    );
    const res = await send(provider, joinUrl(settings.mangoApiUrl, 'commands/callback'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    const result = jsonOf(res.text).result;
    // 1000 is Mango's "done"; other codes say why not.
    if (res.status !== 200 || (result !== undefined && Number(result) !== 1000))
      throw refused(provider, `ответ ${res.status}${result !== undefined ? `, код ${String(result)}` : ''}`);
    return { provider, answer: res.text.slice(0, 500) };
  }
  const method = '/v1/request/callback/';
  const params = { from: input.extension, to: providerDigits(input.e164) };
  const res = await send(provider, `${joinUrl(settings.zadarmaApiUrl, method)}?${zadarmaParams(params)}`, {
    method: 'GET',
    headers: {
      authorization: zadarmaAuthorization(method, params, {
        key: settings.zadarmaKey,
        secret: settings.zadarmaSecret,
      }),
    },
  });
  const body = jsonOf(res.text);
  if (res.status !== 200 || body.status !== 'success')
    throw refused(
      provider,
      `ответ ${res.status}${typeof body.message === 'string' ? `: ${body.message}` : ''}`,
    );
  return { provider, answer: res.text.slice(0, 500) };
}

/**
 * A fresh link to a Zadarma call recording (`GET /v1/pbx/record/request/?call_id=<call_id_with_rec>`
 * → `{status:"success", link}` or `{links:[…]}`); the links expire, so the card keeps our URL and
 * this asks anew on every click.
 */
export async function zadarmaRecordingLink(
  settings: TelephonySettings,
  recordingId: string,
): Promise<string> {
  const method = '/v1/pbx/record/request/';
  const params = { call_id: recordingId, lifetime: '3600' };
  const res = await send('zadarma', `${joinUrl(settings.zadarmaApiUrl, method)}?${zadarmaParams(params)}`, {
    method: 'GET',
    headers: {
      authorization: zadarmaAuthorization(method, params, {
        key: settings.zadarmaKey,
        secret: settings.zadarmaSecret,
      }),
    },
  });
  const body = jsonOf(res.text);
  const links = Array.isArray(body.links) ? body.links : [];
  const link =
    typeof body.link === 'string' ? body.link : typeof links[0] === 'string' ? links[0] : undefined;
  if (res.status !== 200 || body.status !== 'success' || !link || !/^https?:\/\//.test(link))
    throw new RouteError(502, 'telephony_recording_failed', {
      ru: `Zadarma не отдала запись разговора: ответ ${res.status}${typeof body.message === 'string' ? `: ${body.message}` : ''}`,
      en: 'zadarma gave no recording link',
    });
  return link;
}
