/**
 * The SMS plugin's settings (environment):
 * - SMS_PROVIDER — `log` (default: messages are written to the log and the store, nothing leaves
 *   the machine) or `smsru` (SMS.ru's HTTP API);
 * - SMS_SMSRU_API_ID — the SMS.ru account's api_id (secret; also checks delivery callbacks);
 * - SMS_SMSRU_BASE_URL — default https://sms.ru (tests point it at a local fake gateway);
 * - SMS_SMSRU_FROM — an approved sender name (optional);
 * - SMS_MESSAGES_PER_SECOND, SMS_BATCH_SIZE, SMS_REQUEST_TIMEOUT_MS — the pace and the request;
 * - SMS_QUIET_HOURS — `21:00-09:00` Moscow time: campaign SMS wait until they end;
 * - SMS_PRICE_PER_SEGMENT_RUB — one SMS part's price for the preview's cost (default 4.5);
 * - SMS_MAX_SEGMENTS — the most parts one message may take (default 6).
 */
import { z } from 'zod';
import { defineSettings, settingSchemas } from '../core/settings/index';
import { parseQuietHours } from './rules/quiet-hours';

const wholeNumber = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined ? fallback : Number(v)))
    .refine((n) => Number.isInteger(n) && n >= min && n <= max, `expected a whole number ${min}…${max}`);

export const smsSettings = defineSettings('sms', {
  provider: {
    schema: z
      .string()
      .optional()
      .transform((v) => (v ?? 'log').trim().toLowerCase())
      .pipe(z.enum(['log', 'smsru'], { message: 'expected log or smsru' })),
    description: 'where campaign SMS go: log (dev: the log and the store only) or smsru (SMS.ru HTTP API)',
    example: 'smsru',
  },
  smsruApiId: {
    schema: z
      .string()
      .optional()
      .transform((v) => v ?? ''),
    description: 'the SMS.ru api_id (sends and checks delivery callbacks)',
    secret: true,
  },
  smsruBaseUrl: {
    schema: z
      .string()
      .optional()
      .transform((v) => (v ?? 'https://sms.ru').replace(/\/+$/, ''))
      .refine((v) => /^https?:\/\/[^\s]+$/.test(v), 'expected an http(s) URL'),
    description: 'SMS.ru API base URL',
    example: 'https://sms.ru',
  },
  smsruFrom: {
    schema: z
      .string()
      .optional()
      .transform((v) => v ?? ''),
    description: 'an approved SMS.ru sender name (empty: the account default)',
  },
  messagesPerSecond: {
    schema: settingSchemas.positiveNumber(20),
    description: 'the most SMS handed to the provider per second',
    example: '20',
  },
  batchSize: {
    schema: wholeNumber(50, 1, 100),
    description: 'SMS per provider request (SMS.ru takes at most 100)',
    example: '50',
  },
  requestTimeoutMs: {
    schema: settingSchemas.milliseconds(15_000, 100),
    description:
      'how long a provider request may take; after that its SMS count as unconfirmed, never resent',
    example: '15000',
  },
  quietHours: {
    schema: z
      .string()
      .optional()
      .transform((v) => v ?? '21:00-09:00')
      .refine((v) => parseQuietHours(v) !== null, 'expected HH:MM-HH:MM, e.g. 21:00-09:00')
      .transform((v) => parseQuietHours(v) as NonNullable<ReturnType<typeof parseQuietHours>>),
    description: 'Moscow-time hours without campaign SMS (00:00-00:00: none)',
    example: '21:00-09:00',
  },
  pricePerSegmentRub: {
    schema: settingSchemas.positiveNumber(4.5),
    description: 'the price of one SMS part, for the preview’s cost',
    example: '4.5',
  },
  maxSegments: {
    schema: wholeNumber(6, 1, 8),
    description: 'the most parts one message may take',
    example: '6',
  },
});

export type SmsSettings = ReturnType<typeof smsSettings.of>;
