/**
 * Embed mode: any page of the one page shell shown inside Twenty's own UI — an iFrame widget on a
 * dashboard, or a record tab of the exported Twenty app. `?embed=1` (or the `/embed/` path prefix,
 * which the front door rewrites to it) asks for it; a page opened with an embed token (`?t=…`) is
 * embedded too. The front door turns the shell's answer into the embedded one here, so a plugin's
 * page does nothing special: no header (the widget has Twenty's), a layout that fits a widget, and
 * `/assets/core/embed.js` loaded before every other script — it keeps the page's token in memory and
 * sends it as a header on the page's own requests (no cookie, no storage: the sandbox has neither),
 * keeps links inside the widget embedded, opens downloads as plain links in a new tab (the sandbox
 * has no `allow-downloads` and no `allow-modals`), and shows what `alert`/`confirm` would say in the
 * banner instead.
 */

export const EMBED_PATH_PREFIX = '/embed';
export const EMBED_SCRIPT = '/assets/core/embed.js';
export const EMBED_STYLE = '/assets/core/embed.css';
/** The data block embed.js reads (and removes) at start: `{ "token": … }`. */
export const EMBED_DATA_ID = 'realty-embed';

/** Is this request's URL asking for embed mode (`embed=1`, or carrying an embed token `t`)? */
export function wantsEmbed(query: unknown): boolean {
  const q = (query ?? {}) as Record<string, unknown>;
  return q.embed === '1' || q.embed === 'true' || (typeof q.t === 'string' && q.t !== '');
}

/**
 * `/embed/chessboard?building=…` → `/chessboard?building=…&embed=1`: the path prefix is the same
 * request as the query flag (undefined: not an embed path).
 */
export function rewriteEmbedPath(url: string): string | undefined {
  if (
    url !== EMBED_PATH_PREFIX &&
    !url.startsWith(`${EMBED_PATH_PREFIX}/`) &&
    !url.startsWith(`${EMBED_PATH_PREFIX}?`)
  )
    return undefined;
  const rest = url.slice(EMBED_PATH_PREFIX.length);
  const [path, query] = rest.split(/\?(.*)/s, 2) as [string, string | undefined];
  const params = new URLSearchParams(query ?? '');
  params.set('embed', '1');
  return `${path === '' ? '/' : path}?${params.toString()}`;
}

/** JSON that may sit inside `<script type="application/json">` (no `</script>`, no `<!--`). */
const scriptJson = (value: unknown): string =>
  JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');

/**
 * The shell's HTML as the embedded page: `data-embed` on <body>, no header, the embed stylesheet,
 * the page's in-memory token (if it was opened with one) and embed.js ahead of every script.
 * HTML that is not the shell's passes through unchanged.
 */
export function toEmbeddedPage(html: string, options: { token?: string } = {}): string {
  if (!html.includes('<header id="app-header">')) return html;
  let out = html.replace(/<header id="app-header">[\s\S]*?<\/header>\n?/, '');
  out = out.replace(/<body(\s|>)/, '<body data-embed="1"$1');
  out = out.replace('</head>', `<link rel="stylesheet" href="${EMBED_STYLE}">\n</head>`);
  const boot = `<script type="application/json" id="${EMBED_DATA_ID}">${scriptJson({
    token: options.token ?? null,
  })}</script>\n<script src="${EMBED_SCRIPT}" defer></script>\n`;
  const firstScript = out.indexOf('<script src=');
  return firstScript >= 0
    ? `${out.slice(0, firstScript)}${boot}${out.slice(firstScript)}`
    : out.replace('</body>', `${boot}</body>`);
}
