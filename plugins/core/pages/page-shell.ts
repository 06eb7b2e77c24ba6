/**
 * The one page shell: every page of the app is this document with the page's
 * own content inside — a header with the app's name, the pages the signed-in
 * principal may use, who is signed in (with sign-out), the error banner that
 * `realty.fetchJson` fills, the shared stylesheet and client helpers, then the
 * page's own assets. Russian first. A page renders only its content.
 */
import type { Principal } from '../access/access-types';
import type { PageTitle } from '../plugin/define-page';
import type { RouteAccess } from '../plugin/define-route';
import { escapeHtml } from './format';
import { staffRoleRu } from './staff-roles';

export const APP_NAME = 'twenty-realty';
/** The shared helpers and stylesheet every page loads (served from core's assets). */
export const CORE_SCRIPT = '/assets/core/realty.js';
export const CORE_STYLE = '/assets/core/realty.css';

export type PageLang = 'ru' | 'en';

/** A page as the navigation needs it (RegisteredPage fits). */
export interface NavPage {
  readonly path: string;
  readonly title: PageTitle;
  readonly roles: readonly RouteAccess[];
  readonly order?: number;
}

export interface PageInput {
  /** The document title and the page's heading in the header. */
  title: string | PageTitle;
  principal: Principal;
  /** Every page of the registry; the shell keeps those the principal may use. */
  pages: readonly NavPage[];
  /** The page's own HTML, already escaped where it holds data. */
  content: string;
  /** The page's scripts (`/assets/<plugin>/<file>`), loaded after the shared helpers, in order. */
  scripts?: readonly string[];
  styles?: readonly string[];
  lang?: PageLang;
  /** The path of this page, marked in the navigation (default: the page whose title matches). */
  path?: string;
  /** Extra markup for <head> (inline data; no <style> or style attributes: the CSP refuses inline styles). */
  head?: string;
  /** Attributes of <body>, e.g. `{ 'data-admin': 'true' }`. */
  bodyAttributes?: Readonly<Record<string, string>>;
  /** What the header says to someone not signed in (HTML; default: how staff sign in). The partner portal says its own. */
  signedOutHint?: string;
  /** A refusal to show in the banner from the first paint (the one error body): a bad query, a missing record. */
  problem?: BannerProblem;
}

/** What the banner shows of the one error body. */
export interface BannerProblem {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly row?: number;
}

/** The banner as `realty.showError` draws it: the message, the row it concerns, the status and code. */
function banner(problem: BannerProblem | undefined, lang: PageLang): string {
  if (!problem) return '<div id="realty-error" class="realty-error" role="alert" hidden></div>';
  const where =
    problem.row !== undefined
      ? ` <span class="realty-error-where">${lang === 'ru' ? 'строка' : 'row'} ${problem.row}</span>`
      : '';
  return `<div id="realty-error" class="realty-error" role="alert"><span class="realty-error-message">${escapeHtml(
    problem.message,
  )}</span>${where} <small class="realty-error-code">${problem.status} ${escapeHtml(problem.code)}</small><button type="button" class="realty-error-close" aria-label="${lang === 'ru' ? 'Закрыть' : 'Close'}">×</button></div>`;
}

/**
 * May this principal open a page admitting `roles`, so the navigation offers it? Admin may open every
 * staff page; pages only agency users use (the partner portal) belong to partners' navigation alone.
 */
export function pageAllowed(principal: Principal, roles: readonly RouteAccess[]): boolean {
  if (roles.includes('public')) return true;
  switch (principal.kind) {
    case 'staff':
      return principal.role === 'admin'
        ? roles.some((role) => role !== 'partner')
        : roles.includes(principal.role);
    case 'partner':
      return roles.includes('partner');
    case 'anonymous':
    case 'system':
      return false;
    default: {
      const never: never = principal;
      return never;
    }
  }
}

/**
 * Whether the page at `path` is installed and this principal may use it: a plugin links to another
 * plugin's page or download (a unit's documents) only then, without importing it.
 */
export function mayUsePage(principal: Principal, pages: readonly NavPage[], path: string): boolean {
  return pages.some((p) => p.path === path && pageAllowed(principal, p.roles));
}

/** The pages this principal may use, in navigation order (order, then title). */
export function pagesFor<P extends NavPage>(principal: Principal, pages: readonly P[]): P[] {
  return pages
    .filter((p) => pageAllowed(principal, p.roles))
    .sort((a, b) => (a.order ?? 100) - (b.order ?? 100) || a.title.ru.localeCompare(b.title.ru, 'ru'));
}

const titleIn = (title: string | PageTitle, lang: PageLang): string =>
  typeof title === 'string' ? title : title[lang];

function who(principal: Principal, lang: PageLang): string {
  const signOut = `<a id="sign-out" href="/auth/logout">${lang === 'ru' ? 'Выйти' : 'Sign out'}</a>`;
  switch (principal.kind) {
    case 'staff':
      return `<span class="who-email">${escapeHtml(principal.email)}</span> <span class="who-role">${escapeHtml(
        lang === 'ru' ? staffRoleRu(principal.role) : principal.role,
      )}</span> ${signOut}`;
    case 'partner':
      // Agency users have their own sessions (the partner portal's), ended by a JSON POST to /partner/logout.
      return `<span class="who-email">${escapeHtml(principal.email ?? principal.userId)}</span> <span class="who-role">${lang === 'ru' ? 'агентство' : 'agency'}</span> <form id="sign-out-form" method="post" action="/partner/logout" data-post-json><button id="sign-out" type="submit">${lang === 'ru' ? 'Выйти' : 'Sign out'}</button></form>`;
    case 'anonymous':
    case 'system':
      return lang === 'ru'
        ? 'Вход не выполнен: откройте ссылку, которую напечатал <code>realty start</code>, или получите её командой <code>realty staff-token --member EMAIL --role РОЛЬ</code>.'
        : 'Not signed in: open the link <code>realty start</code> printed, or get one with <code>realty staff-token --member EMAIL --role ROLE</code>.';
    default: {
      const never: never = principal;
      return never;
    }
  }
}

function navigation(input: PageInput, lang: PageLang, title: string): string {
  const allowed = pagesFor(input.principal, input.pages);
  const current = (p: NavPage) =>
    input.path !== undefined ? p.path === input.path : p.title[lang] === title;
  const links = allowed.map(
    (p) =>
      `<a href="${escapeHtml(p.path)}"${current(p) ? ' aria-current="page"' : ''}>${escapeHtml(p.title[lang])}</a>`,
  );
  return `<nav id="nav" aria-label="${lang === 'ru' ? 'Разделы' : 'Pages'}">${links.join('')}</nav>`;
}

export function renderPage(input: PageInput): string {
  const lang = input.lang ?? 'ru';
  const title = titleIn(input.title, lang);
  const styles = [CORE_STYLE, ...(input.styles ?? [])]
    .map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`)
    .join('\n');
  const scripts = [CORE_SCRIPT, ...(input.scripts ?? [])]
    .map((src) => `<script src="${escapeHtml(src)}" defer></script>`)
    .join('\n');
  const body = Object.entries(input.bodyAttributes ?? {})
    .map(([k, v]) => ` ${escapeHtml(k)}="${escapeHtml(v)}"`)
    .join('');
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — ${APP_NAME}</title>
${styles}
${input.head ?? ''}
</head>
<body${body}>
<header id="app-header">
<a id="app-name" href="/">${APP_NAME}</a>
${navigation(input, lang, title)}
<span id="who">${
    input.signedOutHint !== undefined &&
    (input.principal.kind === 'anonymous' || input.principal.kind === 'system')
      ? input.signedOutHint
      : who(input.principal, lang)
  }</span>
</header>
${banner(input.problem, lang)}
<main id="content">
${input.content}
</main>
${scripts}
</body>
</html>`;
}
