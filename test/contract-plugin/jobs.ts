/** Scheduled work: the daily digest (it only logs here; a real plugin would write a report). */
import { every } from '../../plugins/core/plugin/index';
import { notesDemoSettings } from './settings';

export const notesDemoJobs = [
  every('0 7 * * *', 'daily-digest', (_event, ctx) => {
    ctx.log.info({ hour: notesDemoSettings.of(ctx).digestHour }, 'notes digest prepared');
  }),
];
