/**
 * Page assets as the browser fetches them: declared files with an ETag and
 * `Cache-Control`, a 304 without a body when the browser's copy is current,
 * a new ETag when the file changes, and the one error body for anything not
 * declared — including files that exist beside the declared ones.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile as readBytes, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chessboardPlugin } from '../../../../plugins/chessboard/index';
import {
  ASSET_CACHE_CONTROL,
  type AssetServer,
  createAssetServer,
  etagMatches,
} from '../../../../plugins/core/pages/index';
import { UNIT_STATUS_TERMS } from '../../../../plugins/registry/index';
import { revenuePlugin } from '../../../../plugins/revenue/index';

let dir: string;
let server: AssetServer;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'realty-assets-'));
  await writeFile(path.join(dir, 'board.js'), 'console.log("board");\n');
  await writeFile(path.join(dir, 'board.css'), 'main{color:red}\n');
  await writeFile(path.join(dir, 'secret.txt'), 'not declared\n');
  server = createAssetServer([
    { name: 'chessboard', assets: { dir, files: ['board.js', 'board.css'] } },
    { name: 'registry' },
  ]);
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('createAssetServer', () => {
  it("serves a plugin's declared file with its type, an ETag and Cache-Control", async () => {
    const res = await server.answer('chessboard', 'board.js');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(res.headers['cache-control'], ASSET_CACHE_CONTROL);
    assert.match(res.headers.etag ?? '', /^"[A-Za-z0-9_-]{22}"$/);
    assert.equal(String(res.body), 'console.log("board");\n');
    assert.equal(
      (await server.answer('chessboard', 'board.css')).headers['content-type'],
      'text/css; charset=utf-8',
    );
  });

  it('answers 304 without a body when If-None-Match carries the current ETag', async () => {
    const { headers } = await server.answer('chessboard', 'board.js');
    const again = await server.answer('chessboard', 'board.js', headers.etag);
    assert.equal(again.status, 304);
    assert.equal(again.body, undefined);
    assert.equal(again.headers.etag, headers.etag);
    assert.equal(again.headers['cache-control'], ASSET_CACHE_CONTROL);
  });

  it('gives a changed file a new ETag, so the browser loads the new version at once', async () => {
    const first = await server.answer('chessboard', 'board.css');
    await writeFile(path.join(dir, 'board.css'), 'main{color:blue}\n');
    const changed = await server.answer('chessboard', 'board.css', first.headers.etag);
    assert.equal(changed.status, 200);
    assert.notEqual(changed.headers.etag, first.headers.etag);
    assert.equal(String(changed.body), 'main{color:blue}\n');
  });

  it("serves core's shared helpers and stylesheet under /assets/core", async () => {
    const js = await server.answer('core', 'realty.js');
    assert.equal(js.status, 200);
    assert.match(String(js.body), /globalThis\.realty =/);
    assert.equal((await server.answer('core', 'realty.css')).status, 200);
    assert.ok(server.urls().includes('/assets/core/realty.js'));
    assert.ok(server.urls().includes('/assets/chessboard/board.js'));
  });

  it('answers 404 in the one error body for an undeclared file, even one that exists, and for paths outside', async () => {
    for (const [plugin, file] of [
      ['chessboard', 'secret.txt'],
      ['chessboard', '../board.js'],
      ['chessboard', 'nope.js'],
    ]) {
      const res = await server.answer(plugin, file);
      assert.equal(res.status, 404, `${plugin}/${file}`);
      assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
      const body = res.body as { status: number; code: string; message: string };
      assert.equal(body.status, 404);
      assert.equal(body.code, 'asset_not_found');
      assert.match(body.message, /отдаёт board\.js, board\.css/);
    }
    const noAssets = await server.answer('registry', 'x.js');
    assert.match(
      (noAssets.body as { message: string }).message,
      /у «registry» нет файлов страниц.*\/assets\/core\//,
    );
  });
});

describe('a file a plugin resolves from an installed package', () => {
  it("serves the revenue chart's ECharts from node_modules, found at start — no symlink in the checkout", async () => {
    const revenue = createAssetServer([revenuePlugin]);
    const res = await revenue.answer('revenue', 'echarts.min.js');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'text/javascript; charset=utf-8');
    const installed = await readBytes(
      path.join(import.meta.dirname, '../../../../node_modules/echarts/dist/echarts.min.js'),
    );
    assert.ok(
      Buffer.isBuffer(res.body) && res.body.equals(installed),
      'the bytes of the installed echarts.min.js',
    );
    assert.ok(revenue.urls().includes('/assets/revenue/echarts.min.js'));
    // A checkout without symlinks (Windows, some zips) must serve the same: the repository tracks none.
    const links = execFileSync('git', ['ls-files', '-s'], {
      cwd: path.join(import.meta.dirname, '../../../..'),
      encoding: 'utf8',
    })
      .split('\n')
      .filter((line) => line.startsWith('120000 '));
    assert.deepEqual(links, []);
  });
});

describe('a stylesheet a plugin generates from a vocabulary', () => {
  it("serves the unit statuses' colour classes, one per status, with an ETag", async () => {
    const chessboard = createAssetServer([chessboardPlugin]);
    const res = await chessboard.answer('chessboard', 'statuses.css');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'text/css; charset=utf-8');
    const css = String(res.body);
    for (const term of UNIT_STATUS_TERMS)
      assert.ok(
        css.includes(`.st-${term.value}{background:${term.color};color:${term.textColor}}`),
        term.value,
      );
    const again = await chessboard.answer('chessboard', 'statuses.css', res.headers.etag);
    assert.equal(again.status, 304);
  });
});

describe('etagMatches', () => {
  it('accepts a list, weak validators and *', () => {
    assert.ok(etagMatches('"a", "b"', '"b"'));
    assert.ok(etagMatches('W/"b"', '"b"'));
    assert.ok(etagMatches('*', '"b"'));
    assert.ok(!etagMatches('"a"', '"b"'));
    assert.ok(!etagMatches(undefined, '"b"'));
  });
});
