/**
 * The pages index at `/` and the sign-in failure page, in the one page shell:
 * the pages the signed-in role may use (from the registry's `pages`), in
 * Russian, and the service links an operator needs.
 */
import type { Principal } from '../plugins/core/access/index';
import { escapeHtml, type NavPage, pagesFor, renderPage } from '../plugins/core/pages/index';
import type { RegisteredPage } from '../plugins/core/plugin/index';

export function renderIndexPage(input: {
  principal: Principal;
  pages: readonly RegisteredPage[];
  twentyUrl: string;
}): string {
  const allowed = pagesFor(input.principal, input.pages);
  const signedIn = input.principal.kind === 'staff' || input.principal.kind === 'partner';
  const items =
    allowed.length === 0
      ? `<li class="realty-empty">${signedIn ? 'Для вашей роли пока нет разделов.' : 'Войдите, чтобы увидеть разделы.'}</li>`
      : allowed
          .map(
            (p) =>
              `<li><a href="${escapeHtml(p.path)}">${escapeHtml(p.title.ru)}</a><small>${escapeHtml(p.title.en)}</small></li>`,
          )
          .join('\n');
  const service =
    input.principal.kind === 'staff'
      ? `<h2>Служебное</h2><ul class="realty-pages">
${input.principal.role === 'admin' ? '<li><a href="/api/admin/health">/api/admin/health</a><small>хранилище, Twenty, очередь, ошибки обработки</small></li>\n<li><a href="/admin/sessions">Сеансы сотрудников</a><small>кто вошёл; завершить сеансы сотрудника</small></li>\n' : ''}<li><a href="${escapeHtml(input.twentyUrl)}">Twenty</a><small>${escapeHtml(input.twentyUrl)}</small></li>
</ul>`
      : '';
  return renderPage({
    title: { ru: 'Разделы', en: 'Pages' },
    path: '/',
    principal: input.principal,
    pages: input.pages,
    content: `<h1>Разделы</h1>
<ul id="pages" class="realty-pages">${items}</ul>
${service}`,
  });
}

/** The page `/auth/login` answers when the sign-in link is refused (expired, forged, malformed). */
export function renderSignInFailedPage(input: { reason: string; pages: readonly NavPage[] }): string {
  return renderPage({
    title: { ru: 'Вход не выполнен', en: 'Sign-in failed' },
    principal: { kind: 'anonymous' },
    pages: input.pages,
    content: `<h1>Вход не выполнен</h1>
<p id="sign-in-failed">Ссылка для входа не подошла: ${escapeHtml(input.reason)}.</p>
<p class="realty-hint">Получите новую ссылку: перезапустите <code>realty start</code> или выполните
<code>realty staff-token --member EMAIL --role РОЛЬ</code>.</p>`,
  });
}
