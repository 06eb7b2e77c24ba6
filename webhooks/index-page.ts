/**
 * The pages index at `/`: who is signed in and which pages the installed
 * plugins offer. Plain server-rendered HTML: it must work before any page
 * bundle exists.
 */

import type { StaffIdentity } from '../plugins/core/auth/index';
import type { RegisteredRoute } from '../plugins/core/plugin/index';

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const esc = escapeHtml;

export function renderIndexPage(input: {
  identity: StaffIdentity | undefined;
  routes: readonly RegisteredRoute[];
  twentyUrl: string;
}): string {
  const pages = input.routes.filter(
    (r) => r.method === 'GET' && !r.path.startsWith('/api/') && !r.path.includes(':'),
  );
  const items =
    pages.length === 0
      ? '<li class="empty">No pages are installed yet.</li>'
      : pages
          .map(
            (r) =>
              `<li><a href="${esc(r.path)}">${esc(r.description ?? r.path)}</a> <small>${esc(r.plugin)} · ${esc(r.roles.join(', '))}</small></li>`,
          )
          .join('\n');
  const who = input.identity
    ? `Signed in as <b>${esc(input.identity.email)}</b> (${esc(input.identity.role)}) · <a href="/auth/logout">sign out</a>`
    : 'Not signed in: open the sign-in link <code>realty start</code> printed, or run <code>realty staff-token --member EMAIL</code>.';
  return `<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>twenty-realty</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:52rem;color:#222}
small{color:#777}li{margin:.3rem 0}.empty{color:#777}header{border-bottom:1px solid #ddd;margin-bottom:1rem}</style></head>
<body><header><h1>twenty-realty</h1><p id="who">${who}</p></header>
<h2>Pages</h2><ul id="pages">${items}</ul>
<h2>Service</h2><ul>
<li><a href="/healthz">/healthz</a> — store, Twenty and queue health, dead letters</li>
<li><a href="${esc(input.twentyUrl)}">Twenty</a> — ${esc(input.twentyUrl)}</li>
</ul></body></html>`;
}
