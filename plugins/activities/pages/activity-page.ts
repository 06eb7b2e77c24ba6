/**
 * The `/people/:personId/activity` page: a contact's participation history — every interaction
 * they were invited to (what, when, their role, invited / confirmed / attended, the stage), the
 * segments they are in and the SMS they received when those plugins are enabled — newest first,
 * with the counts above. Server-rendered (no script needed); a missing or hidden contact is the
 * shell with the problem in its banner.
 */
import { fileURLToPath } from 'node:url';
import type { Principal } from '../../core/access/index';
import { formatDateTime, escapeHtml as h, type NavPage, renderPage } from '../../core/pages/index';
import type { ErrorBody, PageAssets, RouteAccess } from '../../core/plugin/index';
import type { ParticipationHistory } from '../history';

export const ACTIVITY_PAGE_PATH = '/people/:personId/activity';
export const ACTIVITY_TITLE = { ru: 'История участия контакта', en: 'Contact participation history' };
export const ACTIVITIES_ROLES: RouteAccess[] = ['sales', 'finance', 'callcenter', 'marketing', 'legal'];

export const activitiesAssets: PageAssets = {
  dir: fileURLToPath(new URL('./assets', import.meta.url)),
  files: ['activities.css'],
};

const SOURCE_RU: Readonly<Record<string, string>> = {
  segments: 'сегменты (плагин не включён)',
  sms: 'SMS-рассылки (плагин не включён)',
};

export function activityContent(view: ParticipationHistory, twentyUrl: string | null): string {
  const c = view.counts;
  const rows = view.entries
    .map(
      (e) => `<tr class="entry entry-${e.kind}">
  <td class="when">${e.at ? h(formatDateTime(e.at)) : '—'}</td>
  <td>${h(e.what)}</td>
  <td>${h(e.title)}</td>
  <td class="status">${h(e.status)}</td>
  <td>${h(e.detail ?? '')}</td>
</tr>`,
    )
    .join('\n');
  const missing = view.missing.length
    ? `<p class="note">Не показаны: ${h(view.missing.map((m) => SOURCE_RU[m] ?? m).join(', '))}.</p>`
    : '';
  return `<div id="activity-page" data-person="${h(view.person.id)}">
<p class="caption">${h(ACTIVITY_TITLE.ru)}</p>
<h1>${twentyUrl ? `<a href="${h(twentyUrl)}" target="_blank" rel="noopener">${h(view.person.name)}</a>` : h(view.person.name)}</h1>
${view.person.company ? `<p class="company">${h(view.person.company)}</p>` : ''}
<ul class="counts">
  <li>Приглашений: <b id="count-invited">${c.invited}</b></li>
  <li>Присутствовал(а): <b id="count-attended">${c.attended}</b></li>
  <li>Сегментов: <b id="count-segments">${c.segments}</b></li>
  <li>SMS получено: <b id="count-sms">${c.sms}</b></li>
</ul>
${missing}
${
  view.entries.length
    ? `<table class="history"><thead><tr><th>Когда</th><th>Что</th><th>Название</th><th>Участие</th><th>Подробности</th></tr></thead><tbody>${rows}</tbody></table>`
    : '<p class="empty">Контакт ещё ни в чём не участвовал.</p>'
}
</div>`;
}

export function renderActivityPage(input: {
  principal: Principal;
  pages: readonly NavPage[];
  path: string;
  view?: ParticipationHistory;
  twentyUrl?: string | null;
  problem?: ErrorBody;
}): string {
  const content = input.view
    ? activityContent(input.view, input.twentyUrl ?? null)
    : `<div id="activity-page"><p class="empty">Контакт недоступен.</p></div>`;
  return renderPage({
    title: ACTIVITY_TITLE,
    principal: input.principal,
    pages: input.pages,
    path: input.path,
    content,
    styles: ['/assets/activities/activities.css'],
    ...(input.problem ? { problem: input.problem } : {}),
  });
}
