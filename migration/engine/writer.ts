/**
 * Writes a batch of records of one object the idempotent way: read back the
 * ones that may exist (one request for up to 200 ids), skip those already
 * equal, create the new ones and upsert (`?upsert=true`, C9) the changed ones.
 * A batch Twenty refuses is split in halves until the refused records are
 * found, so one bad record fails alone.
 */
import { in_, TwentyApiError, type TwentyClient, type TwentyRecord } from '../../sdk/index';
import { sameValue } from './values';

export interface WriteItem {
  id: string;
  payload: Record<string, unknown>;
}

export interface WriteResult {
  created: Set<string>;
  updated: Set<string>;
  unchanged: Set<string>;
  failed: Map<string, string>;
}

export interface WriterOptions {
  dryRun: boolean;
  /** Records per write request (≤ 200). */
  batchSize: number;
}

const READ_CHUNK = 200;

function messageOf(error: unknown): string {
  if (error instanceof TwentyApiError) return `${error.status}: ${error.messages.join('; ')}`;
  return error instanceof Error ? error.message : String(error);
}

function isClientError(error: unknown): boolean {
  return error instanceof TwentyApiError && error.status >= 400 && error.status < 500 && error.status !== 429;
}

export class RecordWriter {
  requests = 0;
  constructor(
    private readonly client: TwentyClient,
    private readonly options: WriterOptions,
  ) {}

  async existing(object: string, ids: string[]): Promise<Map<string, TwentyRecord>> {
    const found = new Map<string, TwentyRecord>();
    const api = this.client.records(object);
    for (let i = 0; i < ids.length; i += READ_CHUNK) {
      const chunk = ids.slice(i, i + READ_CHUNK);
      this.requests++;
      const page = await api.list({ filter: in_('id', chunk), limit: READ_CHUNK });
      for (const r of page.records) found.set(r.id, r);
    }
    return found;
  }

  /** `mayExist` false: the object has none of these yet (fresh), so no read-back — creating is enough. */
  async write(object: string, items: WriteItem[], mayExist: boolean): Promise<WriteResult> {
    const result: WriteResult = {
      created: new Set(),
      updated: new Set(),
      unchanged: new Set(),
      failed: new Map(),
    };
    if (items.length === 0) return result;
    let toCreate: WriteItem[] = items;
    const toUpdate: WriteItem[] = [];
    if (mayExist) {
      const found = await this.existing(
        object,
        items.map((i) => i.id),
      );
      toCreate = [];
      for (const item of items) {
        const stored = found.get(item.id);
        if (!stored) toCreate.push(item);
        else if (sameValue(item.payload, stored)) result.unchanged.add(item.id);
        else {
          toUpdate.push(item);
        }
      }
    }
    if (this.options.dryRun) {
      for (const i of toCreate) result.created.add(i.id);
      for (const i of toUpdate) result.updated.add(i.id);
      return result;
    }
    if (!mayExist && toCreate.length > 0) {
      try {
        await this.send(object, toCreate, false);
        for (const i of toCreate) result.created.add(i.id);
        return result;
      } catch (error) {
        if (!isClientError(error)) throw error;
        // Something exists after all (an earlier, unrecorded write): do it the careful way.
        return this.write(object, items, true);
      }
    }
    await this.sendSplitting(object, toCreate, false, result.created, result.failed);
    await this.sendSplitting(object, toUpdate, true, result.updated, result.failed);
    return result;
  }

  private async send(object: string, items: WriteItem[], upsert: boolean): Promise<void> {
    const api = this.client.records(object);
    for (let i = 0; i < items.length; i += this.options.batchSize) {
      const chunk = items.slice(i, i + this.options.batchSize);
      this.requests++;
      await api.createMany(
        chunk.map((c) => c.payload),
        { upsert, batchSize: chunk.length },
      );
    }
  }

  private async sendSplitting(
    object: string,
    items: WriteItem[],
    upsert: boolean,
    done: Set<string>,
    failed: Map<string, string>,
  ): Promise<void> {
    for (let i = 0; i < items.length; i += this.options.batchSize) {
      const chunk = items.slice(i, i + this.options.batchSize);
      await this.bisect(object, chunk, upsert, done, failed);
    }
  }

  private async bisect(
    object: string,
    items: WriteItem[],
    upsert: boolean,
    done: Set<string>,
    failed: Map<string, string>,
  ): Promise<void> {
    if (items.length === 0) return;
    try {
      await this.send(object, items, upsert);
      for (const i of items) done.add(i.id);
    } catch (error) {
      if (!isClientError(error)) throw error;
      if (items.length === 1) {
        failed.set(items[0].id, messageOf(error));
        return;
      }
      const half = Math.ceil(items.length / 2);
      await this.bisect(object, items.slice(0, half), upsert, done, failed);
      await this.bisect(object, items.slice(half), upsert, done, failed);
    }
  }
}
