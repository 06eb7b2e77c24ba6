// The payment wizard: pre-fills the amount still due and the unit address from the picked participant or
// contract, and posts the payment; the error banner names a refused field.
(() => {
  const root = document.getElementById('payments-wizard');
  if (!root) return;
  const id = root.dataset.auction;
  const form = document.getElementById('payment-form');
  const purpose = document.getElementById('purpose');
  const participant = document.getElementById('participant');
  const contract = document.getElementById('contract');
  const amount = document.getElementById('amount');
  const message = document.getElementById('payment-message');
  const rub = (micros) => (Number(micros) / 1e6).toFixed(2).replace('.', ',');
  const pad = (n) => String(n).padStart(2, '0');
  function stampNow() {
    const now = new Date();
    document.getElementById('paid-at').value =
      `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(now.getHours())}:${pad(now.getMinutes())}`;
  }
  stampNow();
  // Start on the first participant who still owes a deposit.
  const owing = [...participant.options].findIndex((o) => Number(o.dataset.amount) > 0);
  if (owing >= 0) participant.selectedIndex = owing;
  function prefill() {
    const isPrice = purpose.value === 'PRICE';
    document.getElementById('participant-field').hidden = isPrice;
    document.getElementById('contract-field').hidden = !isPrice;
    const option = (isPrice ? contract : participant).selectedOptions[0];
    if (!option) return;
    amount.value = rub(option.dataset.amount || 0);
    document.getElementById('prefill-unit').textContent = option.dataset.unit
      ? `Лот ${option.dataset.lot}: ${option.dataset.unit}`
      : '';
    document.getElementById('prefill-address').textContent = option.dataset.address || '';
  }
  purpose.addEventListener('change', prefill);
  participant.addEventListener('change', prefill);
  contract.addEventListener('change', prefill);
  prefill();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const body = {
      purpose: purpose.value,
      amount: String(data.get('amount') || ''),
      paidAt: new Date(String(data.get('paidAt'))).toISOString(),
      bankReference: String(data.get('bankReference') || ''),
    };
    if (purpose.value === 'PRICE') body.contractId = contract.value;
    else body.applicationId = participant.value;
    const comment = String(data.get('comment') || '').trim();
    if (comment) body.comment = comment;
    try {
      await realty.fetchJson(`/api/auctions/${id}/payments`, { method: 'POST', body });
      message.textContent = `Платёж ${body.bankReference} записан.`;
      form.reset();
      stampNow();
      prefill();
    } catch {
      message.textContent = '';
    }
  });
})();
