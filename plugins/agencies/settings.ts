/**
 * The agencies plugin's settings (AGENCIES_…; every problem is one line naming the variable).
 * The signing keys themselves are the core's PARTNER_JWT_KEYS (`kid:secret,…`: the first key
 * signs, every key verifies, so keys rotate without downtime); without it the app generates one
 * key into its store (fine on a laptop, not for a server).
 */
import { z } from 'zod';
import { defineSettings, type HasSettings } from '../core/settings/index';

const wholeNumber = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined ? fallback : Number(v)))
    .refine((n) => Number.isInteger(n) && n >= min && n <= max, `expected a whole number ${min}–${max}`);

export const PARTNER_TOKEN_MAX_TTL_SECONDS = 15 * 60;

export const agenciesSettings = defineSettings('agencies', {
  tokenTtlSeconds: {
    schema: wholeNumber(PARTNER_TOKEN_MAX_TTL_SECONDS, 30, PARTNER_TOKEN_MAX_TTL_SECONDS),
    description: 'lifetime of a partner API token in seconds (at most 900: 15 minutes)',
    example: '600',
  },
  rateLimitPerMinute: {
    schema: wholeNumber(120, 1, 100_000),
    description:
      'partner requests per agency per minute (API and portal together); over it: 429 with Retry-After',
    example: '120',
  },
  sessionTtlMinutes: {
    schema: wholeNumber(8 * 60, 5, 7 * 24 * 60),
    description: 'how long a partner portal session lasts without use (sliding), in minutes',
    example: '480',
  },
  maxFailedSignIns: {
    schema: wholeNumber(5, 1, 100),
    description: 'wrong passwords in a row before an agency user is locked out',
    example: '5',
  },
  lockoutMinutes: {
    schema: wholeNumber(15, 1, 24 * 60),
    description: 'how long a locked-out agency user waits before trying again, in minutes',
    example: '15',
  },
  accessLogDays: {
    schema: wholeNumber(365, 1, 3650),
    description: 'how many days partner access-log rows are kept (older ones are deleted daily)',
    example: '365',
  },
  resetLinkHours: {
    schema: wholeNumber(24, 1, 7 * 24),
    description: 'how long a password link an admin issued stays valid, in hours',
    example: '24',
  },
});

export interface AgenciesSettings {
  readonly tokenTtlSeconds: number;
  readonly rateLimitPerMinute: number;
  readonly sessionTtlMinutes: number;
  readonly maxFailedSignIns: number;
  readonly lockoutMinutes: number;
  readonly resetLinkHours: number;
  readonly accessLogDays: number;
}

export const DEFAULT_AGENCIES_SETTINGS: AgenciesSettings = {
  tokenTtlSeconds: PARTNER_TOKEN_MAX_TTL_SECONDS,
  rateLimitPerMinute: 120,
  sessionTtlMinutes: 8 * 60,
  maxFailedSignIns: 5,
  lockoutMinutes: 15,
  resetLinkHours: 24,
  accessLogDays: 365,
};

export function agenciesSettingsOf(ctx: HasSettings): AgenciesSettings {
  return ctx.settings.has('agencies') ? agenciesSettings.of(ctx) : DEFAULT_AGENCIES_SETTINGS;
}
