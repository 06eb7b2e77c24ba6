// The auction console: staff actions, admission decisions, bids and the platform's file, the
// winner's contract — each posts to the JSON API; a refusal shows in the error banner; success
// reloads. The money section (when the payments plugin serves it) is loaded into #console-money;
// its buttons say where they post (data-post) and what to say when done (data-done).
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
      post(
        `/api/auctions/${id}/actions`,
        { action: button.dataset.action, lotId: button.dataset.lot },
        'Записано.',
      ),
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
  // The money section: another plugin's HTML fragment, same origin; absent (404) when it is not enabled.
  const money = document.getElementById('console-money');
  if (money?.dataset.src) {
    fetch(money.dataset.src, { credentials: 'same-origin', headers: { accept: 'text/html' } })
      .then(async (response) => {
        if (!response.ok) return;
        money.innerHTML = await response.text();
        for (const button of money.querySelectorAll('button[data-post]'))
          button.addEventListener('click', () =>
            post(button.dataset.post, {}, button.dataset.done ?? 'Готово.'),
          );
        money.dataset.loaded = 'true';
      })
      .catch(() => undefined);
  }
})();
