/**
 * The payment wizard (/auctions/:id/payments): pick the participant (or the contract), and the
 * form pre-fills the payer, the lot and unit address and the amount still due; the bank
 * reference and date complete it. The script posts to POST /api/auctions/:id/payments; every
 * refusal shows in the one error banner, naming the field.
 */
import { formatRubMicros, escapeHtml as h } from '../../core/pages/index';
import type { paymentFormData } from '../routes';

type FormData = Awaited<ReturnType<typeof paymentFormData>>;

export function wizardContent(data: FormData): string {
  const participants = data.participants
    .map(
      (p) =>
        `<option value="${h(p.applicationId)}" data-amount="${p.remainingMicros}" data-unit="${h(p.unit)}" data-address="${h(p.address ?? '')}" data-lot="${p.lotNumber ?? ''}">${h(p.applicant)} — лот ${p.lotNumber ?? '—'}, задаток ${formatRubMicros(p.depositMicros)}, осталось ${formatRubMicros(p.remainingMicros)}</option>`,
    )
    .join('');
  const contracts = data.contracts
    .map(
      (c) =>
        `<option value="${h(c.contractId)}" data-amount="${c.remainingMicros}">${h(c.number ?? '')} — ${h(c.buyer)}, осталось ${formatRubMicros(c.remainingMicros)}</option>`,
    )
    .join('');
  return `<div class="wizard" id="payments-wizard" data-auction="${h(data.auction.id)}">
<p><a href="/auctions/${h(data.auction.id)}">← консоль аукциона ${h(data.auction.number)}</a> · статус: ${h(data.auction.statusRu)}</p>
<form id="payment-form">
  <label>Назначение
    <select name="purpose" id="purpose">
      <option value="DEPOSIT">Задаток участника</option>
      <option value="PRICE"${contracts ? '' : ' disabled'}>Оплата по договору</option>
    </select></label>
  <label id="participant-field">Участник <select name="applicationId" id="participant">${participants || '<option value="">заявок нет</option>'}</select></label>
  <label id="contract-field" hidden>Договор <select name="contractId" id="contract">${contracts}</select></label>
  <div class="prefill" id="prefill"><span id="prefill-unit"></span><br><small id="prefill-address"></small></div>
  <label>Сумма, ₽ <input name="amount" id="amount" inputmode="decimal" required></label>
  <label>Дата и время оплаты <input type="datetime-local" name="paidAt" id="paid-at" required></label>
  <label>Номер платёжного поручения <input name="bankReference" id="bank-reference" required placeholder="ПП-000123"></label>
  <label>Комментарий <input name="comment"></label>
  <p><button type="submit">Записать платёж</button> <span id="payment-message" class="message" role="status"></span></p>
</form>
</div>`;
}
