/**
 * The daily report's job. node-cron's schedule is fixed when the plugin is declared, the time is a
 * setting: so the job looks every minute whether the configured Moscow time has come and the day's
 * report is not stored yet — a restart, a late start or a second instance never build it twice.
 */
import { every } from '../core/plugin/index';
import { dueNow, runDailyReport } from './daily';
import { reportsSettings } from './settings';

export const dailyReportJob = every('* * * * *', 'daily-report', async (_event, ctx) => {
  const { dailyTime, dailyEnabled } = reportsSettings.of(ctx);
  if (!dailyEnabled || !dueNow(ctx.clock.now(), dailyTime)) return;
  await runDailyReport(ctx);
});

export const reportsJobs = [dailyReportJob];
