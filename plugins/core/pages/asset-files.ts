/**
 * Page assets: every enabled plugin's declared files (`assets: { dir, files }`)
 * at `/assets/<plugin>/<file>`, and the shell's own (`realty.js`,
 * `realty.css`) at `/assets/core/<file>`. Only declared files are served —
 * nothing else in the directory, no path walking; a file a plugin resolved
 * elsewhere (`resolved`: a package's file found with require.resolve) is read
 * from there, and one it generates (`generated`: a stylesheet from a
 * vocabulary) is built once and served like the others. Each answer carries an ETag
 * from the content's hash and `Cache-Control: public, max-age=0,
 * must-revalidate`: the browser keeps the file and asks again on every page
 * load, and an unchanged file costs a 304 without a body — so a new version
 * is picked up at once, without versioned URLs. The front door (the Fastify
 * server, a function) only copies the answer onto its reply.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PageAssets } from '../plugin/define-page';
import { type ErrorBody, errorBody } from '../plugin/route-error';

export const ASSETS_PREFIX = '/assets';
export const ASSET_CACHE_CONTROL = 'public, max-age=0, must-revalidate';

/** The shell's own files: the shared client helpers and stylesheet. */
export const CORE_ASSETS: PageAssets = Object.freeze({
  dir: fileURLToPath(new URL('./assets', import.meta.url)),
  files: Object.freeze(['realty.js', 'realty.css', 'embed.js', 'embed.css']),
});

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export interface AssetAnswer {
  status: 200 | 304 | 404;
  headers: Record<string, string>;
  /** The file's bytes (200), nothing (304), or the one error body (404). */
  body?: Buffer | ErrorBody;
}

export interface AssetServer {
  /** Answers `GET /assets/<plugin>/<file>`; `ifNoneMatch` is the request's If-None-Match header. */
  answer(plugin: string, file: string, ifNoneMatch?: string): Promise<AssetAnswer>;
  /** Every served URL (for tests and the docs). */
  urls(): string[];
}

interface Cached {
  mtimeMs: number;
  size: number;
  bytes: Buffer;
  etag: string;
}

/** True when If-None-Match names this ETag (a list, weak validators and `*` included). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

export function createAssetServer(
  plugins: readonly { readonly name: string; readonly assets?: PageAssets }[],
): AssetServer {
  const declared = new Map<string, PageAssets>([['core', CORE_ASSETS]]);
  for (const p of plugins) if (p.assets) declared.set(p.name, p.assets);
  const cache = new Map<string, Cached>();

  const notFound = (message: string): AssetAnswer => ({
    status: 404,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: errorBody(404, 'asset_not_found', message),
  });

  async function load(assets: PageAssets, file: string): Promise<Cached> {
    const generate = assets.generated?.[file];
    if (generate) {
      const key = `generated:${assets.dir}:${file}`;
      const hit = cache.get(key);
      if (hit) return hit;
      const bytes = Buffer.from(generate(), 'utf8');
      const etag = `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 22)}"`;
      const entry = { mtimeMs: 0, size: bytes.length, bytes, etag };
      cache.set(key, entry);
      return entry;
    }
    const full = assets.resolved?.[file] ?? path.join(assets.dir, file);
    const info = await stat(full);
    const key = full;
    const hit = cache.get(key);
    if (hit && hit.mtimeMs === info.mtimeMs && hit.size === info.size) return hit;
    const bytes = await readFile(full);
    const etag = `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 22)}"`;
    const entry = { mtimeMs: info.mtimeMs, size: info.size, bytes, etag };
    cache.set(key, entry);
    return entry;
  }

  return {
    async answer(plugin, file, ifNoneMatch) {
      const assets = declared.get(plugin);
      if (!assets)
        return notFound(
          `у «${plugin}» нет файлов страниц: файлы отдаются для ${[...declared.keys()].map((n) => `/assets/${n}/`).join(', ')}`,
        );
      if (!assets.files.includes(file))
        return notFound(
          `у «${plugin}» нет файла «${file}»; он отдаёт ${assets.files.join(', ') || 'ничего'}`,
        );
      let entry: Cached;
      try {
        entry = await load(assets, file);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return notFound(`объявленный файл ${plugin}/${file} не читается (${reason})`);
      }
      const headers = { etag: entry.etag, 'cache-control': ASSET_CACHE_CONTROL };
      if (etagMatches(ifNoneMatch, entry.etag)) return { status: 304, headers };
      const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
      return { status: 200, headers: { ...headers, 'content-type': type }, body: entry.bytes };
    },
    urls: () =>
      [...declared].flatMap(([plugin, assets]) => assets.files.map((f) => `${ASSETS_PREFIX}/${plugin}/${f}`)),
  };
}
