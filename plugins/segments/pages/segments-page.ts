/**
 * The /segments page: the stage board (a column per stage, a card per segment with its member
 * count), a new segment form whose filter shows its live count, and — for the chosen segment — its
 * stage with the move buttons and the log (who, when), the filter with the live count and «fill
 * from the filter», the members with their statuses (changed in place), adding people by hand,
 * comments and tasks (Twenty notes and tasks), the export links and, when the SMS page is
 * available, a campaign to the segment.
 */
import { formatDate, formatDateTime, escapeHtml as h } from '../../core/pages/index';
import { nextStage } from '../rules/stages';
import {
  isStage,
  MEMBER_STATUS_RU,
  MEMBER_STATUSES,
  type MemberStatus,
  SEGMENT_STAGE_RU,
  SEGMENT_STAGES,
  type SegmentStage,
} from '../vocabulary';

interface SegmentRow extends Record<string, unknown> {
  id: string;
  name: string | null;
  purpose: string | null;
  stage: string | null;
  stage_problem: string | null;
  filter: string | null;
  owner_id: string | null;
  updated_at: string | null;
  members: number;
}

interface MemberRow extends Record<string, unknown> {
  person_id: string;
  last_name: string | null;
  first_name: string | null;
  email: string | null;
  phone: string | null;
  city: string | null;
  job_title: string | null;
  company: string | null;
  status: string | null;
  added_by: string | null;
  added_at: string | null;
}

export interface SegmentPageData {
  segments: SegmentRow[];
  selected?: {
    segment: SegmentRow;
    members: MemberRow[];
    log: SegmentPageData['log'];
    notes: Array<{
      id: string;
      title: string | null;
      bodyV2?: { markdown?: string | null } | null;
      createdAt: string;
    }>;
    tasks: Array<{
      id: string;
      title: string | null;
      status: string | null;
      dueAt: string | null;
      assigneeId: string | null;
    }>;
    workspaceMembers: Array<{ id: string; name: string }>;
    /** Open interactions, when the activities plugin is installed. */
    interactions: Array<{ id: string; subject: string | null; starts_at: string | null }> | undefined;
  };
  log: Array<{
    from_stage: string | null;
    to_stage: string | null;
    changed_by_name: string | null;
    changed_at: string | null;
    comment: string | null;
  }>;
  fields: ReadonlyArray<{ path: string; ru: string; kind: string }>;
  canWrite: boolean;
  canSms: boolean;
}

const stageRu = (s: string | null) => (isStage(s) ? SEGMENT_STAGE_RU[s] : (s ?? '—'));
const personName = (m: MemberRow) => [m.last_name, m.first_name].filter(Boolean).join(' ') || 'без имени';
const TASK_STATUS_RU: Record<string, string> = {
  TODO: 'к выполнению',
  IN_PROGRESS: 'в работе',
  DONE: 'сделано',
};

function board(data: SegmentPageData): string {
  const columns = SEGMENT_STAGES.map((stage) => {
    const cards = data.segments
      .filter((s) => (s.stage ?? 'DRAFT') === stage)
      .map(
        (s) =>
          `<a class="seg-card${data.selected?.segment.id === s.id ? ' current' : ''}" href="/segments?id=${h(s.id)}" data-segment="${h(s.id)}"><strong>${h(s.name ?? 'без названия')}</strong><small>${h(s.members)} чел.${s.purpose ? ` · ${h(s.purpose)}` : ''}</small></a>`,
      )
      .join('');
    return `<div class="seg-column" data-stage="${stage}"><h3>${h(SEGMENT_STAGE_RU[stage])} <small>${data.segments.filter((s) => (s.stage ?? 'DRAFT') === stage).length}</small></h3>${cards || '<p class="empty">—</p>'}</div>`;
  }).join('');
  return `<section><h2>Этапы</h2><div class="seg-board" id="seg-board">${columns}</div></section>`;
}

function filterBox(id: string, value: string, data: SegmentPageData): string {
  const fields = data.fields.map((f) => `<code>${h(f.path)}</code> — ${h(f.ru)}`).join(', ');
  return `<label>Фильтр по людям и компаниям <textarea id="${id}" class="seg-filter" rows="2" spellcheck="false" placeholder='and(city[eq]:"Москва",company.employees[gte]:50)'>${h(value)}</textarea></label>
<p class="seg-count" data-for="${id}" role="status"></p>
<details class="hint"><summary>Как писать фильтр</summary><p>Синтаксис фильтров Twenty: <code>поле[сравнение]:значение</code>, <code>and(…)</code>, <code>or(…)</code>, <code>not(…)</code>. Сравнения: eq, neq, gt, gte, lt, lte, startsWith, endsWith, like, ilike (% — любые символы), in ([a,b]), is (NULL / NOT_NULL). Поля: ${fields}.</p></details>`;
}

function detail(data: SegmentPageData): string {
  const sel = data.selected;
  if (!sel) return '';
  const s = sel.segment;
  const stage: SegmentStage = isStage(s.stage) ? s.stage : 'DRAFT';
  const next = nextStage(stage);
  const back = SEGMENT_STAGES.slice(0, SEGMENT_STAGES.indexOf(stage));
  const stageControls = data.canWrite
    ? `<div class="seg-stage-controls">${next ? `<button type="button" class="seg-stage" data-stage="${next}">Перевести на этап «${h(SEGMENT_STAGE_RU[next])}»</button>` : ''}${back.length ? ` <label>или вернуть <select id="seg-back"><option value="">—</option>${back.map((b) => `<option value="${b}">${h(SEGMENT_STAGE_RU[b])}</option>`).join('')}</select></label>` : ''} <input id="seg-stage-comment" placeholder="комментарий к смене этапа" maxlength="1000"></div>`
    : '';
  const log = sel.log.length
    ? sel.log
        .map(
          (l) =>
            `<tr><td>${h(formatDateTime(l.changed_at))}</td><td>${h(stageRu(l.from_stage))} → ${h(stageRu(l.to_stage))}</td><td>${h(l.changed_by_name ?? '')}</td><td>${h(l.comment ?? '')}</td></tr>`,
        )
        .join('')
    : '<tr><td colspan="4" class="empty">Этап ещё не менялся</td></tr>';
  const counts = MEMBER_STATUSES.map(
    (st) =>
      `${h(MEMBER_STATUS_RU[st])}: <span data-status-count="${st}">${sel.members.filter((m) => m.status === st).length}</span>`,
  ).join(' · ');
  const members = sel.members.length
    ? sel.members
        .map((m) => {
          const st = (m.status ?? 'INVITED') as MemberStatus;
          const select = `<select class="seg-member-status" data-person="${h(m.person_id)}" aria-label="Статус">${MEMBER_STATUSES.map((o) => `<option value="${o}"${o === st ? ' selected' : ''}>${h(MEMBER_STATUS_RU[o])}</option>`).join('')}</select>`;
          return `<tr data-member="${h(m.person_id)}"><td>${h(personName(m))}</td><td>${h(m.company ?? '')}</td><td>${h(m.job_title ?? '')}</td><td>${h(m.phone ?? '')}</td><td>${h(m.email ?? '')}</td><td class="status status-${h(st.toLowerCase())}">${select}</td><td>${h(m.added_by ?? '')}</td><td>${h(formatDate(m.added_at))}</td></tr>`;
        })
        .join('')
    : '<tr><td colspan="8" class="empty">В сегменте пока никого — заполните его по фильтру или добавьте людей вручную</td></tr>';
  const notes = sel.notes
    .map(
      (n) =>
        `<li><strong>${h(n.title ?? '')}</strong> <small>${h(formatDateTime(n.createdAt))}</small><br>${h(n.bodyV2?.markdown ?? '')}</li>`,
    )
    .join('');
  const memberName = new Map(sel.workspaceMembers.map((m) => [m.id, m.name]));
  const tasks = sel.tasks
    .map(
      (t) =>
        `<li>${h(t.title ?? '')} <small>${h(TASK_STATUS_RU[t.status ?? ''] ?? t.status ?? '')}${t.dueAt ? ` · до ${h(formatDate(t.dueAt))}` : ''}${t.assigneeId && memberName.get(t.assigneeId) ? ` · ${h(memberName.get(t.assigneeId))}` : ''}</small></li>`,
    )
    .join('');
  const addByHand =
    data.canWrite && stage !== 'DONE'
      ? `<form id="seg-add" class="inline"><label>Добавить вручную: найти <input id="seg-add-search" maxlength="100" placeholder="фамилия, имя, эл. почта или телефон" autocomplete="off"></label> <label>Кого <select id="seg-add-person" multiple size="5" aria-label="Найденные люди"></select></label> <button type="submit">Добавить</button></form>`
      : '';
  const sms = data.canSms
    ? `<section><h3>SMS-рассылка по сегменту</h3><form id="seg-sms" class="inline"><label>Текст <textarea id="seg-sms-text" rows="2" maxlength="1000" placeholder="{firstName}, приглашаем вас…"></textarea></label> <button type="submit">Создать черновик рассылки</button></form><p class="hint">Черновик откроется на странице «SMS-рассылки»: там видны получатели, стоимость и отправка. Отказавшиеся участники сегмента не получат SMS.</p></section>`
    : '';
  const invite =
    data.canWrite && sel.interactions
      ? `<section><h3>Пригласить на взаимодействие</h3><form id="seg-invite" class="inline"><label>Встреча, вебинар, мероприятие <select id="seg-invite-interaction">${sel.interactions.map((i) => `<option value="${h(i.id)}">${h(i.subject ?? 'без темы')}${i.starts_at ? ` — ${h(formatDateTime(i.starts_at))}` : ''}</option>`).join('')}</select></label> <button type="submit">Пригласить участников сегмента</button></form><p class="hint" id="seg-invite-result" role="status">Отказавшиеся не приглашаются; уже приглашённые не добавляются второй раз.</p></section>`
      : '';
  return `<section id="seg-detail" data-segment="${h(s.id)}" data-stage="${stage}">
<h2>${h(s.name ?? 'без названия')} <small class="stage stage-${h(stage.toLowerCase())}" id="seg-stage">${h(SEGMENT_STAGE_RU[stage])}</small></h2>
${s.purpose ? `<p>${h(s.purpose)}</p>` : ''}
${s.stage_problem ? `<p class="problem" id="seg-stage-problem">${h(s.stage_problem)}</p>` : ''}
${stageControls}
<p class="seg-export"><a href="/segments/${h(s.id)}/export?format=xlsx" id="seg-export-xlsx">Выгрузить в Excel</a> · <a href="/segments/${h(s.id)}/export?format=csv" id="seg-export-csv">CSV</a></p>
<section><h3>Фильтр</h3>
${filterBox('seg-filter', s.filter ?? '', data)}
${data.canWrite && stage !== 'DONE' ? '<button type="button" id="seg-fill">Заполнить по фильтру</button>' : ''}
</section>
<section><h3>Участники: <span id="seg-member-count">${sel.members.length}</span></h3>
<p class="hint">${counts}</p>
<table class="seg-members"><thead><tr><th>Человек</th><th>Компания</th><th>Должность</th><th>Телефон</th><th>Эл. почта</th><th>Статус</th><th>Кто добавил</th><th>Добавлен</th></tr></thead><tbody>${members}</tbody></table>
${addByHand}
</section>
<section class="seg-work"><div><h3>Комментарии</h3><ul id="seg-notes">${notes || '<li class="empty">Комментариев нет</li>'}</ul>
<form id="seg-comment"><textarea id="seg-comment-text" rows="2" maxlength="5000" placeholder="Комментарий для коллег"></textarea> <button type="submit">Добавить комментарий</button></form></div>
<div><h3>Задачи</h3><ul id="seg-tasks">${tasks || '<li class="empty">Задач нет</li>'}</ul>
<form id="seg-task" class="inline"><input id="seg-task-title" maxlength="300" placeholder="Что сделать"> <select id="seg-task-assignee" aria-label="Исполнитель"><option value="">исполнитель —</option>${sel.workspaceMembers.map((m) => `<option value="${h(m.id)}">${h(m.name)}</option>`).join('')}</select> <input id="seg-task-due" type="date" aria-label="Срок"> <button type="submit">Поставить задачу</button></form></div></section>
<section><h3>История этапов</h3><table class="seg-log"><thead><tr><th>Когда</th><th>Этап</th><th>Кто</th><th>Комментарий</th></tr></thead><tbody>${log}</tbody></table></section>
${invite}
${sms}
</section>`;
}

export function segmentsPageContent(data: SegmentPageData): string {
  const list = data.segments.length
    ? data.segments
        .map(
          (s) =>
            `<tr data-segment="${h(s.id)}"><td><a href="/segments?id=${h(s.id)}">${h(s.name ?? 'без названия')}</a></td><td>${h(stageRu(s.stage))}</td><td class="num">${h(s.members)}</td><td>${h(s.purpose ?? '')}</td><td>${h(formatDate(s.updated_at))}</td></tr>`,
        )
        .join('')
    : '<tr><td colspan="5" class="empty">Сегментов пока нет — создайте первый ниже</td></tr>';
  const create = data.canWrite
    ? `<section><h2>Новый сегмент</h2><form id="seg-create" autocomplete="off">
<label>Название <input id="seg-name" required maxlength="200" placeholder="Приглашения на день открытых дверей"></label>
<label>Цель <input id="seg-purpose" maxlength="1000" placeholder="мероприятие, рассылка…"></label>
${filterBox('seg-new-filter', '', data)}
<button type="submit" id="seg-create-submit">Создать сегмент</button></form></section>`
    : '';
  return `<div id="segments-page">
${detail(data)}
${board(data)}
<section><h2>Все сегменты</h2><table class="seg-list"><thead><tr><th>Название</th><th>Этап</th><th>Участников</th><th>Цель</th><th>Изменён</th></tr></thead><tbody>${list}</tbody></table></section>
${create}
</div>`;
}
