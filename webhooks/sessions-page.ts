/**
 * `/admin/sessions`, in the one page shell: who is signed in (one row per
 * member: role, sessions, last use, expiry) and a button per member that ends
 * all their sessions. A plain form (no script): the cookie is SameSite=Lax, so
 * another site cannot post it.
 */
import type { Principal } from '../plugins/core/access/index';
import type { StaffSession } from '../plugins/core/auth/index';
import {
  escapeHtml,
  formatDateTime,
  type NavPage,
  renderPage,
  staffRoleRu,
} from '../plugins/core/pages/index';

export const SESSIONS_PAGE_PATH = '/admin/sessions';

export function renderSessionsPage(input: {
  principal: Principal;
  pages: readonly NavPage[];
  sessions: readonly StaffSession[];
  /** After a revocation: whose sessions ended, and how many. */
  ended?: { email: string; count: number };
}): string {
  const byMember = new Map<string, StaffSession[]>();
  for (const session of input.sessions) {
    const key = session.email.toLowerCase();
    byMember.set(key, [...(byMember.get(key) ?? []), session]);
  }
  const rows = [...byMember.values()].map((sessions) => {
    const [latest] = sessions;
    if (!latest) return '';
    const roles = [...new Set(sessions.map((s) => staffRoleRu(s.role)))].join(', ');
    const expires = sessions.map((s) => s.expiresAt.getTime()).reduce((a, b) => Math.max(a, b));
    return `<tr data-email="${escapeHtml(latest.email)}">
<td>${escapeHtml(latest.email)}</td><td>${escapeHtml(roles)}</td><td>${sessions.length}</td>
<td>${escapeHtml(formatDateTime(latest.lastSeenAt))}</td><td>${escapeHtml(formatDateTime(new Date(expires)))}</td>
<td><form method="post" action="${SESSIONS_PAGE_PATH}"><input type="hidden" name="email" value="${escapeHtml(latest.email)}"><button type="submit">Завершить все сеансы</button></form></td>
</tr>`;
  });
  const notice = input.ended
    ? `<p id="sessions-ended" class="realty-hint">Завершено сеансов ${escapeHtml(input.ended.email)}: ${input.ended.count}.</p>`
    : '';
  return renderPage({
    title: { ru: 'Сеансы сотрудников', en: 'Staff sessions' },
    path: SESSIONS_PAGE_PATH,
    principal: input.principal,
    pages: input.pages,
    content: `<h1>Сеансы сотрудников</h1>
${notice}
${
  rows.length === 0
    ? '<p class="realty-empty">Открытых сеансов нет.</p>'
    : `<table id="sessions"><thead><tr><th>Сотрудник</th><th>Роль</th><th>Сеансов</th><th>Последнее действие</th><th>Действует до</th><th></th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`
}
<p class="realty-hint">То же из командной строки: <code>realty staff-token --revoke EMAIL</code>.</p>`,
  });
}
