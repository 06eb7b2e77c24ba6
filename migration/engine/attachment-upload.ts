/**
 * The bytes of migrated attachments (Salesforce Attachment bodies,
 * ContentVersion files) go to Twenty through `client.files` (contract C22)
 * just before their attachment records are written. Resumable per file: an
 * uploaded file's id is checkpointed at once, so a run killed between the
 * upload and the record reuses it; an attachment that already holds its file
 * (era C `file`, era B `fullPath`) is never uploaded again.
 */
import {
  fileCategoryOf,
  TwentyApiError,
  type TwentyClient,
  TwentyFileSizeError,
  type TwentyRecord,
} from '../../sdk/index';
import type { ExportSource } from '../source/export-source';
import type { Checkpoint } from './checkpoint';
import type { AttachmentFile } from './convert';
import type { WriteItem } from './writer';

/** Paths the pre-upload migration wrote into `fullPath` (`salesforce/Attachments/<Id>`): no bytes behind them. */
const LINK_ONLY_PATH = /^(salesforce|dynamics)\//;

export function holdsFile(stored: TwentyRecord | undefined): boolean {
  if (!stored) return false;
  if (Array.isArray(stored.file) && stored.file.length > 0) return true;
  return (
    typeof stored.fullPath === 'string' && stored.fullPath !== '' && !LINK_ONLY_PATH.test(stored.fullPath)
  );
}

/** A refusal that concerns this one file (too big, refused by Twenty), not the run. */
function refusedFile(error: unknown): string | undefined {
  if (error instanceof TwentyFileSizeError) return error.message;
  if (error instanceof TwentyApiError && error.status >= 400 && error.status < 500 && error.status !== 429)
    return `${error.status}: ${error.messages.join('; ')}`;
  return undefined;
}

export class AttachmentUploader {
  uploads = 0;

  constructor(
    private readonly client: TwentyClient,
    private readonly source: ExportSource,
    private readonly checkpoint: Checkpoint,
    private readonly dryRun: boolean,
  ) {}

  /**
   * Puts each item's file into its payload (era C `file: [{ fileId, label }]`, era B `fullPath`),
   * uploading what is not in Twenty yet. Answers the items whose file was refused, with why.
   */
  async prepare(
    items: WriteItem[],
    files: ReadonlyMap<string, AttachmentFile>,
    existing: ReadonlyMap<string, TwentyRecord>,
  ): Promise<Map<string, string>> {
    const refused = new Map<string, string>();
    if (this.dryRun) return refused;
    for (const item of items) {
      const file = files.get(item.id);
      if (!file || holdsFile(existing.get(item.id))) continue;
      this.checkpoint.data.files ??= {};
      let saved = this.checkpoint.data.files[item.id];
      if (!saved) {
        const binary = this.source.binary(file.folder, file.key);
        if (!binary) {
          refused.set(item.id, `${file.column}: the file ${file.folder}/${file.key} is not in the export`);
          continue;
        }
        try {
          // Streamed from the export (zip entry or file), opened again if the PUT is repeated.
          const uploaded = await this.client.files.upload({
            fileName: file.fileName,
            contentType: file.contentType,
            body: { size: binary.size, open: () => binary.open() },
          });
          this.uploads++;
          saved = { fileId: uploaded.fileId, ...(uploaded.path ? { path: uploaded.path } : {}) };
        } catch (error) {
          const reason = refusedFile(error);
          if (reason === undefined) throw error;
          refused.set(item.id, `${file.column} (${file.fileName}): ${reason}`);
          continue;
        }
        this.checkpoint.data.files[item.id] = saved;
        this.checkpoint.save();
      }
      if ((await this.client.files.era()) === 'C') {
        item.payload.file = [{ fileId: saved.fileId, label: file.fileName }];
      } else {
        item.payload.fullPath = saved.path ?? saved.fileId;
        item.payload.fileCategory = fileCategoryOf(file.fileName, file.contentType);
      }
    }
    return refused;
  }

  /** Attachments written: their files need no more remembering. */
  settled(ids: Iterable<string>): void {
    const files = this.checkpoint.data.files;
    if (!files) return;
    for (const id of ids) delete files[id];
  }
}
