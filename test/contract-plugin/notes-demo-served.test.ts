/**
 * The contract plugin notes-demo served by the whole app, as `realty start`
 * runs it: installed next to the real plugins, with no line of core, the CLI
 * or the app server written for it. Setup provisions its object (devhost),
 * its migration and seed run, its route answers through the app server under
 * its policy, its page is in the shell's navigation for its roles, its asset
 * is served with cache headers, its job is listed, and a note created in
 * Twenty reaches its handler through the webhook intake.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StaffRole } from '../../plugins/core/auth/index';
import { handlersSettled, runSeeds } from '../../scripts/seeds';
import { type AppStack, pluginsFor, startAppStack } from '../support/app-stack';
import { waitFor } from '../support/wait';
import { DEMO_NOTES, demoNoteId, notesDemoPlugin } from './index';

let stack: AppStack;

before(async () => {
  stack = await startAppStack({
    name: 'contract-plugin',
    // Next to the plugins it builds on and uses: every other plugin's handlers would only queue
    // ahead of its events (1,454 demo units each) and prove nothing about the contract.
    plugins: [...pluginsFor('registry', 'chessboard'), notesDemoPlugin],
    webhook: true,
    rateLimit: { requestsPerMinute: 60_000, requestsPerSecond: 1_000 },
    devhostRequestsPerMinute: 60_000,
  });
});

after(async () => {
  await stack?.close();
});

async function get(
  path: string,
  role?: StaffRole,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; text: string }> {
  const res = await fetch(`${stack.server.url}${path}`, {
    headers: { ...(role ? { authorization: `Bearer ${stack.staffToken(role)}` } : {}), ...headers },
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

async function notesAs(
  role: StaffRole,
  query = '',
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await get(`/api/notes-demo/notes${query}`, role);
  return { status: res.status, body: JSON.parse(res.text) as Record<string, unknown> };
}

const titles = (body: Record<string, unknown>) =>
  ((body.notes ?? []) as { title: string }[]).map((n) => n.title).sort();

interface ObjectMeta {
  nameSingular: string;
  fields: { name: string; type: string }[];
}

describe('notes-demo served by the app', () => {
  it('setup provisioned its object with the relation to the registry’s building, and its extension', async () => {
    const body = (await stack.twentyRest('GET', '/rest/metadata/objects')) as {
      data: { objects: ObjectMeta[] };
    };
    const byName = new Map(body.data.objects.map((o) => [o.nameSingular, o]));
    const note = byName.get('demoNote');
    assert.ok(note, 'demoNote exists in the workspace');
    const fields = new Map(note.fields.map((f) => [f.name, f.type]));
    assert.equal(fields.get('title'), 'TEXT');
    assert.equal(fields.get('audience'), 'SELECT');
    assert.equal(fields.get('building'), 'RELATION');
    assert.ok(
      byName.get('building')?.fields.some((f) => f.name === 'demoNotes'),
      'the inverse on building',
    );
    assert.ok(
      byName.get('company')?.fields.some((f) => f.name === 'demoNotesEnabled'),
      'the extension',
    );
  });

  it('its migration created its own tables', async () => {
    const { rows } = await stack.runtime.store.sql.query<{ name: string }>(
      "select table_name as name from information_schema.tables where table_name like 'notes_demo_%' order by 1",
    );
    assert.deepEqual(
      rows.map((r) => r.name),
      ['notes_demo_events', 'notes_demo_views'],
    );
  });

  it('its seed runs after the registry’s and puts its notes in Twenty', async () => {
    // The seed it builds on and its own: every plugin's demo would add minutes and prove nothing here.
    const outcomes = await runSeeds(stack.runtime.registry, stack.runtime.contextFor, {
      only: ['registry', 'notes-demo'],
    });
    const order = outcomes.map((o) => o.plugin);
    assert.ok(order.indexOf('registry') < order.indexOf('notes-demo'), order.join(', '));
    assert.deepEqual(outcomes.find((o) => o.plugin === 'notes-demo')?.counts, { demoNote: 3 });
    // The demo's 1,454 units reach every handler first; what follows waits on single events.
    assert.ok(await handlersSettled(stack.runtime, { timeoutMs: 120_000 }), 'the handlers settled');
    const listed = (await stack.twentyRest('GET', '/rest/demoNotes?limit=10')) as {
      data: { demoNotes: { id: string; title: string; buildingId: string | null }[] };
    };
    assert.deepEqual(
      listed.data.demoNotes.map((n) => n.id).sort(),
      DEMO_NOTES.map((n) => demoNoteId(n.key)).sort(),
    );
    assert.ok(
      listed.data.demoNotes.every((n) => typeof n.buildingId === 'string'),
      'each note is about a building',
    );
  });

  it('its notes reach the read model, which has the index it declared', async () => {
    await stack.runtime.store.readModel.resync(stack.runtime.twenty, ['demoNote']);
    for (const note of DEMO_NOTES)
      assert.ok(await stack.runtime.store.readModel.get('demoNote', demoNoteId(note.key)), note.key);
    const table = stack.runtime.store.readModel.table('demoNote');
    const { rows } = await stack.runtime.store.sql.query<{ indexdef: string }>(
      'select indexdef from pg_indexes where tablename = $1',
      [table],
    );
    assert.ok(
      rows.some((r) => /buildingId|building_id/.test(r.indexdef)),
      `an index on the note's building; indexes: ${rows.map((r) => r.indexdef).join('; ')}`,
    );
  });

  it('its route answers through the app server, and its policy decides which notes come back', async () => {
    const finance = await notesAs('finance');
    assert.equal(finance.status, 200, JSON.stringify(finance.body));
    assert.deepEqual(titles(finance.body), DEMO_NOTES.map((n) => n.title).sort());
    const sales = await notesAs('sales');
    assert.equal(sales.status, 200, JSON.stringify(sales.body));
    assert.deepEqual(
      titles(sales.body),
      DEMO_NOTES.filter((n) => n.audience === 'EVERYONE')
        .map((n) => n.title)
        .sort(),
    );
    // Marketing may call the route, but the policy gives it no note.
    const marketing = await notesAs('marketing');
    assert.deepEqual([marketing.status, titles(marketing.body)], [200, []]);
  });

  it('its notes link their building’s chessboard, a plugin it only uses', async () => {
    const finance = await notesAs('finance');
    const notes = (finance.body.notes ?? []) as { title: string; boardUrl: string | null }[];
    assert.ok(notes.length > 0);
    for (const note of notes)
      assert.match(String(note.boardUrl), /^\/chessboard\?building=[0-9a-f-]{36}$/, note.title);
  });

  it('its afterSetup step tells the operator what it found in the workspace', async () => {
    const plugin = stack.runtime.registry.plugins.find((p) => p.name === 'notes-demo');
    const lines = await plugin?.afterSetup?.({ twenty: stack.runtime.twenty, dryRun: true });
    assert.deepEqual(lines, ['notes-demo: объект demoNote есть в рабочем пространстве (пробный прогон)']);
  });

  it('its handler learns a note’s previous title from the read model (keepPrevious)', async () => {
    const created = (await stack.twentyRest('POST', '/rest/demoNotes', {
      title: 'Старое название',
      audience: 'EVERYONE',
    })) as { data: { createDemoNote: { id: string } } };
    const id = created.data.createDemoNote.id;
    await waitFor('the note in the read model', async () => {
      const { rows } = await stack.runtime.store.sql.query(
        "select 1 from notes_demo_events where record_id = $1 and event = 'demoNote.created'",
        [id],
      );
      return rows.length === 1 ? true : undefined;
    });
    await stack.twentyRest('PATCH', `/rest/demoNotes/${id}`, { title: 'Новое название' });
    await waitFor('the handler to record the old title', async () => {
      const { rows } = await stack.runtime.store.sql.query<{ event: string }>(
        "select event from notes_demo_events where record_id = $1 and event like 'retitled%'",
        [id],
      );
      return rows.length === 1 ? rows[0]?.event : undefined;
    }).then((event) => assert.equal(event, 'retitled from «Старое название»'));
  });

  it('its restriction hides from legal staff the companies without demo notes', async () => {
    const make = async (name: string, demoNotesEnabled: boolean) =>
      (
        (await stack.twentyRest('POST', '/rest/companies', { name, demoNotesEnabled })) as {
          data: { createCompany: { id: string } };
        }
      ).data.createCompany.id;
    const open = await make('С заметками', true);
    const closed = await make('Без заметок', false);
    const namesAs = async (role: StaffRole) => {
      const ctx = stack.runtime.access.routeContext(
        { plugin: 'notes-demo', objects: ['company'] },
        {
          kind: 'staff',
          memberId: '00000000-0000-4000-8000-000000000001',
          email: `${role}@realty.test`,
          role,
        },
      );
      const rows = await ctx.reader.query<{ id: string }>(
        'select id from {company} where id = any($1::uuid[])',
        [[open, closed]],
      );
      return rows.map((r) => r.id).sort();
    };
    await waitFor('both companies in the read model', async () =>
      (await namesAs('admin')).length === 2 ? true : undefined,
    );
    assert.deepEqual(await namesAs('legal'), [open]);
  });

  it('its route refuses roles it does not name, callers without a token, and a bad query', async () => {
    assert.equal((await notesAs('callcenter')).status, 403);
    assert.equal((await get('/api/notes-demo/notes')).status, 401);
    const bad = await notesAs('finance', '?limit=lots');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.field, 'limit', JSON.stringify(bad.body));
  });

  it('its page is in the shell’s navigation for its roles, and only theirs', async () => {
    const link = 'href="/notes-demo"';
    assert.ok((await get('/', 'finance')).text.includes(link), 'finance sees the page in the navigation');
    assert.ok(!(await get('/', 'callcenter')).text.includes(link), 'call center does not');
    const page = await get('/notes-demo', 'sales');
    assert.equal(page.status, 200, page.text.slice(0, 300));
    assert.match(page.text, /<header id="app-header">/);
    assert.match(page.text, /<ul id="notes"/);
    assert.match(page.text, /src="\/assets\/notes-demo\/notes\.js"/);
    assert.equal((await get('/notes-demo', 'callcenter')).status, 403);
    // The page route wrote to the plugin's own table through its storage.
    const { rows } = await stack.runtime.store.sql.query('select principal from notes_demo_views');
    assert.deepEqual(rows, [{ principal: 'staff' }]);
  });

  it('its asset is served with cache headers, and nothing else from its folder', async () => {
    const asset = await get('/assets/notes-demo/notes.js');
    assert.equal(asset.status, 200);
    assert.match(asset.headers.get('content-type') ?? '', /javascript/);
    assert.match(asset.text, /\/api\/notes-demo\/notes/);
    const etag = asset.headers.get('etag');
    assert.ok(etag, 'an ETag');
    assert.match(asset.headers.get('cache-control') ?? '', /must-revalidate/);
    assert.equal(
      (await get('/assets/notes-demo/notes.js', undefined, { 'if-none-match': etag })).status,
      304,
    );
    assert.equal((await get('/assets/notes-demo/notes-page.ts')).status, 404);
  });

  it('its job is listed where `realty jobs list` reads it', async () => {
    const res = await get('/api/admin/jobs', 'admin');
    assert.equal(res.status, 200, res.text);
    const jobs = (JSON.parse(res.text) as { jobs: { key: string; cron: string }[] }).jobs;
    assert.deepEqual(
      jobs.filter((j) => j.key.startsWith('notes-demo:')).map((j) => `${j.key} ${j.cron}`),
      ['notes-demo:daily-digest 0 7 * * *'],
    );
  });

  it('its handler reacts to a note created in Twenty (webhook → intake → queue → handler)', async () => {
    const created = (await stack.twentyRest('POST', '/rest/demoNotes', {
      title: 'Создана в Twenty',
      audience: 'FINANCE',
    })) as { data: { createDemoNote: { id: string } } };
    const id = created.data.createDemoNote.id;
    await waitFor('the handler to count the new note', async () => {
      const { rows } = await stack.runtime.store.sql.query(
        "select 1 from notes_demo_events where record_id = $1 and event = 'demoNote.created'",
        [id],
      );
      return rows.length === 1 ? true : undefined;
    });
  });
});
