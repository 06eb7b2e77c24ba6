/**
 * The portal's settings (PORTAL_…): who may call the site API from a browser (CORS), how many
 * requests one address may make, and the sales agent every feed offer names.
 */
import { z } from 'zod';
import { defineSettings, type HasSettings } from '../core/settings/index';

const wholeNumber = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined ? fallback : Number(v)))
    .refine((n) => Number.isInteger(n) && n >= min && n <= max, `expected a whole number ${min}–${max}`);

const text = (fallback: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? fallback : v.trim()));

/** `https://site.ru,https://www.site.ru` → origins; `*` allows any. */
const origins = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim().replace(/\/+$/, ''))
      .filter((s) => s !== ''),
  )
  .refine(
    (list) => list.every((o) => o === '*' || /^https?:\/\/[^/\s]+$/.test(o)),
    'expected origins like https://site.ru separated by commas (or *)',
  );

export const portalSettings = defineSettings('portal', {
  corsOrigins: {
    schema: origins,
    description: 'origins whose pages may call /portal/v1 from a browser (CORS), comma-separated; * = any',
    example: 'https://novostroyki.example.ru',
  },
  rateLimitPerMinute: {
    schema: wholeNumber(300, 1, 1_000_000),
    description: 'site API and feed requests per client address per minute; over it: 429 with Retry-After',
    example: '300',
  },
  salesAgentName: {
    schema: text('Отдел продаж'),
    description: 'sales-agent/name in the feeds',
    example: 'Отдел продаж',
  },
  salesAgentPhone: {
    schema: text('+74950000000'),
    description: 'sales-agent/phone in the feeds (E.164)',
    example: '+74951234567',
  },
  salesAgentOrganization: {
    schema: text('Застройщик'),
    description: 'sales-agent/organization in the feeds: the developer’s name',
    example: 'АО «Застройщик»',
  },
  salesAgentEmail: {
    schema: text(''),
    description: 'sales-agent/email in the feeds (optional)',
    example: 'sales@example.ru',
  },
  siteUrl: {
    schema: text(''),
    description: 'the website: offer/url becomes <site>/units/<id> when set (optional)',
    example: 'https://novostroyki.example.ru',
  },
});

export interface PortalSettings {
  readonly corsOrigins: readonly string[];
  readonly rateLimitPerMinute: number;
  readonly salesAgentName: string;
  readonly salesAgentPhone: string;
  readonly salesAgentOrganization: string;
  readonly salesAgentEmail: string;
  readonly siteUrl: string;
}

export function portalSettingsOf(ctx: HasSettings): PortalSettings {
  return portalSettings.of(ctx) as PortalSettings;
}
