/**
 * The send job (every 10 seconds, one instance at a time): runs or resumes every campaign due,
 * mirrors delivery reports into Twenty and marks people who replied STOP.
 */
import { every } from '../core/plugin/index';
import { runDueCampaigns } from './runner';

export const sendJob = every('*/10 * * * * *', 'send', async (_event, ctx) => {
  const results = await runDueCampaigns(ctx);
  for (const r of results)
    if (r.sent > 0 || r.failed > 0 || r.outcome === 'paused')
      ctx.log.info(
        { campaignId: r.campaignId, outcome: r.outcome, sent: r.sent, failed: r.failed, note: r.note },
        'sms: campaign run',
      );
});
