/**
 * The one page shell as a signed-in person meets it: Russian first, the
 * navigation holding only the pages their role may use (an admin sees all),
 * who is signed in with the role in Russian and a sign-out link, the shared
 * helpers before the page's own assets, and data escaped.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PartnerScope, Principal } from '../../../../plugins/core/access/index';
import { type NavPage, pagesFor, renderPage } from '../../../../plugins/core/pages/index';

const PAGES: NavPage[] = [
  { path: '/import', title: { ru: 'Импорт квартир', en: 'Unit import' }, roles: ['admin'], order: 20 },
  {
    path: '/chessboard',
    title: { ru: 'Шахматка', en: 'Chessboard' },
    roles: ['sales', 'callcenter'],
    order: 10,
  },
  { path: '/reports', title: { ru: 'Отчёты', en: 'Reports' }, roles: ['finance'], order: 30 },
  { path: '/feed', title: { ru: 'Фид', en: 'Feed' }, roles: ['public'], order: 40 },
  { path: '/portal', title: { ru: 'Портал агентства', en: 'Agency portal' }, roles: ['partner'], order: 50 },
];

const staff = (role: 'admin' | 'sales' | 'finance'): Principal => ({
  kind: 'staff',
  memberId: '6d0f8e2a-1f0b-4a53-9c1e-2f1b7a3c9d10',
  email: `${role}@realty.test`,
  role,
});

/** The navigation's link texts, in order. */
function nav(html: string): string[] {
  const block = /<nav id="nav"[^>]*>(.*?)<\/nav>/s.exec(html)?.[1] ?? '';
  return [...block.matchAll(/<a href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map((m) => `${m[2]} ${m[1]}`);
}

const page = (principal: Principal, extra: Partial<Parameters<typeof renderPage>[0]> = {}) =>
  renderPage({
    title: { ru: 'Шахматка', en: 'Chessboard' },
    principal,
    pages: PAGES,
    content: '<p id="own">содержимое</p>',
    ...extra,
  });

describe('renderPage', () => {
  it('lists in the navigation only the pages the role may use, so a salesperson and a finance officer see different menus', () => {
    assert.deepEqual(nav(page(staff('sales'))), ['Шахматка /chessboard', 'Фид /feed']);
    assert.deepEqual(nav(page(staff('finance'))), ['Отчёты /reports', 'Фид /feed']);
  });

  it('shows an admin every staff page, in the declared order, and none of the partner portal’s', () => {
    assert.deepEqual(nav(page(staff('admin'))), [
      'Шахматка /chessboard',
      'Импорт квартир /import',
      'Отчёты /reports',
      'Фид /feed',
    ]);
    for (const role of ['admin', 'sales', 'finance'] as const)
      assert.equal(
        pagesFor(staff(role), PAGES).some((p) => p.path === '/portal'),
        false,
        `${role} is offered no partner page`,
      );
  });

  it('offers a page both staff and partners use (the chessboard) to each of them', () => {
    const shared: NavPage[] = [
      { path: '/board', title: { ru: 'Доска', en: 'Board' }, roles: ['sales', 'partner'] },
    ];
    const partner: Principal = {
      kind: 'partner',
      agencyId: 'a',
      userId: 'u',
      scope: {} as PartnerScope, // opaque to core: the gateway plugin's shape
    };
    assert.equal(pagesFor(staff('admin'), shared).length, 1);
    assert.equal(pagesFor(staff('sales'), shared).length, 1);
    assert.equal(pagesFor(partner, shared).length, 1);
    assert.equal(pagesFor(staff('finance'), shared).length, 0);
  });

  it('shows nobody-signed-in only public pages and how to sign in', () => {
    const html = page({ kind: 'anonymous' });
    assert.deepEqual(nav(html), ['Фид /feed']);
    assert.match(html, /Вход не выполнен.*realty staff-token/s);
    assert.doesNotMatch(html, /Выйти/);
  });

  it('says who is signed in, with the role in Russian and a sign-out link', () => {
    const html = page(staff('sales'));
    assert.match(
      html,
      /<span class="who-email">sales@realty\.test<\/span> <span class="who-role">продажи<\/span>/,
    );
    assert.match(html, /<a id="sign-out" href="\/auth\/logout">Выйти<\/a>/);
    assert.match(page(staff('admin')), /who-role">администратор</);
  });

  it('is Russian first: <html lang="ru">, Russian titles; English only when asked', () => {
    const html = page(staff('sales'));
    assert.match(html, /^<!doctype html>\n<html lang="ru">/);
    assert.match(html, /<title>Шахматка — twenty-realty<\/title>/);
    const en = page(staff('sales'), { lang: 'en' });
    assert.match(en, /<html lang="en">/);
    assert.deepEqual(nav(en), ['Chessboard /chessboard', 'Feed /feed']);
  });

  it('marks the current page in the navigation', () => {
    assert.match(page(staff('sales')), /<a href="\/chessboard" aria-current="page">Шахматка<\/a>/);
    assert.match(page(staff('sales'), { path: '/feed' }), /<a href="\/feed" aria-current="page">/);
  });

  it("loads the shared stylesheet and helpers first, then the page's own assets in order", () => {
    const html = page(staff('sales'), {
      styles: ['/assets/chessboard/chessboard.css'],
      scripts: ['/assets/chessboard/grid.js', '/assets/chessboard/chessboard.js'],
    });
    const styles = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)">/g)].map((m) => m[1]);
    const scripts = [...html.matchAll(/<script src="([^"]+)" defer><\/script>/g)].map((m) => m[1]);
    assert.deepEqual(styles, ['/assets/core/realty.css', '/assets/chessboard/chessboard.css']);
    assert.deepEqual(scripts, [
      '/assets/core/realty.js',
      '/assets/chessboard/grid.js',
      '/assets/chessboard/chessboard.js',
    ]);
  });

  it('shows a refusal in the banner from the first paint, escaped, with its status and code', () => {
    const html = page(staff('sales'), {
      problem: { status: 404, code: 'building_not_found', message: 'Нет корпуса <b>7</b>' },
    });
    assert.match(
      html,
      /<div id="realty-error" class="realty-error" role="alert"><span class="realty-error-message">Нет корпуса &#60;b&#62;7&#60;\/b&#62;<\/span> <small class="realty-error-code">404 building_not_found<\/small>/,
    );
    assert.doesNotMatch(html, /realty-error[^>]*hidden/);
  });

  it('holds the error banner the client helpers fill, and the content inside <main>', () => {
    const html = page(staff('sales'));
    assert.match(html, /<div id="realty-error" class="realty-error" role="alert" hidden><\/div>/);
    assert.match(html, /<main id="content">\n<p id="own">содержимое<\/p>\n<\/main>/);
  });

  it('escapes what it prints from data (e-mail, page titles, attributes)', () => {
    const html = renderPage({
      title: 'A <script>',
      principal: { ...staff('sales'), email: '<img src=x onerror=alert(1)>@x' } as Principal,
      pages: [{ path: '/x"y', title: { ru: '<b>', en: 'b' }, roles: ['sales'] }],
      content: '',
      bodyAttributes: { 'data-board': '"><script>' },
    });
    assert.doesNotMatch(html, /<img|<b>|<script>[^<]/);
    assert.match(html, /&#60;img src=x onerror=alert\(1\)&#62;/);
  });
});

describe('pagesFor', () => {
  it('gives a partner only partner and public pages, and the system principal none', () => {
    const partner: Principal = {
      kind: 'partner',
      agencyId: 'a',
      userId: 'u',
      scope: {} as PartnerScope, // opaque to core: the gateway plugin's shape
    };
    assert.deepEqual(
      pagesFor(partner, PAGES).map((p) => p.path),
      ['/feed', '/portal'],
    );
    assert.deepEqual(
      pagesFor({ kind: 'system', reason: 'test' }, PAGES).map((p) => p.path),
      ['/feed'],
    );
  });
});
