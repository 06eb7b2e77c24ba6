/**
 * The run's checkpoint, a small JSON file written (atomically: temp file +
 * rename) after every confirmed batch: per table, how many rows each pass has
 * finished, the counts so far and the ids whose rows failed. `--resume` starts
 * from it after a crash, a kill or Ctrl-C; rows written but not yet
 * checkpointed are found in Twenty and compared, never duplicated (every
 * record has a deterministic id).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Counts, emptyCounts } from './outcomes';

export interface TableProgress {
  pass1: number;
  pass2: number;
  loaded: boolean;
  linked: boolean;
  counts: Counts;
}

export interface CheckpointData {
  version: 1;
  system: string;
  source: string;
  fingerprint: string;
  workspace: string;
  startedAt: string;
  updatedAt: string;
  tables: Record<string, TableProgress>;
  failed: string[];
  finished: boolean;
  /** Attachment id → the file uploaded for it but not yet attached (attachment-upload.ts). */
  files?: Record<string, { fileId: string; path?: string }>;
}

export class Checkpoint {
  readonly failed: Set<string>;

  private constructor(
    readonly path: string,
    readonly data: CheckpointData,
  ) {
    this.failed = new Set(data.failed);
  }

  static fresh(
    path: string,
    init: Omit<CheckpointData, 'version' | 'tables' | 'failed' | 'finished' | 'startedAt' | 'updatedAt'>,
  ): Checkpoint {
    const now = new Date().toISOString();
    return new Checkpoint(path, {
      version: 1,
      ...init,
      startedAt: now,
      updatedAt: now,
      tables: {},
      failed: [],
      finished: false,
    });
  }

  static read(path: string): CheckpointData | undefined {
    if (!existsSync(path)) return undefined;
    try {
      const data = JSON.parse(readFileSync(path, 'utf8')) as CheckpointData;
      return data.version === 1 ? data : undefined;
    } catch {
      return undefined;
    }
  }

  static resume(path: string, data: CheckpointData): Checkpoint {
    return new Checkpoint(path, data);
  }

  table(name: string): TableProgress {
    this.data.tables[name] ??= { pass1: 0, pass2: 0, loaded: false, linked: false, counts: emptyCounts() };
    return this.data.tables[name];
  }

  save(): void {
    this.data.updatedAt = new Date().toISOString();
    this.data.failed = [...this.failed];
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.data));
    renameSync(tmp, this.path);
  }
}
