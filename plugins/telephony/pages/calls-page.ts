/**
 * The /calls page: the live screen pop on top (filled by the page script from the stream), the
 * call list with filters (status, period, operator), and the call card with notes and outcome.
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Principal, ScopedReader } from '../../core/access/index';
import { escapeHtml, formatDate, formatDateTime, type NavPage, renderPage } from '../../core/pages/index';
import { definePage, type PageAssets, type RouteAccess } from '../../core/plugin/index';
import type { Provider } from '../rules/call-events';
import { formatPhone } from '../rules/phone';
import { CALL_OUTCOME_RU, CALL_OUTCOMES, CALL_STATUS_RU, DIRECTION_RU } from '../schema';

export const CALLS_PAGE_PATH = '/calls';
export const CALLS_ROLES: RouteAccess[] = ['callcenter'];
export const CALLS_TITLE = { ru: 'Звонки', en: 'Calls' };
export const callsPage = definePage({
  path: CALLS_PAGE_PATH,
  title: CALLS_TITLE,
  roles: CALLS_ROLES,
  order: 60,
});

export const callsPageAssets: PageAssets = {
  dir: fileURLToPath(new URL('./assets', import.meta.url)),
  files: ['calls.js', 'calls.css'],
};

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'дата в виде ГГГГ-ММ-ДД')
  .refine((v) => !Number.isNaN(Date.parse(v)), 'нет такой даты')
  .optional()
  .or(z.literal('').transform(() => undefined));

export const callFilters = z.object({
  status: z
    .enum(['ANSWERED', 'MISSED', 'BUSY', 'FAILED'], {
      message: 'один из: принят, пропущен, занято, не состоялся',
    })
    .optional()
    .or(z.literal('').transform(() => undefined)),
  from: day,
  to: day,
  operator: z
    .string()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'выберите оператора из списка')
    .optional()
    .or(z.literal('').transform(() => undefined)),
});
export type CallFilters = z.infer<typeof callFilters>;

export interface CallListRow {
  id: string;
  startedAt: string | null;
  direction: string;
  status: string | null;
  phone: string | null;
  client: string | null;
  personUrl: string | null;
  operator: string | null;
  durationSeconds: number | null;
  outcome: string | null;
}

export interface CallList {
  rows: CallListRow[];
  operators: Array<{ id: string; name: string }>;
}

const str = (v: unknown) => (v === null || v === undefined || v === '' ? null : String(v));
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : str(v));
const fullName = (first: unknown, last: unknown) => [str(last), str(first)].filter(Boolean).join(' ') || null;

export async function loadCallList(reader: ScopedReader, filters: CallFilters): Promise<CallList> {
  const rows = await reader.query(
    `select c.id::text as id, c.started_at, c.direction, c.status, c.from_number, c.to_number,
            c.duration_seconds, c.outcome, c.person_id::text as person_id,
            p.name_first_name, p.name_last_name, m.name_first_name as op_first, m.name_last_name as op_last
       from {phoneCall} c
       left join {person} p on p.id = c.person_id
       left join {workspaceMember} m on m.id = c.operator_id
      where ($1::text is null or c.status = $1)
        and ($2::date is null or c.started_at >= ($2::date::timestamp at time zone 'Europe/Moscow'))
        and ($3::date is null or c.started_at < (($3::date + 1)::timestamp at time zone 'Europe/Moscow'))
        and ($4::uuid is null or c.operator_id = $4::uuid)
      order by c.started_at desc nulls last limit 200`,
    [filters.status ?? null, filters.from ?? null, filters.to ?? null, filters.operator ?? null],
  );
  const operators = await reader.query(
    `select id::text as id, name_first_name, name_last_name from {workspaceMember} order by name_last_name, name_first_name limit 500`,
  );
  return {
    rows: rows.map((r) => ({
      id: String(r.id),
      startedAt: iso(r.started_at),
      direction: String(r.direction ?? 'INCOMING'),
      status: str(r.status),
      phone: r.direction === 'OUTGOING' ? str(r.to_number) : str(r.from_number),
      client: fullName(r.name_first_name, r.name_last_name),
      personUrl: null,
      operator: fullName(r.op_first, r.op_last),
      durationSeconds: r.duration_seconds === null ? null : Number(r.duration_seconds),
      outcome: str(r.outcome),
    })),
    operators: operators.map((o) => ({
      id: String(o.id),
      name: fullName(o.name_first_name, o.name_last_name) ?? 'Без имени',
    })),
  };
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  return `${m}:${String(s).padStart(2, '0')}`;
}

const option = (value: string, label: string, selected: string | undefined) =>
  `<option value="${escapeHtml(value)}"${selected === value ? ' selected' : ''}>${escapeHtml(label)}</option>`;

function filtersForm(list: CallList, f: CallFilters): string {
  const statuses = ['ANSWERED', 'MISSED', 'BUSY', 'FAILED']
    .map((s) => option(s, CALL_STATUS_RU[s] ?? s, f.status))
    .join('');
  const operators = list.operators.map((o) => option(o.id, o.name, f.operator)).join('');
  return `<form id="call-filters" method="get" action="/calls">
<label>Статус <select name="status"><option value="">все</option>${statuses}</select></label>
<label>С <input type="date" name="from" value="${escapeHtml(f.from ?? '')}"></label>
<label>По <input type="date" name="to" value="${escapeHtml(f.to ?? '')}"></label>
<label>Оператор <select name="operator"><option value="">все</option>${operators}</select></label>
<button type="submit">Показать</button> <a href="/calls">Сбросить</a>
</form>`;
}

function callsTable(list: CallList): string {
  if (list.rows.length === 0) return '<p class="empty" id="calls-empty">Звонков за выбранный период нет.</p>';
  const rows = list.rows
    .map(
      (
        r,
      ) => `<tr data-call="${escapeHtml(r.id)}" class="status-${escapeHtml((r.status ?? 'live').toLowerCase())}">
<td>${escapeHtml(formatDateTime(r.startedAt))}</td>
<td>${escapeHtml(DIRECTION_RU[r.direction] ?? r.direction)}</td>
<td class="phone">${escapeHtml(formatPhone(r.phone))}</td>
<td>${escapeHtml(r.client ?? 'неизвестный номер')}</td>
<td class="status">${escapeHtml(r.status ? (CALL_STATUS_RU[r.status] ?? r.status) : 'идёт')}</td>
<td>${escapeHtml(formatDuration(r.durationSeconds))}</td>
<td>${escapeHtml(r.operator ?? '—')}</td>
<td>${escapeHtml(r.outcome ? (CALL_OUTCOME_RU[r.outcome as keyof typeof CALL_OUTCOME_RU] ?? r.outcome) : '—')}</td>
<td><button type="button" class="open-call" data-call="${escapeHtml(r.id)}">Карточка</button></td>
</tr>`,
    )
    .join('\n');
  return `<table id="calls"><thead><tr><th>Начало</th><th>Направление</th><th>Номер</th><th>Клиент</th><th>Статус</th><th>Длительность</th><th>Оператор</th><th>Результат</th><th></th></tr></thead><tbody>${rows}</tbody></table>`;
}

export function renderCallsPage(input: {
  principal: Principal;
  pages: readonly NavPage[];
  list: CallList;
  filters: CallFilters;
  extension: string | undefined;
  provider: Provider | undefined;
}): string {
  const data = {
    extension: input.extension ?? null,
    provider: input.provider ?? null,
    outcomes: CALL_OUTCOMES.map((value) => ({ value, label: CALL_OUTCOME_RU[value] })),
  };
  const period =
    input.filters.from || input.filters.to
      ? ` за ${input.filters.from ? `с ${formatDate(input.filters.from)} ` : ''}${input.filters.to ? `по ${formatDate(input.filters.to)}` : ''}`
      : ' (последние 200)';
  const content = `<script type="application/json" id="calls-data">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>
<section id="pop" hidden aria-live="polite"></section>
<p id="live-state" class="muted">Подключение к АТС…</p>
<div id="calls-layout">
<section id="call-list">
<h2>Звонки${escapeHtml(period)}</h2>
${filtersForm(input.list, input.filters)}
${callsTable(input.list)}
</section>
<section id="call-card" hidden></section>
</div>`;
  return renderPage({
    title: CALLS_TITLE,
    principal: input.principal,
    pages: input.pages,
    path: CALLS_PAGE_PATH,
    content,
    scripts: ['/assets/telephony/calls.js'],
    styles: ['/assets/telephony/calls.css'],
  });
}
