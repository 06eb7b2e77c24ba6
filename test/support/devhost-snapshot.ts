/**
 * A devhost workspace with every plugin's objects already provisioned, made once and kept in
 * node_modules/.cache/twenty-realty/: provisioning all plugins is ~8 s of CPU (hundreds of
 * metadata changes, each DDL in PGlite), and test stacks start about forty devhosts. A stack loads
 * the tarball (~0.5 s) and provisions its own plugins on it — finding their objects in place, the
 * way `realty setup` finds them on a second run — then registers its webhook.
 *
 * The tarball is named by a hash of everything that decides its content (devhost, db, sdk and the
 * plugins' sources, PGlite's version), so a change to any of them makes a new one.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { startDevhost } from '../../devhost/server';
import { provision, provisionSucceeded } from '../../plugins/core/provisioning/provision';
import { allPlugins } from '../../plugins/index';
import { createTwentyClient } from '../../sdk/index';

const ROOT = path.join(import.meta.dirname, '..', '..');
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'twenty-realty');
const SOURCES = ['devhost', 'db', 'sdk', 'plugins'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) return sourceFiles(full);
      return /\.(ts|mjs|json)$/.test(name) ? [full] : [];
    });
}

function snapshotKey(): string {
  const hash = createHash('sha256');
  for (const dir of SOURCES)
    for (const file of sourceFiles(path.join(ROOT, dir))) {
      hash.update(path.relative(ROOT, file));
      hash.update(readFileSync(file));
    }
  hash.update(readFileSync(path.join(ROOT, 'node_modules', '@electric-sql', 'pglite', 'package.json')));
  return hash.digest('hex').slice(0, 16);
}

let loaded: Promise<Blob> | undefined;

/** The provisioned workspace's tarball: from the cache, or made now and kept. */
export function provisionedWorkspace(): Promise<Blob> {
  loaded ??= (async () => {
    const file = path.join(CACHE, `devhost-all-plugins-${snapshotKey()}.tar`);
    if (existsSync(file)) return new Blob([readFileSync(file)]);
    const devhost = await startDevhost({ port: 0 });
    try {
      const client = createTwentyClient({ url: devhost.url, apiKey: devhost.apiKey, limiter: false });
      const report = await provision({ client, plugins: allPlugins });
      if (!provisionSucceeded(report))
        throw new Error(`provisioning the snapshot failed: ${JSON.stringify(report.conflicts)}`);
      const blob = await devhost.dump();
      mkdirSync(CACHE, { recursive: true });
      const partial = `${file}.${process.pid}.partial`;
      writeFileSync(partial, Buffer.from(await blob.arrayBuffer()));
      renameSync(partial, file);
      return blob;
    } finally {
      await devhost.close();
    }
  })();
  return loaded;
}
