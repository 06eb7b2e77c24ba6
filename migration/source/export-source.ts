/**
 * An export on disk — a folder of CSV files, a zip, or a folder of zips (a
 * Salesforce Data Export arrives as several zips of ≤ 512 MB) — seen as tables:
 * one name (`Account`, `Project__c`, `units`) per CSV or sheet, possibly split
 * over several files, and the binary files next to them (Attachments/<Id>,
 * ContentVersion/<Id>). Nothing is read until a table is streamed.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, extname, join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';

export interface SourceFile {
  /** What people see in messages: `export.zip:Account.csv`, `Account.csv`. */
  label: string;
  kind: 'csv' | 'xlsx';
  size: number;
  open(): Promise<Readable>;
}

export interface ExportSource {
  readonly location: string;
  /** Table name → its files, in name order. */
  readonly tables: ReadonlyMap<string, SourceFile[]>;
  /** A binary file in a folder of the export (`Attachments`, `ContentVersion`), by record id. */
  binary(folder: string, id: string): SourceFile | undefined;
  /** A fingerprint of names and sizes: a checkpoint is only resumed against the same export. */
  readonly fingerprint: string;
  close(): Promise<void>;
}

export class SourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceError';
  }
}

interface Entry {
  path: string; // folder/name with forward slashes
  file: SourceFile;
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (error, zip) =>
      error || !zip ? reject(error ?? new Error('no zip')) : resolve(zip),
    ),
  );
}

async function zipEntries(path: string): Promise<{ entries: Entry[]; close: () => void }> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(path);
  } catch (error) {
    throw new SourceError(`${path} is not a readable zip: ${(error as Error).message}`);
  }
  const entries: Entry[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      if (!entry.fileName.endsWith('/')) {
        const name = entry.fileName;
        entries.push({
          path: name.replace(/^\.?\//, ''),
          file: {
            label: `${basename(path)}:${name}`,
            kind: name.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv',
            size: entry.uncompressedSize,
            open: () =>
              new Promise<Readable>((ok, fail) =>
                zip.openReadStream(entry, (error, stream) =>
                  error || !stream ? fail(error ?? new Error('no stream')) : ok(stream),
                ),
              ),
          },
        });
      }
      zip.readEntry();
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  return { entries, close: () => zip.close() };
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const item of await readdir(dir, { withFileTypes: true })) {
    if (item.name.startsWith('.')) continue;
    const full = join(dir, item.name);
    if (item.isDirectory()) out.push(...(await walk(full)));
    else out.push(full);
  }
  return out;
}

function fileEntry(root: string, path: string): Entry {
  const size = statSync(path).size;
  const rel = relative(root, path).split(sep).join('/');
  return {
    path: rel,
    file: {
      label: rel,
      kind: path.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv',
      size,
      open: async () => createReadStream(path),
    },
  };
}

/** Table name of a data file at the top of the export (`Account.csv` → `Account`); undefined for others. */
function tableName(path: string): string | undefined {
  const ext = extname(path).toLowerCase();
  if (ext !== '.csv' && ext !== '.xlsx') return undefined;
  if (path.split('/').length > 2) return undefined; // data files sit at the top (or one folder down)
  return basename(path, extname(path));
}

export async function openExport(location: string): Promise<ExportSource> {
  if (!existsSync(location)) throw new SourceError(`${location} does not exist`);
  const entries: Entry[] = [];
  const closers: (() => void)[] = [];
  const addZip = async (path: string) => {
    const zip = await zipEntries(path);
    entries.push(...zip.entries);
    closers.push(zip.close);
  };
  if (statSync(location).isDirectory()) {
    for (const path of (await walk(location)).sort()) {
      if (path.toLowerCase().endsWith('.zip')) await addZip(path);
      else entries.push(fileEntry(location, path));
    }
  } else if (location.toLowerCase().endsWith('.zip')) await addZip(location);
  else if (/\.(csv|xlsx)$/i.test(location)) entries.push(fileEntry(join(location, '..'), location));
  else throw new SourceError(`${location}: give a folder, a .zip, or a .csv/.xlsx file`);

  const tables = new Map<string, SourceFile[]>();
  const binaries = new Map<string, SourceFile>();
  for (const entry of entries) {
    const name = tableName(entry.path);
    if (name) {
      const list = tables.get(name) ?? [];
      list.push(entry.file);
      tables.set(name, list);
    } else {
      const parts = entry.path.split('/');
      if (parts.length >= 2) {
        const folder = parts[parts.length - 2];
        const id = basename(parts[parts.length - 1], extname(parts[parts.length - 1]));
        binaries.set(`${folder.toLowerCase()}/${id}`, entry.file);
      }
    }
  }
  if (tables.size === 0) throw new SourceError(`${location} holds no .csv or .xlsx file`);
  const fingerprint = [...tables]
    .map(([name, files]) => `${name}:${files.map((f) => f.size).join('+')}`)
    .sort()
    .join(',');
  return {
    location,
    tables,
    fingerprint,
    binary: (folder, id) => binaries.get(`${folder.toLowerCase()}/${id}`),
    async close() {
      for (const close of closers) close();
    },
  };
}
