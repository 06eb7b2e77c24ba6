/**
 * The money section of the auction console (an HTML fragment the console loads into its page when
 * the payments plugin is enabled): the link to the payment wizard, the refunds due with their
 * deadlines, the balance per lot, every journal operation, and the contracts net of the credited
 * deposit. Its buttons say where they post (`data-post`); the console's script sends them.
 */
import type { AuctionView, PersonNames } from '../../auctions/index';
import type { Principal } from '../../core/access/index';
import { formatDate, formatDateTime, formatRubMicros, escapeHtml as h } from '../../core/pages/index';
import type { ContractRow, Journal } from '../read/journal';
import { CONTRACT_STATUS_RU, OPERATION_KIND_RU } from '../vocabulary';

const money = (p: Principal) =>
  p.kind === 'staff' && (p.role === 'sales' || p.role === 'finance' || p.role === 'admin');

export function moneySection(input: {
  principal: Principal;
  view: AuctionView;
  journal: Journal;
  contracts: ContractRow[];
  names: PersonNames;
  /** The documents plugin is installed and the principal may use its downloads. */
  documents?: boolean;
}): string {
  const { principal, view, journal, contracts, names } = input;
  const s = view.state;
  const name = (personId: string | null) => (personId && names.get(personId)) || 'участник';
  const wizard =
    money(principal) && !['DRAFT', 'CANCELLED'].includes(s.status)
      ? `<p><a id="payments-link" href="/auctions/${h(s.id)}/payments">Внести платёж</a></p>`
      : '';
  const ops = journal.operations
    .map(
      (
        o,
      ) => `<tr><td>${formatDateTime(o.at)}</td><td>${h(OPERATION_KIND_RU[o.kind] ?? o.kind)}${input.documents && o.kind === 'DEPOSIT_REFUNDED' ? ` <a class="doc" href="/api/documents/deposit-refund/${h(o.id)}" download>заявление (.docx)</a>` : ''}</td><td>${o.lotNumber ?? '—'}</td><td>${h(name(o.applicantId))}</td>
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
        `<li class="${r.late ? 'late' : ''}">${h(name(r.applicantId))}, лот ${r.lotNumber ?? '—'}: ${formatRubMicros(r.amountMicros)} до ${formatDate(r.dueBy)}${r.late ? ' — просрочен' : ''} ${money(principal) ? `<button type="button" class="small refund" data-post="/api/auctions/${h(s.id)}/refunds/${h(r.applicationId)}" data-done="Возврат отмечен.">Возврат выплачен</button>` : ''}</li>`,
    )
    .join('');
  const contractRows = contracts
    .map(
      (c) =>
        `<tr><td>${h(c.number ?? '—')}${input.documents ? `<br><a class="doc" href="/api/documents/sale-contract/${h(c.id)}" download>договор (.docx)</a>` : ''}</td><td>${h(name(c.buyerId))}</td><td class="num">${formatRubMicros(c.priceMicros)}</td><td class="num">${formatRubMicros(c.creditedMicros)}</td><td class="num">${formatRubMicros(c.dueMicros)}</td><td class="num">${formatRubMicros(c.paidMicros)}</td><td>${c.plannedDate ? formatDate(c.plannedDate) : '—'}</td><td>${h(CONTRACT_STATUS_RU[c.status ?? ''] ?? c.status ?? '—')}${c.signedAt ? `<br><small>${formatDate(c.signedAt)}</small>` : ''}</td></tr>`,
    )
    .join('');
  return `${wizard}<section id="journal"><h2>Журнал финансовых операций</h2>
  ${refunds ? `<h3>Возвраты задатков</h3><ul class="deadlines">${refunds}</ul>` : ''}
  ${balances ? `<div class="table-wrap"><table><thead><tr><th>Лот</th><th class="num">Получено</th><th class="num">Возврат</th><th class="num">Зачтено</th><th class="num">Удержано</th><th>Баланс</th></tr></thead><tbody>${balances}</tbody></table></div>` : ''}
  ${ops ? `<div class="table-wrap"><table><thead><tr><th>Когда</th><th>Операция</th><th>Лот</th><th>Участник</th><th class="num">Сумма</th><th>Платёжка</th><th>Срок</th></tr></thead><tbody>${ops}</tbody></table></div>` : '<p class="hint">Операций нет.</p>'}
</section>
<section id="contracts"><h2>Договоры</h2>${contractRows ? `<div class="table-wrap"><table><thead><tr><th>Номер</th><th>Покупатель</th><th>Цена</th><th>Зачтён задаток</th><th>К оплате</th><th>Оплачено</th><th>Подписать до</th><th>Статус</th></tr></thead><tbody>${contractRows}</tbody></table></div>` : '<p class="hint">Договоров нет.</p>'}</section>`;
}
