// The /segments page: the live count of a filter (the count operation, as the filter is typed),
// creating a segment, filling it from its filter, adding people by hand, member statuses changed in
// place, stage moves, comments, tasks and an SMS draft. Every refusal shows in the shell's banner.
// After a write the page reloads once the read model shows the change (polled, a few seconds).
(() => {
  const root = document.getElementById('segments-page');
  if (!root) return;
  const esc = realty.escapeHtml;
  const detail = document.getElementById('seg-detail');
  const segmentId = detail?.dataset.segment;
  const op = (name, body) => realty.fetchJson(`/api/operations/segment/${name}`, { method: 'POST', body });

  async function goWhenReady(url, marker) {
    for (let i = 0; i < 40; i++) {
      try {
        const res = await fetch(url, { credentials: 'same-origin' });
        if (res.ok && (!marker || (await res.text()).includes(marker))) break;
      } catch {
        // try again
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    window.location.assign(url);
  }
  const here = () => `/segments?id=${segmentId}`;

  // The live count under each filter box.
  for (const box of root.querySelectorAll('textarea.seg-filter')) {
    const out = root.querySelector(`.seg-count[data-for="${box.id}"]`);
    let timer;
    let seq = 0;
    const refresh = async () => {
      const mine = ++seq;
      const filter = box.value.trim();
      if (!filter) {
        out.textContent = '';
        out.classList.remove('problem');
        return;
      }
      try {
        const r = await realty.fetchJson('/api/operations/segment/count', {
          method: 'POST',
          body: { filter },
          showError: false,
        });
        if (mine !== seq) return;
        out.classList.remove('problem');
        out.innerHTML = `Найдено: <strong class="seg-count-value">${r.count}</strong> чел.${r.sample.length ? ` — ${r.sample.map(esc).join(', ')}${r.count > r.sample.length ? '…' : ''}` : ''}`;
      } catch (error) {
        if (mine !== seq) return;
        out.classList.add('problem');
        out.textContent = error.body?.message || error.message;
      }
      root.dataset.counts = String(Number(root.dataset.counts || 0) + 1);
    };
    box.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(refresh, 300);
    });
    refresh();
  }

  document.getElementById('seg-create')?.addEventListener('submit', async (event) => {
    event.preventDefault();
    const filter = document.getElementById('seg-new-filter').value.trim();
    const purpose = document.getElementById('seg-purpose').value.trim();
    try {
      const r = await op('create', {
        name: document.getElementById('seg-name').value,
        ...(purpose ? { purpose } : {}),
        ...(filter ? { filter } : {}),
      });
      await goWhenReady(`/segments?id=${r.id}`);
    } catch {
      // the banner says why
    }
  });

  document.getElementById('seg-fill')?.addEventListener('click', async () => {
    try {
      const filter = document.getElementById('seg-filter').value.trim();
      const r = await op('fill', { segmentId, ...(filter ? { filter } : {}) });
      const total = Number(document.getElementById('seg-member-count').textContent) + r.added;
      await goWhenReady(here(), `id="seg-member-count">${total}<`);
    } catch {
      // the banner says why
    }
  });

  const search = document.getElementById('seg-add-search');
  if (search) {
    let timer;
    let seq = 0;
    search.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const mine = ++seq;
        const q = search.value.trim();
        const select = document.getElementById('seg-add-person');
        if (q.length < 2) {
          select.innerHTML = '';
          return;
        }
        try {
          const r = await realty.fetchJson(
            `/api/segments/${segmentId}/candidates?q=${encodeURIComponent(q)}`,
            {
              showError: false,
            },
          );
          if (mine !== seq) return;
          select.innerHTML = r.people
            .map(
              (p) =>
                `<option value="${esc(p.id)}">${esc(p.name || 'без имени')}${p.company ? ` (${esc(p.company)})` : ''}</option>`,
            )
            .join('');
          root.dataset.searches = String(Number(root.dataset.searches || 0) + 1);
        } catch {
          // a search that fails leaves the list as it was
        }
      }, 250);
    });
  }

  document.getElementById('seg-add')?.addEventListener('submit', async (event) => {
    event.preventDefault();
    const personIds = [...document.getElementById('seg-add-person').selectedOptions].map((o) => o.value);
    try {
      const r = await op('add', { segmentId, personIds });
      const total = Number(document.getElementById('seg-member-count').textContent) + r.added;
      await goWhenReady(here(), `id="seg-member-count">${total}<`);
    } catch {
      // the banner says why
    }
  });

  root.addEventListener('change', async (event) => {
    const select = event.target.closest('select.seg-member-status');
    if (select) {
      const cell = select.closest('td');
      try {
        await op('member-status', { segmentId, personId: select.dataset.person, status: select.value });
        cell.className = `status status-${select.value.toLowerCase()}`;
        for (const counter of root.querySelectorAll('[data-status-count]'))
          counter.textContent = String(
            [...root.querySelectorAll('select.seg-member-status')].filter(
              (s) => s.value === counter.dataset.statusCount,
            ).length,
          );
        select.dataset.saved = select.value;
      } catch {
        select.value = select.dataset.saved || select.value;
      }
      return;
    }
    if (event.target.id === 'seg-back' && event.target.value) moveTo(event.target.value);
  });
  for (const s of root.querySelectorAll('select.seg-member-status')) s.dataset.saved = s.value;

  async function moveTo(stage) {
    const comment = document.getElementById('seg-stage-comment')?.value.trim();
    try {
      await op('stage', { segmentId, stage, ...(comment ? { comment } : {}) });
      // The detail's own marker: the board's columns and the stage buttons carry `data-stage` too.
      await goWhenReady(here(), `data-segment="${segmentId}" data-stage="${stage}"`);
    } catch {
      // the banner says why
    }
  }
  root.addEventListener('click', (event) => {
    const button = event.target.closest('button.seg-stage');
    if (button) moveTo(button.dataset.stage);
  });

  document.getElementById('seg-comment')?.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await op('comment', { segmentId, text: document.getElementById('seg-comment-text').value });
      window.location.reload();
    } catch {
      // the banner says why
    }
  });
  document.getElementById('seg-task')?.addEventListener('submit', async (event) => {
    event.preventDefault();
    const dueAt = document.getElementById('seg-task-due').value;
    const assigneeId = document.getElementById('seg-task-assignee').value;
    try {
      await op('task', {
        segmentId,
        title: document.getElementById('seg-task-title').value,
        ...(dueAt ? { dueAt } : {}),
        ...(assigneeId ? { assigneeId } : {}),
      });
      window.location.reload();
    } catch {
      // the banner says why
    }
  });
  document.getElementById('seg-invite')?.addEventListener('submit', async (event) => {
    event.preventDefault();
    const interactionId = document.getElementById('seg-invite-interaction').value;
    if (!interactionId) return;
    try {
      const r = await op('invite', { segmentId, interactionId });
      document.getElementById('seg-invite-result').textContent =
        `Приглашено: ${r.added}; уже были приглашены: ${r.alreadyIn}.`;
    } catch {
      // the banner says why
    }
  });
  document.getElementById('seg-sms')?.addEventListener('submit', async (event) => {
    event.preventDefault();
    const name = document.querySelector('#seg-detail h2')?.firstChild?.textContent?.trim() || 'Сегмент';
    try {
      await realty.fetchJson('/api/operations/sms-campaign/create', {
        method: 'POST',
        body: {
          name: `SMS: ${name}`,
          text: document.getElementById('seg-sms-text').value,
          source: 'segment',
          segmentId,
        },
      });
      window.location.assign('/sms');
    } catch {
      // the banner says why
    }
  });
})();
