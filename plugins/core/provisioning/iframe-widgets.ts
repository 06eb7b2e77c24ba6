/**
 * For workspaces without the exported Twenty app (older Twenty, or none wanted): `realty setup` adds
 * a dashboard «twenty-realty» holding Twenty's built-in iFrame widgets pointed at the project's embed
 * pages (the chessboard, the auctions registry) where the workspace supports page layouts.
 *
 * From Twenty's source (twentyhq/twenty, 2026): REST `/rest/metadata/pageLayouts` (type DASHBOARD),
 * `/rest/metadata/pageLayoutTabs` ({ title, pageLayoutId, position, layoutMode }),
 * `/rest/metadata/pageLayoutWidgets` ({ pageLayoutTabId, title, type: IFRAME, gridPosition,
 * configuration: { configurationType: IFRAME, url } }), all admitting an API key whose role has the
 * Layouts permission; a dashboard is a `dashboards` record ({ title, pageLayoutId }). The widget's URL
 * is fixed (no record templating), so record pages get no iFrame widget: the record tabs are the
 * app's. The widget passes nothing to the page: it relies on the browser's own session of the
 * project (a deployment on the same site as Twenty). Idempotent: widgets already there are kept.
 */
import type { TwentyClient } from '../../../sdk/index';
import {
  TwentyApiError,
  TwentyNotFoundError,
  TwentyPermissionError,
  TwentyValidationError,
} from '../../../sdk/index';

export const IFRAME_DASHBOARD_NAME = 'twenty-realty';
const TAB_TITLE = 'Недвижимость';

export interface IframeWidgetPage {
  /** The page's path (`/chessboard`): the widget opens `<publicUrl>/embed<path>`. */
  readonly path: string;
  readonly title: string;
}

/** The pages worth a dashboard widget, when their plugin is enabled (whole pages, no record). */
export const IFRAME_WIDGET_PAGES: readonly IframeWidgetPage[] = [
  { path: '/auctions', title: 'Реестр торгов' },
  { path: '/chessboard', title: 'Шахматка' },
];

export interface IframeWidgetsReport {
  /** supported: the workspace has page layouts; created/kept: widgets by URL. */
  readonly supported: boolean;
  readonly created: string[];
  readonly kept: string[];
  readonly lines: string[];
}

type Item = Record<string, unknown> & { id: string };

/** Twenty's metadata lists come bare, as `{ data: [...] }` or `{ data: { <plural>: [...] } }`. */
function itemsOf(answer: unknown): Item[] {
  const data = (answer as { data?: unknown } | undefined)?.data ?? answer;
  if (Array.isArray(data)) return data as Item[];
  if (data && typeof data === 'object') {
    const first = Object.values(data).find(Array.isArray);
    if (first) return first as Item[];
  }
  return [];
}

/** A created entity, bare or in `{ data: { createX: … } }`. */
function entityOf(answer: unknown): Item {
  const data = (answer as { data?: unknown } | undefined)?.data ?? answer;
  if (data && typeof data === 'object' && 'id' in data) return data as Item;
  const inner = data && typeof data === 'object' ? Object.values(data)[0] : undefined;
  if (inner && typeof inner === 'object' && 'id' in inner) return inner as Item;
  throw new Error(`unexpected answer: ${JSON.stringify(answer).slice(0, 200)}`);
}

export async function provisionIframeWidgets(options: {
  client: TwentyClient;
  publicUrl: string;
  /** The paths of the enabled plugins' pages. */
  pagePaths: readonly string[];
  dryRun?: boolean;
}): Promise<IframeWidgetsReport> {
  const { client } = options;
  const base = options.publicUrl.replace(/\/+$/, '');
  const wanted = IFRAME_WIDGET_PAGES.filter((p) => options.pagePaths.includes(p.path)).map((p) => ({
    ...p,
    url: `${base}/embed${p.path}`,
  }));
  const say = (line: string) => `iFrame widgets: ${line}`;
  if (wanted.length === 0)
    return {
      supported: false,
      created: [],
      kept: [],
      lines: [say('no page to show (chessboard and auctions are not enabled)')],
    };

  let layouts: Item[];
  try {
    layouts = itemsOf(
      await client.request({
        method: 'GET',
        path: '/rest/metadata/pageLayouts',
        query: { pageLayoutType: 'DASHBOARD' },
      }),
    );
  } catch (error) {
    // Older Twenty answers an unknown metadata path 400 «Query path … invalid» (devhost too), newer 404.
    const unknownPath =
      error instanceof TwentyNotFoundError ||
      (error instanceof TwentyValidationError && /query path .* invalid/i.test(error.message));
    if (unknownPath)
      return {
        supported: false,
        created: [],
        kept: [],
        lines: [
          say(
            'this Twenty has no page layouts (dashboards need Twenty ≥ 1.10): none added; the pages stay reachable through the records’ links',
          ),
        ],
      };
    if (error instanceof TwentyPermissionError)
      return {
        supported: false,
        created: [],
        kept: [],
        lines: [say('the API key’s role lacks the Layouts permission: none added')],
      };
    throw error;
  }

  const created: string[] = [];
  const kept: string[] = [];
  const lines: string[] = [];
  let layout = layouts.find((l) => l.name === IFRAME_DASHBOARD_NAME);
  let tab: Item | undefined;
  let existing: Item[] = [];
  if (layout) {
    const tabs = itemsOf(
      await client.request({
        method: 'GET',
        path: '/rest/metadata/pageLayoutTabs',
        query: { pageLayoutId: layout.id },
      }),
    );
    tab = tabs[0];
    if (tab)
      existing = itemsOf(
        await client.request({
          method: 'GET',
          path: '/rest/metadata/pageLayoutWidgets',
          query: { pageLayoutTabId: tab.id },
        }),
      );
  }
  const urlOf = (w: Item) => (w.configuration as { url?: string } | undefined)?.url;
  const missing = wanted.filter((w) => {
    const there = existing.some((e) => urlOf(e) === w.url);
    if (there) kept.push(w.url);
    return !there;
  });

  if (options.dryRun) {
    if (!layout) lines.push(say(`would add the dashboard «${IFRAME_DASHBOARD_NAME}»`));
    for (const w of missing) lines.push(say(`would add «${w.title}» → ${w.url}`));
    for (const url of kept) lines.push(say(`kept ${url}`));
    return { supported: true, created: missing.map((w) => w.url), kept, lines };
  }

  try {
    if (!layout) {
      layout = entityOf(
        await client.request({
          method: 'POST',
          path: '/rest/metadata/pageLayouts',
          body: { name: IFRAME_DASHBOARD_NAME, type: 'DASHBOARD' },
        }),
      );
      lines.push(say(`added the dashboard «${IFRAME_DASHBOARD_NAME}»`));
      // A dashboard shows in Twenty's navigation as a `dashboards` record pointing at its layout.
      try {
        await client.request({
          method: 'POST',
          path: '/rest/dashboards',
          body: { title: IFRAME_DASHBOARD_NAME, pageLayoutId: layout.id },
        });
      } catch (error) {
        if (!(error instanceof TwentyApiError)) throw error;
        lines.push(
          say(`the dashboard record could not be created (${error.status}); open the layout from Settings`),
        );
      }
    }
    if (!tab)
      tab = entityOf(
        await client.request({
          method: 'POST',
          path: '/rest/metadata/pageLayoutTabs',
          body: { title: TAB_TITLE, pageLayoutId: layout.id, position: 0, layoutMode: 'GRID' },
        }),
      );
    let row = existing.length * 8;
    for (const w of missing) {
      await client.request({
        method: 'POST',
        path: '/rest/metadata/pageLayoutWidgets',
        body: {
          pageLayoutTabId: tab.id,
          title: w.title,
          type: 'IFRAME',
          gridPosition: { row, column: 0, rowSpan: 8, columnSpan: 12 },
          configuration: { configurationType: 'IFRAME', url: w.url },
        },
      });
      row += 8;
      created.push(w.url);
      lines.push(say(`added «${w.title}» → ${w.url}`));
    }
  } catch (error) {
    if (error instanceof TwentyPermissionError)
      return {
        supported: true,
        created,
        kept,
        lines: [...lines, say('the API key’s role lacks the Layouts permission: stopped')],
      };
    throw error;
  }
  for (const url of kept) lines.push(say(`kept ${url}`));
  if (created.length > 0)
    lines.push(
      say(
        'the widget opens the page with the browser’s own session of the project (sign in once in a tab; cross-site deployments need the app instead: realty twenty-app)',
      ),
    );
  return { supported: true, created, kept, lines };
}
