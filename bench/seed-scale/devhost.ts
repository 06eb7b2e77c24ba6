/**
 * Loads the seed-scale dataset into a Twenty workspace (devhost, or a real
 * Twenty) through the sdk: provisions the registry plugin, then upserts with
 * createMany every object the workspace has, in dependency order. Objects it
 * lacks (the provisional auction objects until their plugins exist) and
 * workspace members (Twenty creates those from user sign-ups) are skipped and
 * reported; relations pointing at skipped objects are left out.
 */

import { provision, provisionSucceeded } from '../../plugins/core/provisioning/index';
import { registryPlugin } from '../../plugins/registry/index';
import type { ObjectMetadata, TwentyClient } from '../../sdk/index';
import { generateSeedScale, type SeedScaleObject } from './dataset';
import { type SeedLoadOptions, selectObjects } from './read-model';
import type { SeedRecord } from './rest';

export interface DevhostLoadOptions extends SeedLoadOptions {
  /** Records per batch request (default 200, Twenty's maximum: C11). */
  batchSize?: number;
  /** Provision the registry plugin first (default true). */
  provision?: boolean;
}

export interface DevhostLoadSummary {
  seed: number;
  scale: number;
  loaded: { object: string; rows: number; seconds: number }[];
  skipped: { object: string; rows: number; reason: string }[];
  /** `<relation>Id` fields left out because their target was skipped, per object. */
  droppedRelations: Record<string, string[]>;
  rows: number;
  seconds: number;
}

export class SeedScaleProvisionError extends Error {
  readonly code = 'seed_scale_provision_failed';
  constructor(message: string) {
    super(message);
    this.name = 'SeedScaleProvisionError';
  }
}

/** Twenty fills these itself; an ACTOR accepts only `source` from a client (C14). */
const SERVER_FIELDS = new Set(['createdBy', 'updatedBy', 'updatedAt', 'deletedAt', 'position']);
const CHUNK = 2000;

function skipReason(object: SeedScaleObject, inWorkspace: boolean): string | undefined {
  if (object.name === 'workspaceMember') {
    return 'Twenty creates workspace members from user sign-ups, not through the records API';
  }
  if (!inWorkspace) {
    return object.provisional
      ? 'not in the workspace: no plugin declares it yet (provisional shape in bench/seed-scale-shapes.ts)'
      : 'not in the workspace';
  }
  return undefined;
}

/** The record's fields the workspace has: plain fields by name, relations as `<name>Id` to loaded objects. */
function writableKeys(meta: ObjectMetadata, object: SeedScaleObject, loaded: ReadonlySet<string>) {
  const keys = new Set<string>(['id', 'createdAt']);
  const dropped: string[] = [];
  for (const field of meta.fields ?? []) {
    if (field.isActive === false || SERVER_FIELDS.has(field.name)) continue;
    if (field.type !== 'RELATION') {
      keys.add(field.name);
      continue;
    }
    const key = `${field.name}Id`;
    const target = object.relations[key];
    if (target === undefined) continue;
    if (loaded.has(target)) keys.add(key);
    else dropped.push(key);
  }
  return { keys, dropped };
}

export async function loadSeedScaleIntoDevhost(
  client: TwentyClient,
  options: DevhostLoadOptions = {},
): Promise<DevhostLoadSummary> {
  const dataset = options.dataset ?? generateSeedScale({ seed: options.seed ?? 2026, scale: options.scale });
  const started = performance.now();
  if (options.provision !== false) {
    const report = await provision({ client, plugins: [registryPlugin] });
    if (!provisionSucceeded(report)) {
      const failed = report.result?.failed.map((f) => JSON.stringify(f)).join('; ') ?? '';
      throw new SeedScaleProvisionError(
        `provisioning the registry plugin failed (${report.conflicts.length} conflicts${failed ? `; ${failed}` : ''}) — run \`realty setup --dry-run\` to see the plan`,
      );
    }
  }
  const metadata = new Map((await client.metadata.objects.list()).map((o) => [o.nameSingular, o]));
  const summary: DevhostLoadSummary = {
    seed: dataset.seed,
    scale: dataset.scale,
    loaded: [],
    skipped: [],
    droppedRelations: {},
    rows: 0,
    seconds: 0,
  };
  const objects = selectObjects(dataset, options.objects);
  const loadable = new Set(
    objects.filter((o) => skipReason(o, metadata.has(o.name)) === undefined).map((o) => o.name),
  );
  for (const object of objects) {
    const meta = metadata.get(object.name);
    const reason = skipReason(object, meta !== undefined);
    if (reason !== undefined || meta === undefined) {
      summary.skipped.push({
        object: object.name,
        rows: object.count,
        reason: reason ?? 'not in the workspace',
      });
      continue;
    }
    const objectStarted = performance.now();
    const { keys, dropped } = writableKeys(meta, object, loadable);
    if (dropped.length > 0) summary.droppedRelations[object.name] = dropped;
    const api = client.records(object.name);
    let done = 0;
    let chunk: Record<string, unknown>[] = [];
    const flush = async () => {
      const base = done;
      await api.createMany(chunk, {
        upsert: true,
        batchSize: options.batchSize ?? 200,
        onProgress: (n) =>
          options.onProgress?.({
            object: object.name,
            done: base + n,
            total: object.count,
            seconds: (performance.now() - objectStarted) / 1000,
          }),
      });
      done += chunk.length;
      chunk = [];
    };
    for (const record of object.records()) {
      chunk.push(pick(record, keys));
      if (chunk.length >= CHUNK) await flush();
    }
    if (chunk.length > 0) await flush();
    summary.loaded.push({
      object: object.name,
      rows: done,
      seconds: (performance.now() - objectStarted) / 1000,
    });
    summary.rows += done;
  }
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

function pick(record: SeedRecord, keys: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) if (keys.has(key)) out[key] = value;
  return out;
}
