/**
 * The telephony plugin's settings (environment variables, secrets never shown):
 * - TELEPHONY_MANGO_API_KEY / TELEPHONY_MANGO_API_SALT — the VPBX's «уникальный код» and «ключ для
 *   создания подписи» (Mango cabinet → Интеграции → API); unset: Mango webhooks are refused (401).
 * - TELEPHONY_MANGO_API_URL — where Mango's commands go (default https://app.mango-office.ru/vpbx/).
 * - TELEPHONY_ZADARMA_KEY / TELEPHONY_ZADARMA_SECRET — the API key and secret (my.zadarma.com → API).
 * - TELEPHONY_ZADARMA_API_URL — the REST API (default https://api.zadarma.com).
 * - TELEPHONY_OPERATORS — `extension=memberId,…`: which workspace member sits at which extension
 *   (screen pops go to them, click-to-call rings them, calls record them as the operator).
 * - TELEPHONY_CALLBACK_GROUP — workspace member ids (comma-separated) who get missed-call tasks, in turn.
 * - TELEPHONY_ORIGINATE_PROVIDER — `mango` or `zadarma`: who places click-to-call calls (default:
 *   the one configured, Mango first).
 */
import { z } from 'zod';
import { defineSettings, type HasSettings } from '../core/settings/index';
import type { Provider } from './rules/call-events';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? '' : v.trim()));

const url = (fallback: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? fallback : v.trim()))
    .refine((v) => /^https?:\/\/[^\s]+$/.test(v), 'expected an http(s) URL');

export const telephonySettings = defineSettings('telephony', {
  mangoApiKey: { schema: optionalText, description: 'Mango VPBX API key (vpbx_api_key)', secret: true },
  mangoApiSalt: { schema: optionalText, description: 'Mango VPBX signing salt', secret: true },
  mangoApiUrl: {
    schema: url('https://app.mango-office.ru/vpbx/'),
    description: 'Mango VPBX API base for commands (callback)',
    example: 'https://app.mango-office.ru/vpbx/',
  },
  zadarmaKey: { schema: optionalText, description: 'Zadarma API key', secret: true },
  zadarmaSecret: {
    schema: optionalText,
    description: 'Zadarma API secret (signs webhooks and requests)',
    secret: true,
  },
  zadarmaApiUrl: {
    schema: url('https://api.zadarma.com'),
    description: 'Zadarma REST API base',
    example: 'https://api.zadarma.com',
  },
  operators: {
    schema: z
      .string()
      .optional()
      .transform((v) =>
        (v ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '')
          .map((pair) => {
            const [extension = '', memberId = ''] = pair.split('=').map((s) => s.trim());
            return { extension, memberId: memberId.toLowerCase() };
          }),
      )
      .refine(
        (list) => list.every((o) => /^\d{1,8}$/.test(o.extension) && UUID.test(o.memberId)),
        'expected extension=workspaceMemberId pairs separated by commas (101=6f1c…)',
      ),
    description: 'operators: extension=workspace member id, comma-separated',
    example: '101=20202020-0687-4c41-b707-ed1bfca972a7',
  },
  callbackGroup: {
    schema: z
      .string()
      .optional()
      .transform((v) =>
        (v ?? '')
          .split(',')
          .map((s) => s.trim().toLowerCase())
          .filter((s) => s !== ''),
      )
      .refine(
        (list) => list.every((id) => UUID.test(id)),
        'expected workspace member ids separated by commas',
      ),
    description: 'workspace members who get missed-call tasks, in turn (empty: tasks unassigned)',
    example: '20202020-0687-4c41-b707-ed1bfca972a7',
  },
  originateProvider: {
    schema: z
      .string()
      .optional()
      .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim().toLowerCase()))
      .pipe(z.enum(['mango', 'zadarma'], { message: 'expected mango or zadarma' }).optional()),
    description: 'who places click-to-call calls: mango or zadarma (default: the configured one)',
    example: 'mango',
  },
});

export type TelephonySettings = ReturnType<typeof telephonySettings.of>;

export const telephonySettingsOf = (ctx: HasSettings): TelephonySettings => telephonySettings.of(ctx);

/** The member at an extension, and the extension of a member. */
export const memberAtExtension = (s: TelephonySettings, extension: string | null | undefined) =>
  extension ? s.operators.find((o) => o.extension === extension)?.memberId : undefined;
export const extensionOfMember = (s: TelephonySettings, memberId: string) =>
  s.operators.find((o) => o.memberId === memberId.toLowerCase())?.extension;

export function originateProviderOf(s: TelephonySettings): Provider | undefined {
  if (s.originateProvider) return s.originateProvider;
  if (s.mangoApiKey && s.mangoApiSalt) return 'mango';
  if (s.zadarmaKey && s.zadarmaSecret) return 'zadarma';
  return undefined;
}
