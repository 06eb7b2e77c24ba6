/**
 * The partner portal's page contents (the shell is core's renderPage): Russian
 * first, values formatted for people (₽, м², dd.mm.yyyy), never ids or JSON.
 * Data for scripts travels in <script type="application/json"> blocks.
 */

import type { BuildingChoice, UnitCardView } from '../../chessboard/index';
import { escapeHtml, formatDate, formatDateTime, formatRubMicros } from '../../core/pages/index';
import { UNIT_KIND_TERMS, UNIT_STATUS_TERMS } from '../../registry/index';
import type { ApplicationView, BookingView } from '../api/requests';

export const BOOKING_STATUS_RU: Readonly<Record<string, string>> = {
  REQUESTED: 'Запрошена',
  CONFIRMED: 'Подтверждена',
  REJECTED: 'Отклонена',
  CANCELLED: 'Отменена',
};
export const ADMISSION_RU: Readonly<Record<string, string>> = {
  PENDING: 'На рассмотрении',
  ADMITTED: 'Допущена',
  REJECTED: 'Не допущена',
};
export const AUCTION_STATUS_RU: Readonly<Record<string, string>> = {
  ANNOUNCED: 'Объявлены',
  APPLICATIONS: 'Приём заявок',
  ADMISSION: 'Допуск',
  BIDDING: 'Идут торги',
  COMPLETED: 'Завершены',
  FAILED: 'Не состоялись',
  TERMINATED: 'Прекращены',
};

const kindRu = (kind: string | null) => UNIT_KIND_TERMS.find((t) => t.value === kind)?.ru ?? '—';
export const unitStatusRu = (status: string | null) =>
  UNIT_STATUS_TERMS.find((t) => t.value === status)?.ru ?? '—';

export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function loginContent(input: { next: string; message?: string }): string {
  return `<section class="portal-card portal-login">
<h1>Вход для агентств</h1>
<p class="muted">Кабинет партнёра: шахматка ваших объектов, бронирования и заявки на торги ваших клиентов.</p>
<form id="partner-login" method="post" action="/partner/login" novalidate>
<label>E-mail<input name="email" type="email" autocomplete="username" required></label>
<label>Пароль<input name="password" type="password" autocomplete="current-password" required></label>
<input type="hidden" name="next" value="${escapeHtml(input.next)}">
<button type="submit">Войти</button>
<p id="login-message" class="form-message" role="status">${escapeHtml(input.message ?? '')}</p>
</form>
<p class="muted small">Нет пароля или забыли его? Попросите администратора застройщика выслать ссылку для установки пароля.</p>
</section>`;
}

export function passwordContent(input: { token: string; valid: boolean }): string {
  if (!input.valid)
    return `<section class="portal-card"><h1>Ссылка недействительна</h1>
<p>Ссылка для установки пароля уже использована или устарела. Попросите администратора выслать новую.</p>
<p><a href="/partner/login">Ко входу</a></p></section>`;
  return `<section class="portal-card portal-login">
<h1>Новый пароль</h1>
<form id="partner-password" novalidate>
<input type="hidden" name="token" value="${escapeHtml(input.token)}">
<label>Пароль (не короче 10 символов)<input name="password" type="password" autocomplete="new-password" required minlength="10"></label>
<label>Ещё раз<input name="repeat" type="password" autocomplete="new-password" required minlength="10"></label>
<button type="submit">Сохранить</button>
<p id="password-message" class="form-message" role="status"></p>
</form></section>`;
}

export function homeContent(input: {
  agencyName: string;
  userName: string;
  fieldLevel: string;
  buildings: readonly BuildingChoice[];
  bookings: number;
  applications: number;
}): string {
  const rows = input.buildings
    .map(
      (
        b,
      ) => `<tr><td data-label="ЖК"><span>${escapeHtml(b.complexName ?? '—')}</span></td><td data-label="Корпус"><span>${escapeHtml(b.name ?? `Корпус ${b.number ?? ''}`)}</span></td>
<td class="num" data-label="Помещений"><span>${b.units}</span></td>
<td><a class="button" href="/chessboard?building=${encodeURIComponent(b.id)}">Шахматка</a></td></tr>`,
    )
    .join('');
  return `<section class="portal-card">
<h1>${escapeHtml(input.agencyName)}</h1>
<p>${escapeHtml(input.userName)} · доступ: ${input.fieldLevel === 'EXTENDED' ? 'расширенный (с ценами)' : 'базовый (без цен)'}</p>
<p><a href="/partner/requests">Бронирования: ${input.bookings} · заявки на торги: ${input.applications}</a> ·
<a href="/partner/apply">Подать заявку на торги</a></p>
</section>
<section class="portal-card">
<h2>Ваши объекты</h2>
${
  input.buildings.length === 0
    ? '<p>Сейчас агентству не открыт ни один объект. Обратитесь к менеджеру застройщика.</p>'
    : `<div class="table-wrap"><table class="portal-table stack"><thead><tr><th>ЖК</th><th>Корпус</th><th class="num">Помещений</th><th></th></tr></thead>
<tbody>${rows}</tbody></table></div>`
}
</section>`;
}

export function unitCardContent(card: UnitCardView, bookable: boolean): string {
  const rows = card.rows
    .map((r) => `<tr><th>${escapeHtml(r.label)}</th><td>${escapeHtml(r.value)}</td></tr>`)
    .join('');
  const status = card.status
    ? `<span class="badge st-${escapeHtml(card.status.value)}">${escapeHtml(card.status.label)}</span>`
    : '';
  const plan = card.floorPlan
    ? `<p><a href="${escapeHtml(card.floorPlan.url)}" target="_blank" rel="noopener">${escapeHtml(card.floorPlan.label)}</a></p>`
    : '';
  return `<section class="portal-card">
<h1>${escapeHtml(card.title)} ${status}</h1>
<p class="muted">${escapeHtml(card.place)}</p>
<div class="table-wrap"><table class="portal-table card-table"><tbody>${rows}</tbody></table></div>
${plan}
${bookable ? `<p><a class="button primary" href="/partner/book?unit=${encodeURIComponent(card.id)}">Забронировать для клиента</a></p>` : '<p class="muted">Бронирование доступно для свободных помещений.</p>'}
</section>`;
}

export function bookContent(input: { unitTitle: string; unitPlace: string; unitId: string }): string {
  return `<section class="portal-card">
<h1>Бронирование: ${escapeHtml(input.unitTitle)}</h1>
<p class="muted">${escapeHtml(input.unitPlace)}</p>
<form id="booking-form" novalidate>
<input type="hidden" name="unitId" value="${escapeHtml(input.unitId)}">
${clientFields()}
<label>Комментарий<textarea name="comment" rows="3" maxlength="2000"></textarea></label>
<button type="submit" class="primary">Отправить заявку на бронь</button>
<p id="form-message" class="form-message" role="status"></p>
</form></section>`;
}

function clientFields(): string {
  return `<fieldset><legend>Клиент</legend>
<label>ФИО<input name="clientName" required autocomplete="off" placeholder="Иванов Иван Иванович"></label>
<label>Телефон<input name="clientPhone" type="tel" autocomplete="off" placeholder="+7 900 000-00-00"></label>
<label>E-mail<input name="clientEmail" type="email" autocomplete="off"></label>
</fieldset>`;
}

export interface OpenLot {
  id: string;
  number: number | null;
  auctionNumber: string | null;
  applicationEnd: string | null;
  startPriceMicros: string | null;
  depositMicros: string | null;
  unitTitle: string;
}

export function applyContent(lots: readonly OpenLot[]): string {
  if (lots.length === 0)
    return `<section class="portal-card"><h1>Заявка на торги</h1><p>Сейчас нет торгов, принимающих заявки по вашим объектам.</p></section>`;
  const options = lots
    .map(
      (l) =>
        `<option value="${escapeHtml(l.id)}">Торги № ${escapeHtml(l.auctionNumber ?? '—')}, лот ${l.number ?? '—'} — ${escapeHtml(l.unitTitle)}${
          l.startPriceMicros
            ? `, старт ${escapeHtml(formatRubMicros({ amountMicros: l.startPriceMicros }))}`
            : ''
        }${l.applicationEnd ? `, приём до ${escapeHtml(formatDateTime(l.applicationEnd))}` : ''}</option>`,
    )
    .join('');
  return `<section class="portal-card">
<h1>Заявка на торги</h1>
<form id="application-form" novalidate>
<label>Лот<select name="lotId" required>${options}</select></label>
${clientFields()}
<button type="submit" class="primary">Подать заявку</button>
<p id="form-message" class="form-message" role="status"></p>
</form></section>`;
}

export function requestsContent(
  bookings: readonly BookingView[],
  applications: readonly ApplicationView[],
): string {
  const bookingRows = bookings
    .map(
      (b) => `<tr><td data-label="Дата"><span>${escapeHtml(formatDate(b.requestedAt))}</span></td>
<td data-label="Помещение"><span>${b.unit ? `<a href="/partner/units/${encodeURIComponent(b.unit.id)}">${escapeHtml(`${kindRu(b.unit.kind)} № ${b.unit.number ?? '—'}`)}</a>${b.unit.buildingName ? `, ${escapeHtml(b.unit.buildingName)}` : ''}` : '—'}</span></td>
<td data-label="Клиент"><span>${escapeHtml(b.client?.name ?? '—')}</span></td>
<td data-label="Статус"><span><span class="status status-${escapeHtml(b.status ?? '')}">${escapeHtml(BOOKING_STATUS_RU[b.status ?? ''] ?? '—')}</span></span></td></tr>`,
    )
    .join('');
  const applicationRows = applications
    .map(
      (a) => `<tr><td data-label="Дата"><span>${escapeHtml(formatDate(a.submittedAt))}</span></td>
<td data-label="Торги"><span>${escapeHtml(a.auction ? `Торги № ${a.auction.number ?? '—'}` : '—')}${a.lot ? `, лот ${a.lot.number ?? '—'}` : ''}${a.unit ? ` (№ ${escapeHtml(a.unit.number ?? '—')})` : ''}</span></td>
<td data-label="Клиент"><span>${escapeHtml(a.client?.name ?? '—')}</span></td>
<td data-label="Допуск"><span><span class="status status-${escapeHtml(a.admission ?? '')}">${escapeHtml(ADMISSION_RU[a.admission ?? ''] ?? '—')}</span>${a.rejectionReason ? `<br><span class="muted small">${escapeHtml(a.rejectionReason)}</span>` : ''}</span></td>
<td data-label="Торги сейчас"><span>${escapeHtml(AUCTION_STATUS_RU[a.auction?.status ?? ''] ?? '—')}</span></td></tr>`,
    )
    .join('');
  return `<section class="portal-card">
<h1>Бронирования</h1>
${bookings.length === 0 ? '<p>Заявок на бронь пока нет. Откройте шахматку и выберите свободное помещение.</p>' : `<div class="table-wrap"><table class="portal-table stack"><thead><tr><th>Дата</th><th>Помещение</th><th>Клиент</th><th>Статус</th></tr></thead><tbody>${bookingRows}</tbody></table></div>`}
</section>
<section class="portal-card">
<h2>Заявки на торги</h2>
${applications.length === 0 ? '<p>Заявок на торги пока нет.</p>' : `<div class="table-wrap"><table class="portal-table stack"><thead><tr><th>Дата</th><th>Торги</th><th>Клиент</th><th>Допуск</th><th>Торги сейчас</th></tr></thead><tbody>${applicationRows}</tbody></table></div>`}
</section>`;
}
