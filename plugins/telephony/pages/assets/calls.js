// The /calls page: live screen pops from /api/telephony/stream (EventSource), the call card
// (notes, outcome, click-to-call) and the new-client form for an unknown number. No inline code
// (CSP); data comes from <script type="application/json" id="calls-data">.
(() => {
  const { fetchJson, escapeHtml, formatDateTime, formatRubMicros } = globalThis.realty;
  const data = JSON.parse(document.getElementById('calls-data')?.textContent || '{}');
  const pop = document.getElementById('pop');
  const card = document.getElementById('call-card');
  const liveState = document.getElementById('live-state');

  const list = (items, render, empty) =>
    items.length === 0
      ? `<p class="empty">${escapeHtml(empty)}</p>`
      : `<ul>${items.map((i) => `<li>${render(i)}</li>`).join('')}</ul>`;

  function clientHtml(client) {
    const p = client.person;
    const missing = client.missing.length
      ? `<p class="muted">Не подключено: ${escapeHtml(client.missing.join(', '))}</p>`
      : '';
    return `<div class="client">
<h3 class="client-name"><a href="${escapeHtml(p.twentyUrl)}" target="_blank" rel="noopener">${escapeHtml(p.name)}</a></h3>
<p>${escapeHtml(p.email || '')}</p>
<div class="client-grid">
<div><h4>Помещения</h4>${list(client.units, (u) => `№ ${escapeHtml(u.number)}${u.place ? `, ${escapeHtml(u.place)}` : ''} — ${escapeHtml(u.status)}`, 'нет')}</div>
<div><h4>Договоры</h4>${list(client.contracts, (c) => `${escapeHtml(c.number)} — ${escapeHtml(c.status)}, ${escapeHtml(formatRubMicros(c.priceMicros))}${c.unit ? ` (${escapeHtml(c.unit)})` : ''}`, 'нет')}</div>
<div><h4>Заявки на аукционы</h4>${list(client.applications, (a) => `${escapeHtml(a.auction)}${a.unit ? `, ${escapeHtml(a.unit)}` : ''}: ${escapeHtml(a.admission)}, задаток — ${escapeHtml(a.deposit)}`, 'нет')}</div>
<div><h4>Открытые задачи</h4>${list(client.tasks, (t) => `${escapeHtml(t.title)}${t.dueAt ? ` — до ${escapeHtml(formatDateTime(t.dueAt))}` : ''}`, 'нет')}</div>
<div><h4>Последние звонки</h4>${list(client.calls, (c) => `${escapeHtml(formatDateTime(c.startedAt))} ${escapeHtml(c.direction)}, ${escapeHtml(c.status)}${c.outcome ? ` — ${escapeHtml(c.outcome)}` : ''}`, 'нет')}</div>
</div>${missing}</div>`;
  }

  function newClientHtml(call) {
    return `<form class="new-client" data-call="${escapeHtml(call.callId)}">
<h3>Новый клиент</h3>
<label>Фамилия <input name="lastName" autocomplete="off"></label>
<label>Имя <input name="firstName" required autocomplete="off"></label>
<label>Телефон <input name="phone" value="${escapeHtml(call.newClient.phoneText)}" required></label>
<label>Эл. почта <input name="email" type="email" autocomplete="off"></label>
<button type="submit">Создать клиента</button>
</form>`;
  }

  function callHeader(call) {
    const callButton =
      call.canCall && data.extension
        ? `<button type="button" class="dial" data-phone="${escapeHtml(call.phone)}">Позвонить</button>`
        : '';
    return `<p class="call-line"><strong class="call-phone">${escapeHtml(call.phoneText)}</strong>
<span class="phase phase-${escapeHtml(call.phase)}">${escapeHtml(call.statusRu || call.phaseRu)}</span>
${escapeHtml(call.directionRu)}, ${escapeHtml(formatDateTime(call.startedAt))}${call.extension ? `, внутр. ${escapeHtml(call.extension)}` : ''} ${callButton}</p>
${call.matches > 1 ? `<p class="muted">Этот номер у ${call.matches} клиентов; показан первый.</p>` : ''}`;
  }

  function bodyHtml(call) {
    if (call.client) return clientHtml(call.client);
    if (call.newClient) return newClientHtml(call);
    return '<p class="muted">Номер скрыт — клиента не найти.</p>';
  }

  function showPop(call) {
    pop.dataset.call = call.callId;
    pop.innerHTML = `<h2>Входящий вызов</h2>${callHeader(call)}${bodyHtml(call)}
<p><button type="button" class="open-call" data-call="${escapeHtml(call.callId)}">Открыть карточку звонка</button></p>`;
    pop.hidden = false;
    pop.classList.toggle('ended', call.phase === 'ended');
  }

  function outcomeSelect(value) {
    const options = data.outcomes
      .map(
        (o) =>
          `<option value="${escapeHtml(o.value)}"${o.value === value ? ' selected' : ''}>${escapeHtml(o.label)}</option>`,
      )
      .join('');
    return `<select name="outcome"><option value="">не выбран</option>${options}</select>`;
  }

  async function openCard(id) {
    const call = await fetchJson(`/api/telephony/calls/${encodeURIComponent(id)}`);
    card.dataset.call = id;
    card.innerHTML = `<h2>Карточка звонка</h2>${callHeader(call)}${bodyHtml(call)}
<form class="call-notes" data-call="${escapeHtml(id)}">
<label>Результат ${outcomeSelect(call.outcome)}</label>
<label>Заметки <textarea name="notes" rows="4">${escapeHtml(call.notes || '')}</textarea></label>
<button type="submit">Сохранить</button> <span class="saved muted" hidden>Сохранено</span>
</form>`;
    card.hidden = false;
  }

  document.addEventListener('click', async (event) => {
    const open = event.target.closest?.('.open-call');
    if (open) {
      await openCard(open.dataset.call).catch(() => {});
      return;
    }
    const dial = event.target.closest?.('.dial');
    if (dial) {
      dial.disabled = true;
      try {
        const answer = await fetchJson('/api/telephony/originate', {
          method: 'POST',
          body: { phone: dial.dataset.phone },
        });
        dial.insertAdjacentHTML('afterend', ` <span class="dialled">${escapeHtml(answer.message)}</span>`);
      } catch {
        // the banner says why
      } finally {
        dial.disabled = false;
      }
    }
  });

  document.addEventListener('submit', async (event) => {
    const form = event.target;
    if (form.classList?.contains('new-client')) {
      event.preventDefault();
      const values = Object.fromEntries(new FormData(form));
      try {
        await fetchJson('/api/telephony/clients', {
          method: 'POST',
          body: { ...values, callId: form.dataset.call },
        });
        await openCard(form.dataset.call);
        if (pop.dataset.call === form.dataset.call) {
          const call = await fetchJson(`/api/telephony/calls/${encodeURIComponent(form.dataset.call)}`);
          showPop(call);
        }
      } catch {
        // the banner says why
      }
    }
    if (form.classList?.contains('call-notes')) {
      event.preventDefault();
      const values = Object.fromEntries(new FormData(form));
      try {
        await fetchJson(`/api/telephony/calls/${encodeURIComponent(form.dataset.call)}`, {
          method: 'PATCH',
          body: { notes: values.notes, outcome: values.outcome || null },
        });
        form.querySelector('.saved').hidden = false;
      } catch {
        // the banner says why
      }
    }
  });

  if (typeof EventSource === 'function') {
    const source = new EventSource('/api/telephony/stream');
    source.addEventListener('ready', () => {
      liveState.textContent = 'На связи с АТС: входящие звонки появятся здесь.';
      document.body.dataset.live = 'ready';
    });
    source.addEventListener('call', (event) => {
      const call = JSON.parse(event.data);
      // A new call pops; updates of the call on screen refresh it.
      if (call.phase !== 'ended' || pop.dataset.call === call.callId || pop.hidden) showPop(call);
    });
    source.addEventListener('error', () => {
      liveState.textContent = 'Связь с АТС прервалась — переподключение…';
    });
  }
})();
