/**
 * A throwaway Postgres server for tests that need real separate sessions
 * (advisory locks between instances, SKIP LOCKED between pools). Returns
 * undefined when no Postgres binaries are installed, so callers can skip.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempPostgres {
  url: string;
  stop(): void;
}

/** A port nothing listens on right now (tests start servers on it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

function findBin(name: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const path = r.stdout.trim();
  return path && existsSync(path) ? path : undefined;
}

/** Debian keeps server binaries out of PATH, under /usr/lib/postgresql/<version>/bin. */
function debianBin(name: string): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => join(root, v, 'bin', name)).find((p) => existsSync(p));
}

export async function startTempPostgres(): Promise<TempPostgres | undefined> {
  const initdb = findBin('initdb') ?? debianBin('initdb');
  const pgCtl = findBin('pg_ctl') ?? debianBin('pg_ctl');
  if (!initdb || !pgCtl) return undefined;
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'realty-pg-'));
  const port = await freePort();
  // Postgres refuses to run as root; hand the directory to the postgres user then.
  const run = (cmd: string, args: string[]): void => {
    if (asRoot) {
      execFileSync('chown', ['-R', 'postgres', dir]);
      const line = [cmd, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
      execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', line], { stdio: 'ignore' });
    } else execFileSync(cmd, args, { stdio: 'ignore' });
  };
  try {
    run(initdb, ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync']);
    run(pgCtl, [
      '-D',
      join(dir, 'data'),
      '-l',
      join(dir, 'log'),
      '-w',
      '-o',
      `-p ${port} -k ${dir} -c fsync=off`,
      'start',
    ]);
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        run(pgCtl, ['-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
