/** notes-demo's one setting: NOTES_DEMO_DIGEST_HOUR, the hour (0–23, Moscow) of the daily digest. */
import { z } from 'zod';
import { defineSettings } from '../../plugins/core/settings/index';

export const DEFAULT_DIGEST_HOUR = 7;

export const notesDemoSettings = defineSettings('notes-demo', {
  digestHour: {
    schema: z
      .string()
      .optional()
      .transform((v) => (v === undefined ? DEFAULT_DIGEST_HOUR : Number(v)))
      .refine((n) => Number.isInteger(n) && n >= 0 && n <= 23, 'expected an hour 0-23'),
    description: 'the hour (Moscow time) the daily notes digest is prepared',
    example: '7',
  },
});
