/** The reports' settings: when the daily report is built and whom its note in Twenty addresses. */
import { z } from 'zod';
import { defineSettings, settingSchemas } from '../core/settings/index';

export const DEFAULT_DAILY_TIME = '07:00';

export const reportsSettings = defineSettings('reports', {
  dailyTime: {
    schema: z
      .string()
      .optional()
      .transform((v) => (v === undefined || v.trim() === '' ? DEFAULT_DAILY_TIME : v.trim()))
      .pipe(
        z
          .string()
          .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'expected a Moscow time HH:MM, e.g. 07:00' }),
      ),
    description: 'when the daily report is built each day, Moscow time (HH:MM)',
    example: '07:00',
  },
  dailyRecipients: {
    schema: settingSchemas.emailList,
    description: 'management’s e-mails (comma-separated) the daily report’s note in Twenty is addressed to',
    example: 'director@developer.ru,cfo@developer.ru',
  },
  dailyEnabled: {
    schema: z
      .string()
      .optional()
      .transform((v) => v === undefined || !['0', 'false', 'no', 'off'].includes(v.trim().toLowerCase())),
    description: 'set to false to stop building the daily report',
    example: 'true',
  },
});

export type ReportsSettings = ReturnType<typeof reportsSettings.of>;
