// The auction console: staff actions, admission decisions, bids and the platform's file, refunds and
// contracts — each posts to the JSON API; a refusal shows in the error banner; success reloads.
(() => {
  const root = document.getElementById('auction-console');
  if (!root) return;
  const id = root.dataset.auction;
  const message = document.getElementById('action-message');
  const say = (text) => {
    if (message) message.textContent = text;
  };
  async function post(url, body, done) {
    try {
      await realty.fetchJson(url, { method: 'POST', body });
      say(done);
      window.location.reload();
    } catch {
      say('');
    }
  }
  for (const button of root.querySelectorAll('button.action')) {
    button.addEventListener('click', () => {
      const action = button.dataset.action;
      const body = { action };
      if (action === 'terminate') body.reason = document.getElementById('terminate-reason')?.value ?? '';
      post(`/api/auctions/${id}/actions`, body, 'Готово.');
    });
  }
  for (const button of root.querySelectorAll('button.admit')) {
    button.addEventListener('click', () => {
      const decision = button.dataset.decision;
      const body = { decision };
      if (decision === 'REJECTED') body.reason = window.prompt('Причина отказа в допуске') ?? '';
      post(`/api/auctions/${id}/applications/${button.dataset.app}/admission`, body, 'Решение записано.');
    });
  }
  for (const button of root.querySelectorAll('button.lot-action')) {
    button.addEventListener('click', () =>
      post(`/api/auctions/${id}/contracts/${button.dataset.lot}/${button.dataset.do}`, {}, 'Записано.'),
    );
  }
  for (const button of root.querySelectorAll('button.refund')) {
    button.addEventListener('click', () =>
      post(`/api/auctions/${id}/refunds/${button.dataset.app}`, {}, 'Возврат отмечен.'),
    );
  }
  const bidForm = document.getElementById('bid-form');
  bidForm?.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(bidForm);
    const [lotId, applicationId] = String(data.get('pair') || '').split('|');
    const placed = data.get('placedAt');
    const body = { lotId, applicationId, amount: String(data.get('amount') || '') };
    if (placed) body.placedAt = new Date(String(placed)).toISOString();
    post(`/api/auctions/${id}/bids`, body, 'Ставка записана.');
  });
  const importForm = document.getElementById('import-form');
  importForm?.addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = importForm.querySelector('input[type=file]')?.files?.[0];
    if (!file) return;
    try {
      const result = await realty.fetchJson(
        `/api/auctions/${id}/bids/import?fileName=${encodeURIComponent(file.name)}`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/octet-stream' },
          body: file,
        },
      );
      say(`Загружено ставок: ${result.imported}`);
      window.location.reload();
    } catch {
      say('');
    }
  });
})();
