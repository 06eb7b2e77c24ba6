/**
 * The auction console (/auctions/:id): the procedure at a glance — its dates, the next legal
 * deadline and what is late, the actions the state allows, lots, applications and admission,
 * bids (entered or imported), the stage protocol, the journal with balances per lot and refunds
 * due, and the contracts. Values formatted for people; the script posts the actions.
 */
import {
  ADMISSION_RU,
  AUCTION_STATUS_RU,
  type AuctionView,
  auctionDeadlines,
  CONTRACT_STATUS_RU,
  DEPOSIT_STATUS_RU,
  LOT_STATUS_RU,
  minimumBid,
  OPERATION_KIND_RU,
  STAGE_RU,
} from '../../auctions/index';
import type { Principal } from '../../core/access/index';
import { formatDate, formatDateTime, formatRubMicros, escapeHtml as h } from '../../core/pages/index';
import type { ContractRow, Journal } from '../read/journal';

const ACTIONS_BY_STATUS: Record<
  string,
  { action: string; label: string; reason?: boolean; danger?: boolean }[]
> = {
  DRAFT: [
    { action: 'announce', label: 'Объявить' },
    { action: 'cancel', label: 'Отменить', danger: true },
  ],
  ANNOUNCED: [{ action: 'openApplications', label: 'Открыть приём заявок' }],
  APPLICATIONS: [{ action: 'closeApplications', label: 'Завершить приём заявок' }],
  ADMISSION: [
    { action: 'completeAdmission', label: 'Подписать протокол допуска' },
    { action: 'startBidding', label: 'Начать торги' },
  ],
  BIDDING: [{ action: 'completeBidding', label: 'Подвести итоги' }],
};

const manage = (p: Principal) => p.kind === 'staff' && (p.role === 'sales' || p.role === 'admin');
const money = (p: Principal) =>
  p.kind === 'staff' && (p.role === 'sales' || p.role === 'finance' || p.role === 'admin');

export function consoleContent(input: {
  principal: Principal;
  view: AuctionView;
  journal: Journal;
  contracts: ContractRow[];
  names: Map<string, string>;
  now: Date;
}): string {
  const { view, journal, contracts, names, now, principal } = input;
  const s = view.state;
  const name = (personId: string | null) => (personId && names.get(personId)) || 'участник';
  const appName = (appId: string | null) =>
    name(s.applications.find((a) => a.id === appId)?.applicantId ?? null);

  const deadlines = auctionDeadlines(s, now);
  const late = deadlines.filter((d) => d.late);
  const next = deadlines.find((d) => !d.late);
  const terminal = ['COMPLETED', 'FAILED', 'TERMINATED', 'CANCELLED'].includes(s.status);
  const actions = manage(principal)
    ? [
        ...(ACTIONS_BY_STATUS[s.status] ?? []).map(
          (a) =>
            `<button type="button" class="action${a.danger ? ' danger' : ''}" data-action="${a.action}">${h(a.label)}</button>`,
        ),
        ...(!terminal && s.status !== 'DRAFT'
          ? [
              '<input id="terminate-reason" placeholder="Причина прекращения"><button type="button" class="action danger" data-action="terminate">Прекратить досрочно</button>',
            ]
          : []),
      ].join(' ')
    : '';
  const lots = s.lots
    .map((l) => {
      const place = view.places.get(l.id);
      const winner = l.winnerId ? appName(l.winnerId) : '—';
      const pending = l.winnerId && !l.contractSignedAt && !l.winnerRefusedAt;
      const buttons =
        pending && manage(principal)
          ? `<button type="button" class="small lot-action" data-lot="${h(l.id)}" data-do="sign">Договор подписан</button> <button type="button" class="small lot-action danger" data-lot="${h(l.id)}" data-do="refuse">Отказ победителя</button>`
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
        `<tr><td>${s.lots.find((l) => l.id === b.lotId)?.number ?? '—'}</td><td>${h(appName(b.applicationId))}</td><td class="num">${formatRubMicros(b.amountMicros)}</td><td>${formatDateTime(b.placedAt)}</td><td>${b.source === 'IMPORT' ? 'протокол площадки' : 'вручную'}</td></tr>`,
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
        `<li>${formatDateTime(st.at)} — <b>${h(STAGE_RU[st.stage] ?? st.stage)}</b>: ${h(st.summary ?? '')}${st.by ? ` <small>(${h(st.by)})</small>` : ''}</li>`,
    )
    .join('');
  const ops = journal.operations
    .map(
      (
        o,
      ) => `<tr><td>${formatDateTime(o.at)}</td><td>${h(OPERATION_KIND_RU[o.kind] ?? o.kind)}</td><td>${o.lotNumber ?? '—'}</td><td>${h(name(o.applicantId))}</td>
<td class="num">${formatRubMicros(o.amountMicros)}</td><td>${o.bankReference ? h(o.bankReference) : ''}</td><td>${o.dueBy ? `до ${formatDate(o.dueBy)}` : ''}${o.settledAt ? `<br><small>выплачен ${formatDate(o.settledAt)}</small>` : ''}</td></tr>`,
    )
    .join('');
  const balances = journal.lots
    .map(
      (b) =>
        `<tr><td>${b.lotNumber}</td><td class="num">${formatRubMicros(b.received)}</td><td class="num">${formatRubMicros(b.refunded)}</td><td class="num">${formatRubMicros(b.credited)}</td><td class="num">${formatRubMicros(b.retained)}</td><td>${b.balanced === null ? 'лот открыт' : b.balanced ? '<span class="ok">сходится</span>' : '<span class="late">расхождение</span>'}</td></tr>`,
    )
    .join('');
  const refunds = journal.refundsDue
    .map(
      (r) =>
        `<li class="${r.late ? 'late' : ''}">${h(name(r.applicantId))}, лот ${r.lotNumber ?? '—'}: ${formatRubMicros(r.amountMicros)} до ${formatDate(r.dueBy)}${r.late ? ' — просрочен' : ''} ${money(principal) ? `<button type="button" class="small refund" data-app="${h(r.applicationId)}">Возврат выплачен</button>` : ''}</li>`,
    )
    .join('');
  const contractRows = contracts
    .map(
      (c) =>
        `<tr><td>${h(c.number ?? '—')}</td><td>${h(name(c.buyerId))}</td><td class="num">${formatRubMicros(c.priceMicros)}</td><td class="num">${formatRubMicros(c.creditedMicros)}</td><td class="num">${formatRubMicros(c.dueMicros)}</td><td class="num">${formatRubMicros(c.paidMicros)}</td><td>${c.plannedDate ? formatDate(c.plannedDate) : '—'}</td><td>${h(CONTRACT_STATUS_RU[c.status ?? ''] ?? c.status ?? '—')}${c.signedAt ? `<br><small>${formatDate(c.signedAt)}</small>` : ''}</td></tr>`,
    )
    .join('');
  return `<div class="console" id="auction-console" data-auction="${h(s.id)}">
<p><a href="/auctions">← все аукционы</a>${money(principal) && !['DRAFT', 'CANCELLED'].includes(s.status) ? ` · <a id="payments-link" href="/auctions/${h(s.id)}/payments">Внести платёж</a>` : ''}</p>
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
<section id="deadlines"><h2>Сроки</h2>
  <p>Ближайший срок: ${next ? `<b>${h(next.what)}</b> — ${formatDateTime(next.due)}` : 'нет'}</p>
  ${late.length ? `<ul class="deadlines">${late.map((d) => `<li class="late">Просрочено: ${h(d.what)} — ${formatDateTime(d.due)}</li>`).join('')}</ul>` : '<p class="ok">Просроченного нет.</p>'}
</section>
${actions ? `<section><div class="console-actions">${actions}</div><p id="action-message" class="message" role="status"></p></section>` : ''}
<section id="lots"><h2>Лоты</h2><div class="table-wrap"><table><thead><tr><th>№</th><th>Помещение</th><th>Начальная цена</th><th>Задаток</th><th>Шаг</th><th>Статус</th><th>Победитель</th><th>Итоговая цена</th><th>Договор до</th><th></th></tr></thead><tbody>${lots}</tbody></table></div></section>
<section id="applications"><h2>Заявки и допуск</h2>${apps ? `<div class="table-wrap"><table><thead><tr><th>Участник</th><th>Лот</th><th>Подана</th><th>Задаток</th><th>Судьба задатка</th><th>Допуск</th><th></th></tr></thead><tbody>${apps}</tbody></table></div>` : '<p class="hint">Заявок нет.</p>'}</section>
<section id="bids"><h2>Ставки</h2>${bidForm}${bids ? `<div class="table-wrap"><table><thead><tr><th>Лот</th><th>Участник</th><th class="num">Сумма</th><th>Время</th><th>Источник</th></tr></thead><tbody>${bids}</tbody></table></div>` : '<p class="hint">Ставок нет.</p>'}</section>
<section id="protocol"><h2>Протокол</h2>${stages ? `<ol>${stages}</ol>` : '<p class="hint">Пока пусто.</p>'}</section>
<section id="journal"><h2>Журнал финансовых операций</h2>
  ${refunds ? `<h3>Возвраты задатков</h3><ul class="deadlines">${refunds}</ul>` : ''}
  ${balances ? `<div class="table-wrap"><table><thead><tr><th>Лот</th><th class="num">Получено</th><th class="num">Возврат</th><th class="num">Зачтено</th><th class="num">Удержано</th><th>Баланс</th></tr></thead><tbody>${balances}</tbody></table></div>` : ''}
  ${ops ? `<div class="table-wrap"><table><thead><tr><th>Когда</th><th>Операция</th><th>Лот</th><th>Участник</th><th class="num">Сумма</th><th>Платёжка</th><th>Срок</th></tr></thead><tbody>${ops}</tbody></table></div>` : '<p class="hint">Операций нет.</p>'}
</section>
<section id="contracts"><h2>Договоры</h2>${contractRows ? `<div class="table-wrap"><table><thead><tr><th>Номер</th><th>Покупатель</th><th>Цена</th><th>Зачтён задаток</th><th>К оплате</th><th>Оплачено</th><th>Подписать до</th><th>Статус</th></tr></thead><tbody>${contractRows}</tbody></table></div>` : '<p class="hint">Договоров нет.</p>'}</section>
</div>`;
}
