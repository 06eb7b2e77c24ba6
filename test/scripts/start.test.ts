/**
 * `realty start` end to end, as an operator meets it, on one new REALTY_HOME:
 * the first start is interrupted (Ctrl-C) while it seeds the demo data, right
 * after the registry's seed wrote its units — it closes what it opened and
 * exits 130, with echoes of those writes still on their way — and the next
 * start finishes the seeds it cut and catches up with the lost echoes
 * (devhost, setup, demo data, app server). That running start is shared by
 * every test here: real HTTP, the CLI against the running app, a Twenty-side
 * change arriving by webhook, a refused second start, then a clean SIGTERM
 * and a warm restart on the same data. (One home, three starts: the suite
 * pays for one cold seed, not one per file.)
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import { allPlugins } from '../../plugins/index';
import { unitRow, workbookBuffer } from '../plugins/registry/import/workbook-fixtures';
import { waitForTimed as waitFor } from '../support/wait';
import {
  newInstall,
  REPO_ROOT,
  type RealtyInstall,
  type RunningRealty,
  runRealty,
  startRealty,
} from './realty-process';

const DEMO_ADMIN_EMAIL = 'admin@realty.local';

let install: RealtyInstall;
let first: RunningRealty | undefined;
let warm: RunningRealty | undefined;
let devhostKey = '';
let unitCount = 0;

/** The first start, stopped by SIGINT once the registry's seed is done: its exit code, stderr and seed marks. */
interface Interrupted {
  code: number | null;
  stderr: string;
  marks: string;
}
let interrupted: Interrupted;

async function startAndInterruptWhileSeeding(env: Record<string, string>): Promise<Interrupted> {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/realty.mjs'), 'start'], {
    cwd: REPO_ROOT,
    env,
    stdio: 'pipe',
  });
  let stderr = '';
  const seeding = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no registry seed within 90 s:\n${stderr}`)), 90_000);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      if (/\ndemo registry: /.test(stderr)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  try {
    await seeding;
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  // The next seeds are writing now, and the registry's 1,454 unit echoes are still arriving.
  child.kill('SIGINT');
  // Generous: closing the stores takes seconds on a loaded machine; the exit code is what is tested.
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await exited;
  clearTimeout(killer);
  const marks = await readFile(path.join(install.home, 'devhost', 'demo-seed'), 'utf8').catch(() => '');
  return { code, stderr, marks };
}

before(async () => {
  install = await newInstall('realty-start-');
  interrupted = await startAndInterruptWhileSeeding(install.env);
  first = await startRealty(install.env, { timeoutMs: 120_000 });
  devhostKey = (await readFile(path.join(install.home, 'devhost', 'api-key'), 'utf8')).trim();
});

after(async () => {
  await first?.stop('SIGKILL');
  await warm?.stop('SIGKILL');
  await rm(install.home, { recursive: true, force: true });
});

const healthSchema = z.object({
  ok: z.boolean(),
  store: z.object({ ok: z.boolean() }),
  twenty: z.object({ ok: z.boolean() }),
  queue: z.object({ pending: z.number(), running: z.number(), done: z.number(), dead: z.number() }),
  intake: z.object({
    outcomes: z.record(z.string(), z.number()),
    journal: z.object({ waiting: z.number(), moved: z.number(), failedMoves: z.number() }).optional(),
  }),
  plugins: z.array(z.string()),
});

/** `/healthz` as a load balancer sees it: the status code and `{ ok }`, nothing else. */
async function healthz(appUrl: string) {
  const res = await fetch(`${appUrl}/healthz`);
  return { status: res.status, body: (await res.json()) as unknown };
}

/** The details, as an operator reads them: `realty status --json` (through the running app's admin API). */
async function health() {
  const result = await runRealty(['status', '--json'], install.env);
  assert.equal(result.stderr.includes('\n    at '), false, result.stderr);
  return { code: result.code, body: healthSchema.parse(JSON.parse(result.stdout)) };
}

async function devhostRest(method: string, pathAndQuery: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${install.devhostUrl}${pathAndQuery}`, {
    method,
    headers: {
      authorization: `Bearer ${devhostKey}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(res.ok, `${method} ${pathAndQuery} → ${res.status}: ${await res.clone().text()}`);
  return res.json();
}

async function countUnits(): Promise<number> {
  const page = z.object({ totalCount: z.number() }).parse(await devhostRest('GET', '/rest/units?limit=1'));
  return page.totalCount;
}

let adminToken: string | undefined;
/** A bearer token for the demo admin (`realty staff-token --role admin`), for the admin API. */
async function adminBearer(): Promise<string> {
  if (adminToken) return adminToken;
  const issued = await runRealty(
    ['staff-token', '--member', DEMO_ADMIN_EMAIL, '--role', 'admin', '--ttl', '30m', '--json'],
    install.env,
  );
  assert.equal(issued.code, 0, issued.stderr);
  adminToken = z.object({ token: z.string() }).parse(JSON.parse(issued.stdout)).token;
  return adminToken;
}

/** The demo admin's browser after the printed link was spent (the sign-in test). */
let signedInCookie = '';

describe('realty start interrupted while seeding (the first start on an empty REALTY_HOME)', () => {
  it('closes what it opened on SIGINT, exits 130 without a stack trace, and marks the seed unfinished', () => {
    assert.equal(interrupted.code, 130, `exit code after SIGINT during start-up\n${interrupted.stderr}`);
    assert.match(interrupted.stderr, /SIGINT: start-up interrupted; closing what is open/);
    assert.doesNotMatch(interrupted.stderr, /\n\s+at .*\.ts:\d+/, 'no stack trace');
    assert.match(interrupted.marks.trim(), /^registry done$/m, 'the seed is marked per plugin');
    assert.match(interrupted.marks.trim(), / seeding$/m, 'the seed is marked unfinished');
  });

  it('the next start finishes the seeds it cut, and marks every seed done', async () => {
    const cut = interrupted.marks
      .split('\n')
      .filter((line) => line.endsWith(' seeding'))
      .map((line) => line.split(' ')[0]);
    assert.ok(cut.length > 0 && !cut.includes('registry'), interrupted.marks);
    assert.ok(
      (first?.output().stderr ?? '').includes(
        `finishing the demo data (an earlier start was interrupted while seeding): ${cut.join(', ')} …`,
      ),
      first?.output().stderr,
    );
    assert.doesNotMatch(
      await readFile(path.join(install.home, 'devhost', 'demo-seed'), 'utf8'),
      / seeding$/m,
      'every seed is marked done',
    );
  });
});

describe('realty start, running (the start that finished the seed)', () => {
  it('prints one ready line naming the devhost URL, the app URL and a sign-in link', () => {
    assert.ok(first);
    const { ready } = first;
    assert.equal(ready.appUrl, install.appUrl);
    assert.match(ready.twentyUrl, new RegExp(`^http://localhost:${install.devhostPort}$`));
    assert.match(ready.signInLink ?? '', new RegExp(`^${install.appUrl}/auth/login\\?code=[\\w-]+$`));
    assert.ok(ready.seconds > 0 && ready.seconds <= first.wallSeconds + 0.5);
    const readyLines = first
      .output()
      .stdout.split('\n')
      .filter((l) => l.includes('twenty-realty ready'));
    assert.equal(readyLines.length, 1);
  });

  it('answers /healthz with 200 {"ok":true} and nothing else', async () => {
    assert.deepEqual(await healthz(install.appUrl), { status: 200, body: { ok: true } });
  });

  it('reports store and Twenty reachable and the plugins through `realty status --json`', async () => {
    const { code, body } = await health();
    assert.equal(code, 0);
    assert.equal(body.ok, true);
    assert.equal(body.store.ok, true);
    assert.equal(body.twenty.ok, true);
    assert.deepEqual([...body.plugins].sort(), allPlugins.map((p) => p.name).sort());
    assert.ok(body.intake.journal, 'the embedded store answers deliveries from the intake journal');
    assert.equal(body.intake.journal.failedMoves, 0);
  });

  it('serves the pages index at / in the page shell (Russian) and says nobody is signed in', async () => {
    const res = await fetch(`${install.appUrl}/`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    const html = await res.text();
    assert.match(html, /<html lang="ru">/);
    assert.match(html, /<ul id="pages" class="realty-pages">/);
    assert.match(html, /Вход не выполнен/);
    assert.match(html, /<script src="\/assets\/core\/realty\.js" defer>/);
    assert.doesNotMatch(html, new RegExp(DEMO_ADMIN_EMAIL));
  });

  it('signs the demo admin in through the printed link: a cookie, then / shows the e-mail', async () => {
    const login = await fetch(first?.ready.signInLink ?? '', { redirect: 'manual' });
    assert.equal(login.status, 302);
    assert.equal(login.headers.get('location'), '/');
    const setCookie = login.headers.get('set-cookie') ?? '';
    assert.match(setCookie, /^realty_staff=[^;]+;.*HttpOnly/);
    const cookie = setCookie.split(';')[0] ?? '';
    signedInCookie = cookie;
    const html = await (await fetch(`${install.appUrl}/`, { headers: { cookie } })).text();
    assert.match(
      html,
      new RegExp(
        `<span class="who-email">${DEMO_ADMIN_EMAIL}</span> <span class="who-role">администратор</span>`,
      ),
    );
    const replay = await fetch(first?.ready.signInLink ?? '', { redirect: 'manual' });
    assert.equal(replay.status, 401, 'the printed link works once');
    assert.match(
      html,
      /<ul id="pages" class="realty-pages"><li><a href="\/[a-z]/,
      'the admin sees the pages',
    );
  });

  it('leaves nothing for `realty setup --dry-run --json` to do against the running devhost', async () => {
    const result = await runRealty(['setup', '--dry-run', '--json'], install.env);
    assert.equal(result.code, 0, result.stderr);
    const plan = z
      .object({
        dryRun: z.literal(true),
        steps: z.array(z.unknown()),
        conflicts: z.array(z.unknown()),
        webhook: z.object({ action: z.string(), applied: z.boolean() }),
      })
      .parse(JSON.parse(result.stdout));
    assert.deepEqual(plan.steps, []);
    assert.deepEqual(plan.conflicts, []);
    assert.equal(plan.webhook.action, 'none', 'the webhook start registered is already in place');
  });

  it('loaded the demo registry into devhost (more than a thousand units)', async () => {
    unitCount = await countUnits();
    assert.ok(unitCount > 1000, `units in devhost: ${unitCount}`);
    assert.ok(Math.abs(unitCount - 1454) < 150, `about 1,454 demo units, got ${unitCount}`);
    assert.match(interrupted.stderr, /seeding the demo data \(first start\): registry/);
    assert.match(interrupted.stderr, new RegExp(`demo registry: .*${unitCount} unit\\b`));
  });

  it('shows the demo units on public sale in the site API and the listing feed (the portal marks them with the registry’s write)', async () => {
    const units = await fetch(`${install.appUrl}/portal/v1/units?limit=5`);
    assert.equal(units.status, 200);
    const body = z.object({ items: z.array(z.object({ id: z.string() })) }).passthrough();
    assert.equal(body.parse(await units.json()).items.length, 5, 'units on public sale');
    const feed = await (await fetch(`${install.appUrl}/feeds/yrl.xml`)).text();
    const offers = feed.match(/<offer internal-id=/g)?.length ?? 0;
    assert.ok(offers > 100, `offers in the YRL feed: ${offers}`);
  });

  it("runs every enabled plugin's seed again through the running app (`realty seed-demo --json`), changing nothing", async () => {
    assert.ok(unitCount > 0, 'runs after the unit count');
    const result = await runRealty(['seed-demo', '--json'], install.env, { timeoutMs: 120_000 });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /realty start is running: it loads the demo data \(registry, chessboard[,)]/);
    const out = z
      .object({
        seeds: z.array(z.object({ plugin: z.string(), counts: z.record(z.string(), z.number()) })),
      })
      .parse(JSON.parse(result.stdout));
    // The registry upserts every unit again (same ids, same values); the chessboard finds its duplexes set.
    assert.deepEqual(
      out.seeds.slice(0, 2).map((s) => [s.plugin, s.counts.unit]),
      [
        ['registry', unitCount],
        ['chessboard', 0],
      ],
    );
    assert.deepEqual(
      out.seeds.map((s) => s.plugin).sort(),
      allPlugins
        .filter((p) => p.seed)
        .map((p) => p.name)
        .sort(),
      'every enabled plugin with demo data ran its seed',
    );
    assert.equal(await countUnits(), unitCount, 'idempotent: no unit twice');
  });

  it('provisions only the enabled plugins: `REALTY_PLUGINS=registry realty setup --dry-run`', async () => {
    const result = await runRealty(['setup', '--dry-run', '--json'], {
      ...install.env,
      REALTY_PLUGINS: 'registry',
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /Planning 1 plugin\(s\) \(registry\) against/);
    assert.deepEqual(z.object({ steps: z.array(z.unknown()) }).parse(JSON.parse(result.stdout)).steps, []);
  });

  it('replicated every unit into the read model (`realty resync unit --json` via the running app)', async () => {
    assert.ok(unitCount > 0, 'runs after the unit count');
    const result = await runRealty(['resync', 'unit', '--json'], install.env);
    assert.equal(result.code, 0, result.stderr);
    const summary = z
      .object({
        objects: z.array(z.object({ object: z.string(), upserted: z.number(), removed: z.number() })),
      })
      .parse(JSON.parse(result.stdout));
    assert.deepEqual(
      summary.objects.map((o) => [o.object, o.upserted, o.removed]),
      [['unit', unitCount, 0]],
    );
  });

  it('issues staff tokens only for members the workspace has (`realty staff-token`, exit 2 otherwise)', async () => {
    const [unknown, known] = await Promise.all([
      runRealty(['staff-token', '--member', 'nobody@example.com', '--role', 'sales'], install.env),
      runRealty(
        ['staff-token', '--member', DEMO_ADMIN_EMAIL, '--role', 'sales', '--ttl', '15m', '--json'],
        install.env,
      ),
    ]);
    assert.equal(unknown.code, 2, unknown.stderr);
    assert.match(unknown.stderr, /no workspace member with e-mail nobody@example\.com/);
    assert.equal(unknown.stdout, '', 'no token is printed');
    assert.doesNotMatch(unknown.stderr, /\n\s+at /, 'no stack trace');

    assert.equal(known.code, 0, known.stderr);
    const out = z
      .object({ token: z.string(), link: z.string(), member: z.object({ id: z.string() }) })
      .parse(JSON.parse(known.stdout));
    assert.match(out.link, new RegExp(`^${install.appUrl}/auth/login\\?code=[\\w-]+$`));
    assert.ok(!out.link.includes(out.token), 'the link carries a one-time code, not the bearer token');
    const spent = await fetch(out.link, { redirect: 'manual' });
    assert.equal(spent.status, 302, 'the code was made in the running app');
    const me = await fetch(`${install.appUrl}/api/me`, { headers: { authorization: `Bearer ${out.token}` } });
    assert.equal(me.status, 200, 'the running app accepts the token (same install secret)');
    assert.deepEqual(await me.json(), { memberId: out.member.id, email: DEMO_ADMIN_EMAIL, role: 'sales' });
  });

  it('ends every session of a member with `realty staff-token --revoke EMAIL`', async () => {
    assert.ok(signedInCookie, 'runs after the sign-in test');
    const before = await fetch(`${install.appUrl}/api/me`, { headers: { cookie: signedInCookie } });
    assert.equal(before.status, 200);
    const revoked = await runRealty(['staff-token', '--revoke', DEMO_ADMIN_EMAIL, '--json'], install.env);
    assert.equal(revoked.code, 0, revoked.stderr);
    const out = z.object({ revoked: z.string(), ended: z.number() }).parse(JSON.parse(revoked.stdout));
    assert.ok(out.ended >= 2, `the printed link's and staff-token's sessions ended (${out.ended})`);
    const after = await fetch(`${install.appUrl}/api/me`, { headers: { cookie: signedInCookie } });
    assert.equal(after.status, 401);
  });

  it('carries a change made in Twenty (not by the app) to the read model by webhook', async () => {
    const token = await adminBearer();
    const page = z
      .object({ data: z.object({ units: z.array(z.object({ id: z.string(), status: z.string() })) }) })
      .parse(await devhostRest('GET', '/rest/units?limit=1&filter=status%5Beq%5D%3AFREE'));
    const target = page.data.units[0];
    assert.ok(target, 'the demo has a FREE unit');
    const before = await health();

    await devhostRest('PATCH', `/rest/units/${target.id}`, { status: 'RESERVED' });

    const replica = await waitFor(
      'the replica row to show RESERVED',
      async () => {
        const res = await fetch(`${install.appUrl}/api/admin/read-model/unit/${target.id}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        assert.equal(res.status, 200);
        const row = z.object({ data: z.object({ status: z.string() }) }).parse(await res.json());
        return row.data.status === 'RESERVED' ? row : undefined;
      },
      // A guard against hanging (the sweep is 5 minutes away); speed is the convergence bench's.
      15_000,
    );
    const afterwards = await health();
    assert.ok(
      (afterwards.body.intake.outcomes.accepted ?? 0) > (before.body.intake.outcomes.accepted ?? 0),
      'the intake accepted the event (it was not taken for an echo of the app’s own write)',
    );
    assert.ok(afterwards.body.queue.done > before.body.queue.done, 'the worker handled the queued event');
    assert.equal(afterwards.body.queue.dead, 0);
    process.stderr.write(`# webhook → read model in ${replica.ms.toFixed(0)} ms\n`);
  });

  it('imports a unit file with `realty import-units` through the running app (it owns the store)', async () => {
    const file = path.join(install.home, 'while-running.xlsx');
    const report = path.join(install.home, 'while-running-report.xlsx');
    const row = { complex: 'ЖК «Северный парк»', building: '1', section: 1, floor: 14, positionOnFloor: 9 };
    await writeFile(
      file,
      await workbookBuffer([
        unitRow({ ...row, externalCode: 'WHILE-1', number: '1499' }),
        unitRow({ ...row, externalCode: 'WHILE-2', number: '1498', positionOnFloor: 8, totalArea: 'много' }),
      ]),
    );
    const result = await runRealty(['import-units', file, '--json', '--report', report], install.env, {
      timeoutMs: 90_000,
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /realty start is running .*: «registry import-file» goes through it/);
    const out = z
      .object({
        counts: z.object({ create: z.number(), rejected: z.number() }),
        problems: z.array(z.object({ row: z.number(), column: z.string().optional(), reason: z.string() })),
        result: z.object({ created: z.number(), batchId: z.string() }),
      })
      .parse(JSON.parse(result.stdout));
    assert.deepEqual([out.counts.create, out.counts.rejected, out.result.created], [1, 1, 1]);
    assert.equal(out.problems[0]?.row, 3, 'the bad row is named');
    assert.equal(out.problems[0]?.column, 'J', 'at its cell (total area)');
    const found = z
      .object({ totalCount: z.number() })
      .parse(await devhostRest('GET', '/rest/units?limit=1&filter=externalCode%5Beq%5D%3AWHILE-1'));
    assert.equal(found.totalCount, 1, 'the unit is in Twenty');
    assert.equal((await readFile(report)).subarray(0, 2).toString(), 'PK', 'the report is an xlsx file');
    unitCount += 1;
  });

  it('refuses a second `realty start` on the same home with exit 2, naming the busy port or directory', async () => {
    const second = await runRealty(['start'], install.env, { timeoutMs: 60_000 });
    assert.equal(second.code, 2, second.stderr);
    assert.match(
      second.stderr,
      new RegExp(`${install.home}|:${install.devhostPort}|:${install.port}`),
      'the message says what is busy',
    );
    assert.doesNotMatch(second.stderr, /\n\s+at /, 'no stack trace');
    assert.doesNotMatch(second.stdout, /twenty-realty ready/);
    assert.equal((await healthz(install.appUrl)).status, 200, 'the first one keeps running');
  });

  it('stops cleanly on SIGTERM (exit 0) and starts warm on the same data without seeding again', async () => {
    assert.ok(first);
    const cold = first.ready.seconds;
    const code = await first.stop('SIGTERM');
    assert.equal(code, 0, first.output().stderr);
    await assert.rejects(fetch(`${install.appUrl}/healthz`), 'the app port is closed');

    warm = await startRealty(install.env, { timeoutMs: 60_000 });
    assert.doesNotMatch(warm.output().stderr, /seeding the demo data/);
    assert.match(warm.output().stderr, /API key kept/);
    assert.equal(await countUnits(), unitCount, 'the units were not seeded twice');
    assert.equal((await healthz(install.appUrl)).status, 200);
    process.stderr.write(
      `# realty start: ready in ${cold}s after an interrupted first start (wall ${first.wallSeconds.toFixed(1)}s), warm ready in ${warm.ready.seconds}s (wall ${warm.wallSeconds.toFixed(1)}s)\n`,
    );
    assert.equal(await warm.stop('SIGTERM'), 0);
  });
});
