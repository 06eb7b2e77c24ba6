// The /auctions page: the "new auction" form posts the picked FREE units to POST /api/auctions.
(() => {
  const form = document.getElementById('create-form');
  if (!form) return;
  const message = document.getElementById('create-message');
  const instant = (value) => (value ? new Date(value).toISOString() : '');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const unitIds = data.getAll('unit');
    const body = {
      number: String(data.get('number') || ''),
      applicationStart: instant(data.get('applicationStart')),
      applicationEnd: instant(data.get('applicationEnd')),
      biddingStart: instant(data.get('biddingStart')),
      biddingEnd: instant(data.get('biddingEnd')),
      unitIds,
      announce: data.get('announce') === 'on',
    };
    const platform = String(data.get('platform') || '').trim();
    const procedureNumber = String(data.get('procedureNumber') || '').trim();
    const step = String(data.get('stepPercent') || '')
      .trim()
      .replace(',', '.');
    if (platform) body.platform = platform;
    if (procedureNumber) body.procedureNumber = procedureNumber;
    if (step) body.stepPercent = Number(step);
    message.textContent = 'Создаём…';
    try {
      const created = await realty.fetchJson('/api/auctions', { method: 'POST', body });
      message.textContent = `Аукцион ${created.number} создан.`;
      window.location.assign(`/auctions/${created.id}`);
    } catch {
      message.textContent = '';
    }
  });
})();
