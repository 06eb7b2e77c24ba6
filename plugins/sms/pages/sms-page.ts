/**
 * The /sms page: the campaigns (status, audience, counts, cost; cancel while one is active) and
 * the new campaign form — name, text with the part counter, advertising flag, the audience filter
 * — whose live preview (count, parts, cost, who is skipped and why) comes from the preview
 * operation; "create and send" creates the draft, then sends it now or at the chosen time.
 */
import { formatDateTime, formatRubMicros, escapeHtml as h } from '../../core/pages/index';
import { quietHoursText } from '../rules/quiet-hours';
import type { SmsSettings } from '../settings';
import type { StateCounts } from '../store';
import { AUDIENCE_SOURCE_RU, CAMPAIGN_STATUS_RU, type CampaignStatus } from '../vocabulary';

interface CampaignRow {
  id: string;
  name: string | null;
  status: string | null;
  filter_text: string | null;
  advertising: boolean | null;
  scheduled_at: string | null;
  audience_count: number | null;
  sent_count: number | null;
  delivered_count: number | null;
  failed_count: number | null;
  skipped_count: number | null;
  cost_micros: string | null;
}

export interface SmsPageData {
  campaigns: readonly CampaignRow[];
  live: ReadonlyMap<string, StateCounts>;
  complexes: ReadonlyArray<{ id: string; name: string | null; district: string | null }>;
  buildings: ReadonlyArray<{
    id: string;
    name: string | null;
    number: string | null;
    complex: string | null;
  }>;
  auctions: ReadonlyArray<{ id: string; number: string | null; status: string | null }>;
  settings: SmsSettings;
  now: Date;
}

const n = (v: unknown) => (v === null || v === undefined ? '—' : String(Number(v)));

function campaignRows(data: SmsPageData): string {
  if (data.campaigns.length === 0)
    return '<tr><td colspan="9" class="empty">Рассылок пока нет — создайте первую ниже</td></tr>';
  return data.campaigns
    .map((c) => {
      const status = (c.status ?? 'DRAFT') as CampaignStatus;
      const live = data.live.get(c.id);
      const sent = live ? live.sent + live.delivered + live.failed : c.sent_count;
      const delivered = live ? live.delivered : c.delivered_count;
      const failed = live ? live.failed : c.failed_count;
      const active = status === 'DRAFT' || status === 'SCHEDULED' || status === 'SENDING';
      const actions = [
        status === 'DRAFT'
          ? `<button type="button" class="sms-send" data-id="${h(c.id)}">Отправить</button>`
          : '',
        active ? `<button type="button" class="sms-cancel" data-id="${h(c.id)}">Отменить</button>` : '',
      ].join(' ');
      return `<tr data-campaign="${h(c.id)}">
<td>${h(c.name ?? 'без названия')}${c.advertising ? ' <small class="tag">реклама</small>' : ''}</td>
<td><span class="status status-${h(status.toLowerCase())}">${h(CAMPAIGN_STATUS_RU[status] ?? status)}</span></td>
<td>${h(c.filter_text ?? '')}</td>
<td>${h(c.scheduled_at ? formatDateTime(c.scheduled_at) : '—')}</td>
<td class="num">${n(c.audience_count)}</td>
<td class="num">${n(sent)}</td>
<td class="num">${n(delivered)}</td>
<td class="num">${n(failed)}${c.skipped_count ? ` <small>(пропущено ${n(c.skipped_count)})</small>` : ''}</td>
<td class="num">${c.cost_micros ? h(formatRubMicros(c.cost_micros)) : '—'}</td>
<td>${actions}</td>
</tr>`;
    })
    .join('\n');
}

export function smsPageContent(data: SmsPageData): string {
  const options = <T>(items: readonly T[], value: (t: T) => string, label: (t: T) => string, empty: string) =>
    `<option value="">${h(empty)}</option>${items.map((i) => `<option value="${h(value(i))}">${h(label(i))}</option>`).join('')}`;
  const districts = [
    ...new Set(data.complexes.map((c) => c.district).filter((d): d is string => !!d)),
  ].sort();
  const sources = Object.entries(AUDIENCE_SOURCE_RU)
    .map(([value, ru]) => `<option value="${h(value)}">${h(ru)}</option>`)
    .join('');
  return `<div id="sms-page">
<section>
<h2>Рассылки</h2>
<table class="sms-campaigns">
<thead><tr><th>Название</th><th>Статус</th><th>Аудитория</th><th>Отправка</th><th>Получателей</th><th>Отправлено</th><th>Доставлено</th><th>Не доставлено</th><th>Стоимость</th><th></th></tr></thead>
<tbody>${campaignRows(data)}</tbody>
</table>
<p class="hint">${data.settings.quietHours.startMin === data.settings.quietHours.endMin ? 'Тихих часов нет.' : `Тихие часы ${h(quietHoursText(data.settings.quietHours))}: рассылка в это время ждёт их окончания.`} Отправка через ${data.settings.provider === 'smsru' ? 'SMS.ru' : 'журнал (разработка: SMS никуда не уходят)'}, не больше ${h(data.settings.messagesPerSecond)} SMS в секунду.</p>
</section>
<section>
<h2>Новая рассылка</h2>
<form id="sms-form" autocomplete="off">
<label>Название <input name="name" id="sms-name" required maxlength="200" placeholder="Открытие паркинга в ЖК"></label>
<label>Текст <textarea name="text" id="sms-text" rows="4" maxlength="1000" placeholder="{firstName}, в вашем доме открылся паркинг…"></textarea></label>
<p class="counter" id="sms-counter" role="status">0 знаков</p>
<p class="hint">Подстановки: {firstName} — имя, {lastName} — фамилия, {unitNumber} — номер помещения, {building} — корпус, {complex} — ЖК.</p>
<label class="check"><input type="checkbox" name="advertising" id="sms-advertising" checked> Рекламная рассылка (только тем, кто дал согласие)</label>
<fieldset>
<legend>Кому</legend>
<label>Источник <select name="source" id="sms-source">${sources}</select></label>
<label data-for="owners">Район <select name="district">${options(
    districts,
    (d) => d,
    (d) => d,
    'любой',
  )}</select></label>
<label data-for="owners">ЖК <select name="complexId">${options(
    data.complexes,
    (c) => c.id,
    (c) => c.name ?? 'без названия',
    'любой',
  )}</select></label>
<label data-for="owners">Корпус <select name="buildingId">${options(
    data.buildings,
    (b) => b.id,
    (b) => `${b.complex ?? ''} — ${b.name ?? `корп. ${b.number ?? ''}`}`,
    'любой',
  )}</select></label>
<label data-for="auction" hidden>Аукцион <select name="auctionId">${options(
    data.auctions,
    (a) => a.id,
    (a) => `№ ${a.number ?? '—'}`,
    'все аукционы',
  )}</select></label>
<label data-for="auction" class="check" hidden><input type="checkbox" name="admittedOnly"> только допущенные</label>
<label data-for="contractsDue" hidden>Подписать в ближайшие, дней <input type="number" name="dueWithinDays" min="0" max="366" value="14"></label>
<p data-for="segment" hidden class="hint">Сегменты появятся с модулем сегментов.</p>
</fieldset>
<div class="preview" id="sms-preview" aria-live="polite"><p class="hint">Заполните текст и фильтр — здесь появится число получателей и стоимость.</p></div>
<label>Отправить в (МСК; пусто — сейчас) <input type="datetime-local" name="scheduledAt" id="sms-scheduled"></label>
<p><button type="submit" id="sms-submit">Создать и отправить</button> <button type="button" id="sms-draft">Сохранить черновик</button> <span id="sms-message" class="message" role="status"></span></p>
</form>
</section>
</div>`;
}
