/**
 * Pages and their assets. A page is a route that answers HTML inside the one
 * page shell (header with the pages the signed-in role may use, who is signed
 * in, Russian first, the shared client helpers): the plugin renders only the
 * page's own content. Assets are files of the plugin's `pages/` folder served
 * at `/assets/<plugin>/<file>` with cache headers.
 */
import { DeclarationError } from './declaration-error';
import type { RouteAccess } from './define-route';

export interface PageTitle {
  readonly ru: string;
  readonly en: string;
}

export interface PageDeclaration {
  readonly kind: 'page';
  /** The GET path of the page route (that route is declared in `routes` and renders with the shell). */
  readonly path: string;
  readonly title: PageTitle;
  readonly roles: readonly RouteAccess[];
  /** Order in the navigation (lower first). */
  readonly order?: number;
}

export interface PageAssets {
  /** Absolute directory of the plugin's asset files (e.g. `fileURLToPath(new URL('./pages/assets', import.meta.url))`). */
  readonly dir: string;
  /** The files served; anything else is a 404. */
  readonly files: readonly string[];
  /**
   * Served files that live elsewhere, by name → absolute path: a package's file resolved at start
   * (`createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js')`) instead of a committed
   * symlink into node_modules. Each name must also be listed in `files`.
   */
  readonly resolved?: Readonly<Record<string, string>>;
  /**
   * Served files the plugin writes itself, by name → content: a stylesheet generated from a
   * vocabulary (`.st-FREE { background: … }`), so pages colour badges with classes, not inline
   * styles the CSP refuses. Built once, on the first request. Each name must also be listed in `files`.
   */
  readonly generated?: Readonly<Record<string, () => string>>;
}

export function definePage(config: Omit<PageDeclaration, 'kind'>): PageDeclaration {
  const problems: string[] = [];
  if (typeof config?.path !== 'string' || !config.path.startsWith('/'))
    problems.push('path must start with "/"');
  if (!config?.title?.ru || !config?.title?.en) problems.push('title needs ru and en');
  if (!Array.isArray(config?.roles) || config.roles.length === 0) problems.push('roles is empty');
  if (problems.length > 0)
    throw new DeclarationError('invalid_route', `definePage(${String(config?.path)})`, problems);
  return Object.freeze({ kind: 'page', ...config });
}
