// The /sms page: the live preview (count, parts, cost, skipped) from the preview operation while
// the form is edited; "create and send" = create the draft, then send it; send and cancel buttons
// of the list. Every refusal shows in the shell's one error banner.
(() => {
  const root = document.getElementById('sms-page');
  if (!root) return;
  const form = document.getElementById('sms-form');
  const preview = document.getElementById('sms-preview');
  const counter = document.getElementById('sms-counter');
  const message = document.getElementById('sms-message');
  const say = (text) => {
    if (message) message.textContent = text;
  };
  const esc = realty.escapeHtml;
  const partsRu = (n) => {
    const m10 = n % 10;
    const m100 = n % 100;
    if (m10 === 1 && m100 !== 11) return `${n} часть`;
    if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return `${n} части`;
    return `${n} частей`;
  };

  const source = () => form.elements.source.value;
  const showFor = () => {
    for (const el of root.querySelectorAll('[data-for]')) el.hidden = el.dataset.for !== source();
  };

  function filterBody() {
    const body = {
      source: source(),
      text: form.elements.text.value,
      service: !form.elements.advertising.checked,
    };
    const s = source();
    const value = (name) => String(form.elements[name].value || '').trim();
    if (s === 'owners') {
      if (value('district')) body.district = value('district');
      if (value('complexId')) body.complexId = value('complexId');
      if (value('buildingId')) body.buildingId = value('buildingId');
    }
    if (s === 'auction') {
      if (value('auctionId')) body.auctionId = value('auctionId');
      if (form.elements.admittedOnly.checked) body.admittedOnly = true;
    }
    if (s === 'contractsDue' && value('dueWithinDays')) body.dueWithinDays = Number(value('dueWithinDays'));
    return body;
  }

  function renderPreview(p) {
    const t = p.template;
    counter.textContent = `${t.units} знаков · ${partsRu(t.segments)} · ${t.encoding === 'UCS2' ? 'кириллица (70/67 в части)' : 'латиница (160/153 в части)'} · осталось ${t.remaining} в последней части`;
    counter.classList.toggle('over', t.segments > p.maxSegments);
    const skipped = p.skippedByReason.map((r) => `${esc(r.ru)} — ${r.count}`).join(', ');
    const examples = p.skippedExamples
      .slice(0, 5)
      .map((s) => `<li>${esc(s.name)}: ${esc(s.reason)}</li>`)
      .join('');
    preview.innerHTML = `<p><strong id="sms-recipients">${p.recipients}</strong> получателей из ${p.candidates} найденных · ${p.segments} частей · ≈ <strong id="sms-cost">${esc(realty.formatRubMicros(p.costMicros))}</strong></p>
${p.skipped ? `<p>Пропущено ${p.skipped}: ${skipped}</p><ul>${examples}</ul>` : ''}
${p.sample ? `<p class="hint">Пример для «${esc(p.sample.name)}»: ${esc(p.sample.text)}</p>` : ''}
${p.problems.map((x) => `<p class="problem">${esc(x)}</p>`).join('')}`;
  }

  let timer;
  let seq = 0;
  async function refresh() {
    const mine = ++seq;
    try {
      const p = await realty.fetchJson('/api/operations/sms-campaign/preview', {
        method: 'POST',
        body: filterBody(),
        showError: false,
      });
      if (mine === seq) {
        renderPreview(p);
        root.dataset.previews = String(Number(root.dataset.previews || 0) + 1);
      }
    } catch (error) {
      if (mine === seq)
        preview.innerHTML = `<p class="problem">${esc(error.body?.message || error.message)}</p>`;
    }
  }
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 300);
  };
  form.addEventListener('input', () => {
    showFor();
    schedule();
  });
  form.addEventListener('change', () => {
    showFor();
    schedule();
  });
  showFor();

  async function create() {
    const body = { ...filterBody(), name: form.elements.name.value };
    return realty.fetchJson('/api/operations/sms-campaign/create', { method: 'POST', body });
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const created = await create();
      const at = form.elements.scheduledAt.value;
      const body = { campaignId: created.id };
      if (at) body.scheduledAt = `${at}:00+03:00`;
      const sent = await realty.fetchJson('/api/operations/sms-campaign/send', { method: 'POST', body });
      say(sent.status === 'SCHEDULED' ? 'Рассылка запланирована.' : 'Рассылка отправляется.');
      setTimeout(() => window.location.reload(), 600);
    } catch {
      say('');
    }
  });
  document.getElementById('sms-draft')?.addEventListener('click', async () => {
    try {
      await create();
      say('Черновик сохранён.');
      setTimeout(() => window.location.reload(), 600);
    } catch {
      say('');
    }
  });
  root.addEventListener('click', async (event) => {
    const button = event.target.closest('button.sms-send, button.sms-cancel');
    if (!button) return;
    const action = button.classList.contains('sms-send') ? 'send' : 'cancel';
    if (action === 'cancel' && !window.confirm('Отменить рассылку? Неотправленные SMS не уйдут.')) return;
    try {
      await realty.fetchJson(`/api/operations/sms-campaign/${action}`, {
        method: 'POST',
        body: { campaignId: button.dataset.id },
      });
      window.location.reload();
    } catch {
      // the banner shows why
    }
  });
})();
