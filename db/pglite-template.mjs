// A new embedded Postgres from a template. PGlite runs initdb for every new
// database, about 2 s of CPU; the suite and `realty start` open hundreds of
// them. The first new in-memory database of a checkout dumps its fresh cluster
// (nothing written to it yet: exactly what initdb left, the way PGlite's own
// clone() copies a database) to node_modules/.cache/twenty-realty/, keyed by
// PGlite's version; every later new database (in memory or a new directory)
// loads that tarball instead, in about a sixth of the time.
//
// Plain JavaScript: the PGlite worker thread (pglite-thread.mjs) uses it too,
// and a worker does not inherit the tsx loader. REALTY_PGLITE_TEMPLATE=off
// turns it off.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CACHE = fileURLToPath(new URL('../node_modules/.cache/twenty-realty/', import.meta.url));

function templatePath() {
  if (process.env.REALTY_PGLITE_TEMPLATE === 'off') return undefined;
  try {
    const pkg = fileURLToPath(new URL('../node_modules/@electric-sql/pglite/package.json', import.meta.url));
    const { version } = JSON.parse(readFileSync(pkg, 'utf8'));
    return join(CACHE, `pglite-${version}-fresh-cluster.tar`);
  } catch {
    return undefined; // no node_modules beside the project (a bundled install): initdb every time
  }
}

/**
 * Opens PGlite on `dataDir` (memory when omitted), from the template when the database is new — or
 * from `initialData` (a dump of another database) when given.
 */
export async function createPglite(PGlite, dataDir, initialData) {
  if (initialData)
    return PGlite.create(dataDir ? { dataDir, loadDataDir: initialData } : { loadDataDir: initialData });
  const template = templatePath();
  const isNew = !dataDir || !existsSync(join(dataDir, 'PG_VERSION'));
  if (template && isNew && existsSync(template)) {
    try {
      const loadDataDir = new Blob([readFileSync(template)]);
      return await PGlite.create(dataDir ? { dataDir, loadDataDir } : { loadDataDir });
    } catch (error) {
      // A directory half-written from a bad template must not be opened as a database.
      if (dataDir) throw error;
      rmSync(template, { force: true });
    }
  }
  const db = new PGlite(dataDir);
  await db.waitReady;
  if (template && !dataDir) await saveTemplate(db, template).catch(() => undefined);
  return db;
}

/** Writes the fresh cluster beside the others; a rename makes it appear whole or not at all. */
async function saveTemplate(db, template) {
  if (existsSync(template)) return;
  const dump = await db.dumpDataDir('none');
  mkdirSync(CACHE, { recursive: true });
  const partial = `${template}.${process.pid}.${Date.now()}.partial`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, template);
}
