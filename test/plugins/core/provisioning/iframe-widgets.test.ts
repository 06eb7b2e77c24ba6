/**
 * `realty setup`'s iFrame widgets, against a Twenty stand-in that answers the page-layout REST API
 * the way Twenty's source declares it (pageLayouts / pageLayoutTabs / pageLayoutWidgets, dashboards
 * records): a dry run says what it would add and writes nothing; a run adds the dashboard with a
 * widget per embed page of the enabled plugins; a second run keeps them; a Twenty without page
 * layouts (404) and a key without the Layouts permission (403) are said, nothing written.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { provisionIframeWidgets } from '../../../../plugins/core/provisioning/iframe-widgets';
import { createTwentyClient, type TwentyClient } from '../../../../sdk/index';

type Row = Record<string, unknown> & { id: string };
const state = {
  mode: 'layouts' as 'layouts' | 'none' | 'gone' | 'forbidden',
  layouts: [] as Row[],
  tabs: [] as Row[],
  widgets: [] as Row[],
  dashboards: [] as Row[],
  writes: 0,
};
let server: Server;
let client: TwentyClient;

async function bodyOf(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
}

const PUBLIC_URL = 'https://realty.example.ru';

describe('iFrame widgets on a dashboard (realty setup)', () => {
  before(async () => {
    server = createServer(async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://twenty');
      const send = (status: number, body: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      // An older Twenty (and devhost): an unknown metadata path is a 400 «Query path … invalid».
      if (state.mode === 'none' && url.pathname.startsWith('/rest/metadata/page'))
        return send(400, {
          statusCode: 400,
          error: 'BadRequestException',
          messages: [`Query path '${url.pathname}' invalid. Valid examples: /rest/metadata/fields`],
        });
      if (state.mode === 'gone' && url.pathname.startsWith('/rest/metadata/page'))
        return send(404, { statusCode: 404, error: 'Not Found', messages: [`Cannot GET ${url.pathname}`] });
      if (state.mode === 'forbidden')
        return send(403, { statusCode: 403, error: 'Forbidden', messages: ['Permission denied: LAYOUTS'] });
      const create = async (list: Row[]) => {
        state.writes += 1;
        const row = { id: randomUUID(), ...(await bodyOf(req)) };
        list.push(row);
        return send(201, row);
      };
      const key = `${req.method} ${url.pathname}`;
      if (key === 'GET /rest/metadata/pageLayouts')
        return send(200, {
          data: state.layouts.filter((l) => l.type === url.searchParams.get('pageLayoutType')),
          pageInfo: { hasNextPage: false },
          totalCount: state.layouts.length,
        });
      if (key === 'POST /rest/metadata/pageLayouts') return create(state.layouts);
      if (key === 'GET /rest/metadata/pageLayoutTabs')
        return send(200, {
          data: state.tabs.filter((t) => t.pageLayoutId === url.searchParams.get('pageLayoutId')),
        });
      if (key === 'POST /rest/metadata/pageLayoutTabs') return create(state.tabs);
      if (key === 'GET /rest/metadata/pageLayoutWidgets')
        return send(200, {
          data: state.widgets.filter((w) => w.pageLayoutTabId === url.searchParams.get('pageLayoutTabId')),
        });
      if (key === 'POST /rest/metadata/pageLayoutWidgets') return create(state.widgets);
      if (key === 'POST /rest/dashboards') {
        state.writes += 1;
        const row = { id: randomUUID(), ...(await bodyOf(req)) };
        state.dashboards.push(row);
        return send(201, { data: { createDashboard: row } });
      }
      return send(404, { statusCode: 404, error: 'Not Found', messages: [`Cannot ${key}`] });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = createTwentyClient({
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      apiKey: 'test-key',
    });
  });
  after(() => {
    server?.close();
  });

  const run = (dryRun: boolean, pagePaths = ['/chessboard', '/auctions', '/import']) =>
    provisionIframeWidgets({ client, publicUrl: `${PUBLIC_URL}/`, pagePaths, dryRun });

  it('on a dry run says what it would add and writes nothing', async () => {
    const report = await run(true);
    assert.equal(report.supported, true);
    assert.equal(state.writes, 0);
    assert.deepEqual(report.lines, [
      'iFrame widgets: would add the dashboard «twenty-realty»',
      `iFrame widgets: would add «Реестр торгов» → ${PUBLIC_URL}/embed/auctions`,
      `iFrame widgets: would add «Шахматка» → ${PUBLIC_URL}/embed/chessboard`,
    ]);
  });

  it('adds the dashboard, its record and one IFRAME widget per embed page, then keeps them', async () => {
    const report = await run(false);
    assert.deepEqual(report.created, [`${PUBLIC_URL}/embed/auctions`, `${PUBLIC_URL}/embed/chessboard`]);
    assert.equal(state.layouts.length, 1);
    assert.deepEqual(
      { name: state.layouts[0]?.name, type: state.layouts[0]?.type },
      { name: 'twenty-realty', type: 'DASHBOARD' },
    );
    assert.deepEqual(
      state.dashboards.map((d) => d.pageLayoutId),
      [state.layouts[0]?.id],
    );
    assert.deepEqual(
      state.widgets.map((w) => [w.type, w.configuration, w.pageLayoutTabId === state.tabs[0]?.id]),
      [
        ['IFRAME', { configurationType: 'IFRAME', url: `${PUBLIC_URL}/embed/auctions` }, true],
        ['IFRAME', { configurationType: 'IFRAME', url: `${PUBLIC_URL}/embed/chessboard` }, true],
      ],
    );
    assert.ok(report.lines.some((l) => /browser’s own session/.test(l)));
    const writes = state.writes;
    const again = await run(false);
    assert.deepEqual(again.created, []);
    assert.equal(again.kept.length, 2);
    assert.equal(state.writes, writes, 'a second run writes nothing');
  });

  it('adds only the pages of enabled plugins (a widget for a plugin enabled later)', async () => {
    state.layouts = [];
    state.tabs = [];
    state.widgets = [];
    await run(false, ['/auctions']);
    assert.equal(state.widgets.length, 1);
    const later = await run(false, ['/auctions', '/chessboard']);
    assert.deepEqual(later.created, [`${PUBLIC_URL}/embed/chessboard`]);
    assert.equal(state.layouts.length, 1, 'one dashboard');
  });

  it('says when the workspace has no page layouts or the key lacks the Layouts permission', async () => {
    state.mode = 'none';
    const none = await run(false);
    assert.equal(none.supported, false);
    assert.match(none.lines.join('\n'), /no page layouts/);
    state.mode = 'gone';
    assert.match((await run(false)).lines.join('\n'), /no page layouts/);
    state.mode = 'forbidden';
    const forbidden = await run(false);
    assert.match(forbidden.lines.join('\n'), /lacks the Layouts permission/);
    state.mode = 'layouts';
  });
});
