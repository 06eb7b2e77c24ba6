/**
 * Attaching a kept version to its Twenty record through the sdk's files API
 * (`twenty.files.attach`: era C upload, era B fallback — C22), the version's id as the
 * attachment's id so a repeat after a crash attaches nothing twice. The bytes stay in
 * `documents_versions`; an attempt that fails is recorded and the attach job tries again every
 * minute (at most ten times).
 */
import { dataAccessOf } from '../core/access/index';
import { every, type PluginContext } from '../core/plugin/index';
import { beginAttach, markAttached, unattachedVersions, versionBytes } from './documents-store';
import { DOCX_TYPE } from './generate';

/** The documents' own tables in a system context (handlers, jobs), as core's data access opens them. */
export const systemStorage = (ctx: PluginContext) =>
  dataAccessOf(ctx, 'documents', { reader: false }).storage;

/** The name the attachment carries: the file's stem with its version. */
export const attachmentName = (fileName: string, version: number) =>
  fileName.replace(/\.docx$/, `-v${version}.docx`);

/** Attaches one version; false when it failed (recorded, the job tries again). */
export async function attachVersion(ctx: PluginContext, id: string): Promise<boolean> {
  const storage = systemStorage(ctx);
  const found = await versionBytes(storage, id);
  if (!found || found.row.attachment_id) return true;
  const earlier = await beginAttach(storage, id);
  try {
    const r = await ctx.twenty.files.attach({
      attachmentId: found.row.id,
      // The first attempt: no attachment with this id can exist, so the sdk looks none up.
      attachmentIsNew: earlier === 0,
      object: found.row.record_object,
      recordId: found.row.record_id,
      fileName: attachmentName(found.row.file_name, found.row.version),
      contentType: DOCX_TYPE,
      body: found.bytes,
    });
    await markAttached(storage, id, { fileId: r.fileId, attachmentId: r.attachmentId });
    return true;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    ctx.log.warn(
      { versionId: id, err: message },
      'documents: attaching a version to Twenty failed; the job retries',
    );
    await markAttached(storage, id, { error: message });
    return false;
  }
}

export async function attachPending(ctx: PluginContext, limit = 20): Promise<number> {
  let done = 0;
  for (const row of await unattachedVersions(systemStorage(ctx), limit))
    if (await attachVersion(ctx, row.id)) done++;
  return done;
}

export const attachJob = every('* * * * *', 'attach-pending', async (_input, ctx) => {
  await attachPending(ctx);
});
