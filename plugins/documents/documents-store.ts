/**
 * The documents' own tables: `documents_versions` — every generated document, one row per
 * (template, record, version), with the hash of its substituted values, the bytes, the missing
 * fields and, once attached, Twenty's file and attachment ids (never overwritten: a change of the
 * substituted values makes the next version) — and `documents_layouts`, the passport layout's
 * versions (the built-in default is version 1).
 */
import type { PluginStorage } from '../core/access/index';
import type { PluginContext } from '../core/plugin/index';
import type { MissingField } from './doc-model';
import {
  DEFAULT_PASSPORT_LAYOUT,
  type PassportLayout,
  passportLayoutSchema,
} from './templates/passport-layout';

export const documentsStorageMigration = {
  id: '001-documents-tables',
  description: 'generated documents with their versions, and the passport layout’s versions',
  async run(ctx: PluginContext) {
    await ctx.store.sql.exec(`
      create table if not exists documents_versions (
        id uuid primary key,
        template text not null,
        template_version integer not null,
        record_object text not null,
        record_id text not null,
        version integer not null,
        hash text not null,
        title text not null,
        file_name text not null,
        bytes bytea not null,
        size integer not null,
        missing jsonb not null default '[]'::jsonb,
        created_at timestamptz not null default now(),
        created_by text not null,
        twenty_file_id text,
        attachment_id text,
        attach_error text,
        attach_attempts integer not null default 0,
        unique (template, record_id, version)
      );
      create index if not exists documents_versions_record on documents_versions (record_id);
      create index if not exists documents_versions_unattached on documents_versions (created_at) where attachment_id is null;
      create table if not exists documents_layouts (
        template text not null,
        version integer not null,
        definition jsonb not null,
        created_at timestamptz not null default now(),
        created_by text not null,
        primary key (template, version)
      );`);
  },
};

export interface StoredLayout {
  layout: PassportLayout;
  version: number;
}

/** The passport layout in force: the latest stored version, or the built-in default (version 1). */
export async function currentPassportLayout(storage: PluginStorage): Promise<StoredLayout> {
  const [row] = await storage.query<{ version: number; definition: unknown }>(
    `select version, definition from documents_layouts where template = 'passport' order by version desc limit 1`,
  );
  if (!row) return { layout: DEFAULT_PASSPORT_LAYOUT, version: 1 };
  const definition = typeof row.definition === 'string' ? JSON.parse(row.definition) : row.definition;
  return { layout: passportLayoutSchema.parse(definition), version: Number(row.version) };
}

export async function savePassportLayout(
  storage: PluginStorage,
  layout: PassportLayout,
  by: string,
): Promise<number> {
  const current = await currentPassportLayout(storage);
  const version = current.version + 1;
  await storage.query(
    `insert into documents_layouts (template, version, definition, created_by) values ('passport', $1, $2::jsonb, $3)`,
    [version, JSON.stringify(layout), by],
  );
  return version;
}

export interface VersionRow {
  id: string;
  template: string;
  template_version: number;
  record_object: string;
  record_id: string;
  version: number;
  hash: string;
  title: string;
  file_name: string;
  size: number;
  missing: MissingField[];
  created_at: string;
  created_by: string;
  twenty_file_id: string | null;
  attachment_id: string | null;
  attach_error: string | null;
}

const VERSION_COLUMNS = `id::text as id, template, template_version, record_object, record_id, version, hash, title,
  file_name, size, missing, created_at::text as created_at, created_by, twenty_file_id, attachment_id, attach_error`;

export async function latestVersion(
  storage: PluginStorage,
  template: string,
  recordId: string,
): Promise<VersionRow | undefined> {
  const [row] = await storage.query<Record<string, unknown>>(
    `select ${VERSION_COLUMNS} from documents_versions where template = $1 and record_id = $2 order by version desc limit 1`,
    [template, recordId],
  );
  return row ? versionRow(row) : undefined;
}

function versionRow(row: Record<string, unknown>): VersionRow {
  const missing = typeof row.missing === 'string' ? JSON.parse(row.missing) : row.missing;
  return { ...(row as unknown as VersionRow), version: Number(row.version), size: Number(row.size), missing };
}

export interface NewVersion {
  id: string;
  template: string;
  templateVersion: number;
  recordObject: string;
  recordId: string;
  hash: string;
  title: string;
  fileName: string;
  bytes: Buffer;
  missing: readonly MissingField[];
  by: string;
}

/**
 * Keeps the document unless its latest version has the same hash (then that version stands):
 * the next version number, never an overwrite. Two writers racing for a number: the loser retries.
 */
export async function keepVersion(
  storage: PluginStorage,
  doc: NewVersion,
): Promise<{ row: VersionRow; created: boolean }> {
  for (let attempt = 0; ; attempt++) {
    const latest = await latestVersion(storage, doc.template, doc.recordId);
    if (latest && latest.hash === doc.hash) return { row: latest, created: false };
    const version = (latest?.version ?? 0) + 1;
    const rows = await storage.query<Record<string, unknown>>(
      `insert into documents_versions
         (id, template, template_version, record_object, record_id, version, hash, title, file_name, bytes, size, missing, created_by)
       values ($1::uuid, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13)
       on conflict (template, record_id, version) do nothing
       returning ${VERSION_COLUMNS}`,
      [
        doc.id,
        doc.template,
        doc.templateVersion,
        doc.recordObject,
        doc.recordId,
        version,
        doc.hash,
        doc.title,
        doc.fileName,
        doc.bytes,
        doc.bytes.length,
        JSON.stringify(doc.missing),
        doc.by,
      ],
    );
    const row = rows[0];
    if (row) return { row: versionRow(row), created: true };
    if (attempt >= 3)
      throw new Error(`documents: could not number a version of ${doc.template} ${doc.recordId}`);
  }
}

export async function versionBytes(
  storage: PluginStorage,
  id: string,
): Promise<{ row: VersionRow; bytes: Buffer } | undefined> {
  const [row] = await storage.query<Record<string, unknown>>(
    `select ${VERSION_COLUMNS}, bytes from documents_versions where id = $1::uuid`,
    [id],
  );
  if (!row) return undefined;
  const raw = row.bytes as Uint8Array;
  return { row: versionRow(row), bytes: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength) };
}

export interface VersionFilter {
  template?: string;
  recordId?: string;
  limit?: number;
}

export async function listVersions(
  storage: PluginStorage,
  filter: VersionFilter = {},
): Promise<VersionRow[]> {
  const rows = await storage.query<Record<string, unknown>>(
    `select ${VERSION_COLUMNS} from documents_versions
      where ($1::text is null or template = $1) and ($2::text is null or record_id = $2)
      order by created_at desc, version desc limit $3`,
    [filter.template ?? null, filter.recordId ?? null, filter.limit ?? 200],
  );
  return rows.map(versionRow);
}

/**
 * Counts an attempt to attach the version before it is made; answers how many came before — none
 * means no attachment with the version's id can exist yet in Twenty (nothing to look up first).
 */
export async function beginAttach(storage: PluginStorage, id: string): Promise<number> {
  const [row] = await storage.query<{ earlier: number }>(
    `update documents_versions set attach_attempts = attach_attempts + 1 where id = $1::uuid
      returning attach_attempts - 1 as earlier`,
    [id],
  );
  return Number(row?.earlier ?? 0);
}

export async function markAttached(
  storage: PluginStorage,
  id: string,
  outcome: { fileId: string; attachmentId: string } | { error: string },
): Promise<void> {
  if ('error' in outcome)
    await storage.query(`update documents_versions set attach_error = $2 where id = $1::uuid`, [
      id,
      outcome.error.slice(0, 500),
    ]);
  else
    await storage.query(
      `update documents_versions set twenty_file_id = $2, attachment_id = $3, attach_error = null where id = $1::uuid`,
      [id, outcome.fileId, outcome.attachmentId],
    );
}

export async function unattachedVersions(
  storage: PluginStorage,
  limit: number,
): Promise<{ id: string; record_object: string; record_id: string; file_name: string }[]> {
  return storage.query(
    `select id::text as id, record_object, record_id, file_name from documents_versions
      where attachment_id is null and attach_attempts < 10 order by created_at limit $1`,
    [limit],
  );
}
