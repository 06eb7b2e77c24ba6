/**
 * The /teams/:opportunityId page: the deal, its team with each member's level, dates and
 * status, every grant with its reason, and — for the deal's owner, an OWNER member or an admin —
 * a form to add a member and a button to remove one (the script talks to the JSON API).
 */
import { fileURLToPath } from 'node:url';
import type { Principal } from '../../core/access/index';
import {
  escapeHtml,
  formatDate,
  formatDateTime,
  formatRubMicros,
  type NavPage,
  renderPage,
} from '../../core/pages/index';
// Not in the navigation: it belongs to one deal, reached from the deal in Twenty (its «Project team» link).
import type { ErrorBody, PageAssets, RouteAccess } from '../../core/plugin/index';
import type { DealTeamsView, TeamView } from '../team-view';
import { ACCESS_LEVEL_RU, ACCESS_LEVELS } from '../vocabulary';

export const TEAMS_PAGE_PATH = '/teams/:opportunityId';
export const TEAMS_ROLES: RouteAccess[] = ['sales', 'finance', 'callcenter', 'marketing', 'legal'];
export const TEAMS_TITLE = { ru: 'Команда сделки', en: 'Deal team' };

export const teamsPageAssets: PageAssets = {
  dir: fileURLToPath(new URL('./assets', import.meta.url)),
  files: ['teams-page.js', 'teams-page.css'],
};

const STATUS_CLASS: Record<string, string> = { ACTIVE: 'ok' };

function membersTable(team: TeamView, canManage: boolean): string {
  if (team.members.length === 0) return '<p class="empty">В команде пока никого нет.</p>';
  const rows = team.members
    .map(
      (m) => `<tr data-membership="${escapeHtml(m.id)}">
  <td>${escapeHtml(m.name)}${m.email ? `<br><small>${escapeHtml(m.email)}</small>` : ''}</td>
  <td>${escapeHtml(m.projectRole ?? '—')}</td>
  <td>${escapeHtml(m.department ?? '—')}</td>
  <td class="level level-${escapeHtml(m.level.toLowerCase())}">${escapeHtml(m.levelRu)}</td>
  <td>${m.validFrom ? escapeHtml(formatDate(m.validFrom)) : 'с начала'} — ${m.validTo ? escapeHtml(formatDate(m.validTo)) : 'бессрочно'}</td>
  <td class="status ${STATUS_CLASS[m.status] ?? 'bad'}">${escapeHtml(m.statusRu)}${m.problem ? `<br><small>${escapeHtml(m.problem)}</small>` : ''}</td>
  ${canManage ? `<td><button type="button" class="remove-member" data-membership="${escapeHtml(m.id)}">Убрать</button></td>` : ''}
</tr>`,
    )
    .join('\n');
  return `<table class="members"><thead><tr><th>Участник</th><th>Роль в проекте</th><th>Отдел</th><th>Уровень</th><th>Срок</th><th>Статус</th>${canManage ? '<th></th>' : ''}</tr></thead><tbody>${rows}</tbody></table>`;
}

function grantsTable(team: TeamView): string {
  if (team.grants.length === 0) return '<p class="empty">Прав пока нет.</p>';
  const rows = team.grants
    .map(
      (g) => `<tr>
  <td>${escapeHtml(g.memberName)}</td>
  <td>${escapeHtml(g.objectRu)}</td>
  <td><a href="${escapeHtml(g.recordUrl)}" target="_blank" rel="noopener">${escapeHtml(g.recordTitle)}</a></td>
  <td class="level level-${escapeHtml(g.level.toLowerCase())}">${escapeHtml(g.levelRu)}</td>
  <td>${escapeHtml(g.reason)}</td>
  <td>${g.expiresAt ? escapeHtml(formatDateTime(g.expiresAt)) : 'бессрочно'}</td>
</tr>`,
    )
    .join('\n');
  return `<table class="grants"><thead><tr><th>Кто</th><th>Что</th><th>Запись</th><th>Уровень</th><th>Почему</th><th>До</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function addForm(view: DealTeamsView): string {
  const options = view.candidates
    .map(
      (c) =>
        `<option value="${escapeHtml(c.id)}">${escapeHtml(c.name)}${c.email ? ` (${escapeHtml(c.email)})` : ''}</option>`,
    )
    .join('');
  const allowed =
    view.yourLevel === 'ADMIN'
      ? ACCESS_LEVELS
      : ACCESS_LEVELS.filter((l) => l !== 'OWNER' || view.yourLevel === 'OWNER');
  const levels = allowed
    .map((l) => `<option value="${l}">${escapeHtml(ACCESS_LEVEL_RU[l])}</option>`)
    .join('');
  return `<form id="add-member" class="add-member">
  <h2>Добавить участника</h2>
  <label>Сотрудник <select name="memberId" required>${options}</select></label>
  <label>Уровень <select name="accessLevel">${levels}</select></label>
  <label>Роль в проекте <input name="projectRole" maxlength="200"></label>
  <label>Отдел <input name="department" maxlength="200"></label>
  <label>С <input type="date" name="validFrom"></label>
  <label>По <input type="date" name="validTo"></label>
  <button type="submit">Добавить</button>
  <p id="team-message" role="status"></p>
</form>`;
}

export function teamsPageContent(view: DealTeamsView): string {
  const d = view.deal;
  const teams = view.teams
    .map(
      (t) => `<section class="team" data-team="${escapeHtml(t.id)}">
  <h2>${escapeHtml(t.name)}${t.leadName ? ` <small>руководитель: ${escapeHtml(t.leadName)}</small>` : ''}</h2>
  ${t.problem ? `<p class="problem">${escapeHtml(t.problem)}</p>` : ''}
  ${membersTable(t, view.canManage)}
  <h3>Права и причины</h3>
  ${grantsTable(t)}
</section>`,
    )
    .join('\n');
  return `<div id="teams-page" data-opportunity="${escapeHtml(d.id)}">
<section class="deal">
  <h1><a href="${escapeHtml(d.url)}" target="_blank" rel="noopener">${escapeHtml(d.name)}</a></h1>
  <dl>
    <dt>Компания</dt><dd>${escapeHtml(d.companyName ?? '—')}</dd>
    <dt>Сумма</dt><dd>${d.amountMicros ? escapeHtml(formatRubMicros({ amountMicros: d.amountMicros })) : '—'}</dd>
    <dt>Владелец</dt><dd>${escapeHtml(d.ownerName ?? '—')}</dd>
    <dt>Ваш доступ</dt><dd>${view.yourLevel === 'ADMIN' ? 'администратор' : view.yourLevel ? escapeHtml(ACCESS_LEVEL_RU[view.yourLevel]) : 'по роли'}</dd>
  </dl>
</section>
${teams || '<p class="empty">У сделки ещё нет проектной команды.</p>'}
${view.canManage ? addForm(view) : ''}
</div>`;
}

export function renderTeamsPage(input: {
  principal: Principal;
  pages: readonly NavPage[];
  path: string;
  view?: DealTeamsView;
  problem?: ErrorBody;
}): string {
  const content = input.view
    ? teamsPageContent(input.view)
    : `<div id="teams-page"><p class="problem">${escapeHtml(input.problem?.message ?? 'Сделка недоступна')}</p></div>`;
  return renderPage({
    title: TEAMS_TITLE,
    principal: input.principal,
    pages: input.pages,
    path: input.path,
    content,
    scripts: ['/assets/teams/teams-page.js'],
    styles: ['/assets/teams/teams-page.css'],
  });
}
