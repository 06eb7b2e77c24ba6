/**
 * The documents' jobs: attach what is not yet attached (attach.ts), and complete the documents
 * a handler made with blanks — the record's event can reach the documents before a related
 * record (a participant, a payment) reached the read model; a minute later the document is made
 * again and kept as a new version when the values now differ (the hash decides).
 */
import { every, type PluginContext, RouteError } from '../core/plugin/index';
import { systemStorage } from './attach';
import { generateFor } from './handlers';
import { isTemplateName } from './vocabulary';

/** How long after it was made a document with blanks is tried again. */
export const REFRESH_WINDOW_HOURS = 24;

export async function refreshIncomplete(ctx: PluginContext, limit = 50): Promise<number> {
  const rows = await systemStorage(ctx).query<{ template: string; record_id: string }>(
    `select template, record_id from (
       select distinct on (template, record_id) template, record_id, missing, created_at, created_by
         from documents_versions order by template, record_id, version desc) latest
      where jsonb_array_length(missing) > 0 and created_by like 'documents (%'
        and created_at > now() - make_interval(hours => $1)
      order by created_at limit $2`,
    [REFRESH_WINDOW_HOURS, limit],
  );
  let made = 0;
  for (const row of rows) {
    if (!isTemplateName(row.template)) continue;
    try {
      if ((await generateFor(ctx, row.template, row.record_id, 'повторно, с дополненными данными')).created)
        made++;
    } catch (error) {
      // The record was deleted or no longer fits the template: nothing to complete.
      if (!(error instanceof RouteError)) throw error;
      ctx.log.info(
        { template: row.template, recordId: row.record_id, code: error.code },
        'documents: not refreshed',
      );
    }
  }
  return made;
}

export const refreshJob = every('* * * * *', 'refresh-incomplete', async (_input, ctx) => {
  await refreshIncomplete(ctx);
});
