/**
 * The auction console (/auctions/:id): the procedure at a glance — its dates, the next legal
 * deadline and what is late, the actions the state machine allows now, lots, applications and
 * admission, bids (entered or imported), the stage protocol. The money of the auction (journal,
 * refunds, contracts) is the payments plugin's: when it is enabled, it serves the section at
 * `consoleMoneyPath(id)` and the console's script shows it below the procedure.
 */
import type { Principal } from '../../core/access/index';
import { formatDate, formatDateTime, formatRubMicros, escapeHtml as h } from '../../core/pages/index';
import type { AuctionView } from '../read/auction-read';
import { actionLabel, availableActions } from '../rules/auction-state';
import { minimumBid } from '../rules/bids';
import { auctionDeadlines } from '../rules/deadlines';
import {
  ADMISSION_RU,
  AUCTION_STATUS_RU,
  BID_SOURCE_RU,
  DEPOSIT_STATUS_RU,
  LOT_STATUS_RU,
  procedureActionTerm,
  STAGE_RU,
} from '../vocabulary';

/** Where a plugin that keeps an auction's money serves the console's money section (an HTML fragment). */
export const consoleMoneyPath = (auctionId: string): string => `/auctions/${auctionId}/money`;

/** The names of the people on an auction's page (applicants, buyers), by person id. */
export type PersonNames = ReadonlyMap<string, string>;

const manage = (p: Principal) => p.kind === 'staff' && (p.role === 'sales' || p.role === 'admin');

export function consoleContent(input: {
  principal: Principal;
  view: AuctionView;
  names: PersonNames;
  now: Date;
  /** The documents plugin is installed and the principal may use its downloads. */
  documents?: boolean;
}): string {
  const { view, names, now, principal } = input;
  const s = view.state;
  const name = (personId: string | null) => (personId && names.get(personId)) || 'участник';
  const appName = (appId: string | null) =>
    name(s.applications.find((a) => a.id === appId)?.applicantId ?? null);

  const deadlines = auctionDeadlines(s, now);
  const late = deadlines.filter((d) => d.late);
  const next = deadlines.find((d) => !d.late);
  // The buttons are the state machine's answer for this state, labelled from the vocabulary.
  const actions = manage(principal)
    ? availableActions(s)
        .map((a) => {
          const term = procedureActionTerm(a);
          const button = `<button type="button" class="action${term.danger ? ' danger' : ''}" data-action="${a}">${h(actionLabel(a))}</button>`;
          return a === 'terminate'
            ? `<input id="terminate-reason" placeholder="Причина прекращения">${button}`
            : button;
        })
        .join(' ')
    : '';
  const lots = s.lots
    .map((l) => {
      const place = view.places.get(l.id);
      const winner = l.winnerId ? appName(l.winnerId) : '—';
      const pending = l.winnerId && !l.contractSignedAt && !l.winnerRefusedAt;
      const buttons =
        pending && manage(principal)
          ? `<button type="button" class="small lot-action" data-lot="${h(l.id)}" data-action="contractSigned">Договор подписан</button> <button type="button" class="small lot-action danger" data-lot="${h(l.id)}" data-action="winnerRefuses">Отказ победителя</button>`
          : '';
      return `<tr><td>${l.number}</td><td>${h([place?.complex, place?.building ? `корп. ${place.building}` : null, place?.unitNumber ? `№ ${place.unitNumber}` : null].filter(Boolean).join(', '))}<br><small>${h(place?.address ?? '')}</small></td>
<td class="num">${formatRubMicros(l.startMicros)}</td><td class="num">${formatRubMicros(l.depositMicros)}</td><td class="num">${formatRubMicros(l.stepMicros)}</td>
<td>${h(LOT_STATUS_RU[l.status] ?? l.status)}${l.winnerRefusedAt ? '<br><small>победитель отказался</small>' : ''}</td><td>${h(winner)}</td><td class="num">${l.finalMicros !== null ? formatRubMicros(l.finalMicros) : '—'}</td>
<td>${l.contractDeadline ? formatDate(l.contractDeadline) : '—'}</td><td>${buttons}</td></tr>`;
    })
    .join('');
  const admissionOpen = s.status === 'ADMISSION' && !s.admissionCompletedAt && manage(principal);
  const apps = s.applications
    .map((a) => {
      const lot = s.lots.find((l) => l.id === a.lotId);
      const decide =
        admissionOpen && a.admission === 'PENDING'
          ? `<button type="button" class="small admit" data-app="${h(a.id)}" data-decision="ADMITTED">Допустить</button> <button type="button" class="small admit danger" data-app="${h(a.id)}" data-decision="REJECTED">Отказать</button>`
          : '';
      return `<tr><td>${h(name(a.applicantId))}</td><td>${lot?.number ?? '—'}</td><td>${formatDateTime(a.submittedAt)}</td>
<td class="num">${formatRubMicros(a.depositPaidMicros)} из ${formatRubMicros(lot?.depositMicros ?? 0)}</td><td>${h(DEPOSIT_STATUS_RU[a.depositStatus] ?? a.depositStatus)}${a.refundDueBy ? `<br><small>до ${formatDate(a.refundDueBy)}</small>` : ''}</td>
<td>${h(ADMISSION_RU[a.admission] ?? a.admission)}${a.rejectionReason ? `<br><small>${h(a.rejectionReason)}</small>` : ''}</td><td>${decide}</td></tr>`;
    })
    .join('');
  const bids = s.bids
    .slice()
    .sort((x, y) => Date.parse(y.placedAt) - Date.parse(x.placedAt))
    .map(
      (b) =>
        `<tr><td>${s.lots.find((l) => l.id === b.lotId)?.number ?? '—'}</td><td>${h(appName(b.applicationId))}</td><td class="num">${formatRubMicros(b.amountMicros)}</td><td>${formatDateTime(b.placedAt)}</td><td>${h(BID_SOURCE_RU[b.source])}</td></tr>`,
    )
    .join('');
  const bidForm =
    s.status === 'BIDDING' && manage(principal)
      ? `<form id="bid-form" class="console-actions">
  <label>Лот и участник <select name="pair">${s.lots
    .filter((l) => l.status === 'ACTIVE')
    .flatMap((l) =>
      s.applications
        .filter((a) => a.lotId === l.id && a.admission === 'ADMITTED')
        .map(
          (a) =>
            `<option value="${h(l.id)}|${h(a.id)}">Лот ${l.number} — ${h(name(a.applicantId))} (мин. ${formatRubMicros(minimumBid(s, l.id))})</option>`,
        ),
    )
    .join('')}</select></label>
  <label>Сумма, ₽ <input name="amount" inputmode="decimal" required></label>
  <label>Время <input type="datetime-local" name="placedAt"></label>
  <button type="submit">Записать ставку</button>
</form>
<form id="import-form" class="console-actions"><label>Протокол площадки (xlsx или csv: Лот, Участник, Сумма, Время) <input type="file" name="file" accept=".xlsx,.csv" required></label><button type="submit">Загрузить ставки</button></form>`
      : '';
  const stages = view.stages
    .map(
      (st) =>
        `<li>${formatDateTime(st.at)} — <b>${h(STAGE_RU[st.stage as keyof typeof STAGE_RU] ?? st.stage)}</b>: ${h(st.summary ?? '')}${st.by ? ` <small>(${h(st.by)})</small>` : ''}</li>`,
    )
    .join('');
  return `<div class="console" id="auction-console" data-auction="${h(s.id)}">
<p><a href="/auctions">← все аукционы</a></p>
<h1>Аукцион ${h(s.number)} <span class="badge status-${h(s.status.toLowerCase())}">${h(AUCTION_STATUS_RU[s.status])}</span></h1>
${view.validationIssue ? `<p class="issue">Изменение в Twenty не принято: ${h(view.validationIssue)}</p>` : ''}
<div class="facts">
  <div><span>Площадка</span>${h(view.platform ?? '—')} ${view.procedureNumber ? `№ ${h(view.procedureNumber)}` : ''}</div>
  <div><span>Приём заявок</span>${formatDateTime(s.applicationStart)} – ${formatDateTime(s.applicationEnd)}</div>
  <div><span>Допуск до</span>${s.admissionDeadline ? formatDateTime(s.admissionDeadline) : '—'}</div>
  <div><span>Торги</span>${formatDateTime(s.biddingStart)} – ${formatDateTime(s.biddingEnd)}</div>
  <div><span>Итоги</span>${s.resultsAt ? formatDateTime(s.resultsAt) : '—'}</div>
  ${s.terminationReason ? `<div><span>Причина прекращения</span>${h(s.terminationReason)}</div>` : ''}
  ${s.failureReason ? `<div><span>Почему не состоялся</span>${h(s.failureReason)}</div>` : ''}
</div>
${
  input.documents && (s.status === 'COMPLETED' || s.status === 'FAILED')
    ? `<p class="documents">Документы: <a href="/api/documents/auction-protocol/${h(s.id)}" download>Протокол итогов (.docx)</a> · <a href="/documents?record=${h(s.id)}">версии</a></p>`
    : ''
}
<section id="deadlines"><h2>Сроки</h2>
  <p>Ближайший срок: ${next ? `<b>${h(next.what)}</b> — ${formatDateTime(next.due)}` : 'нет'}</p>
  ${late.length ? `<ul class="deadlines">${late.map((d) => `<li class="late">Просрочено: ${h(d.what)} — ${formatDateTime(d.due)}</li>`).join('')}</ul>` : '<p class="ok">Просроченного нет.</p>'}
</section>
${actions ? `<section><div class="console-actions">${actions}</div><p id="action-message" class="message" role="status"></p></section>` : ''}
<section id="lots"><h2>Лоты</h2><div class="table-wrap"><table><thead><tr><th>№</th><th>Помещение</th><th>Начальная цена</th><th>Задаток</th><th>Шаг</th><th>Статус</th><th>Победитель</th><th>Итоговая цена</th><th>Договор до</th><th></th></tr></thead><tbody>${lots}</tbody></table></div></section>
<section id="applications"><h2>Заявки и допуск</h2>${apps ? `<div class="table-wrap"><table><thead><tr><th>Участник</th><th>Лот</th><th>Подана</th><th>Задаток</th><th>Судьба задатка</th><th>Допуск</th><th></th></tr></thead><tbody>${apps}</tbody></table></div>` : '<p class="hint">Заявок нет.</p>'}</section>
<section id="bids"><h2>Ставки</h2>${bidForm}${bids ? `<div class="table-wrap"><table><thead><tr><th>Лот</th><th>Участник</th><th class="num">Сумма</th><th>Время</th><th>Источник</th></tr></thead><tbody>${bids}</tbody></table></div>` : '<p class="hint">Ставок нет.</p>'}</section>
<section id="protocol"><h2>Протокол</h2>${stages ? `<ol>${stages}</ol>` : '<p class="hint">Пока пусто.</p>'}</section>
<div id="console-money" data-src="${h(consoleMoneyPath(s.id))}"></div>
</div>`;
}
