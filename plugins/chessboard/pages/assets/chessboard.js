// The chessboard page: draws the board from JSON (embedded at first, then /api/chessboard/:id),
// keeps the filters in the URL, applies live updates from /api/chessboard/stream and opens unit
// cards. Every value it prints comes formatted from the server (`display`, card `rows`, history
// `text`); errors go to the shell's banner through realty.fetchJson. Plain browser JavaScript.
(() => {
  const { escapeHtml: esc, fetchJson, showError, clearError, RealtyError } = globalThis.realty;
  const initial = JSON.parse(document.getElementById('initial').textContent);
  const form = document.getElementById('filters');
  const complexSelect = document.getElementById('complex');
  const buildingSelect = document.getElementById('building');
  const boardEl = document.getElementById('board');
  const legendEl = document.getElementById('legend');
  const liveEl = document.getElementById('live');
  const cardEl = document.getElementById('card');
  const exportLink = document.getElementById('export');
  const PARAMS = initial.filterParameters;
  const LIST_PARAMS = ['kind', 'status'];
  let board = initial.board;
  let units = new Map();
  let source;

  function filtersFromUrl() {
    const q = new URLSearchParams(location.search);
    const out = {};
    for (const p of PARAMS) if (q.get(p)) out[p] = q.get(p);
    return out;
  }
  function filtersFromForm() {
    const data = new FormData(form);
    const out = {};
    for (const p of PARAMS) {
      if (LIST_PARAMS.includes(p)) {
        const values = data.getAll(p);
        if (values.length) out[p] = values.join(',');
      } else if (data.get(p) && String(data.get(p)).trim()) out[p] = String(data.get(p)).trim();
    }
    return out;
  }
  function fillForm(filters) {
    for (const p of PARAMS) {
      if (LIST_PARAMS.includes(p)) {
        const on = (filters[p] ?? '').split(',');
        for (const box of form.querySelectorAll(`input[name="${p}"]`)) box.checked = on.includes(box.value);
      } else if (form.elements[p]) form.elements[p].value = filters[p] ?? '';
    }
  }
  const query = (filters) => new URLSearchParams(filters).toString();

  function buildingLabel(b) {
    return b.number ? `Корпус ${b.number}` : (b.name ?? 'Корпус без номера');
  }
  function fillChooser(buildingId) {
    const complexes = new Map();
    for (const b of initial.buildings) complexes.set(b.complexId ?? '', b.complexName ?? 'Без комплекса');
    const current = initial.buildings.find((b) => b.id === buildingId);
    const complexId = current ? (current.complexId ?? '') : complexSelect.value || [...complexes.keys()][0];
    complexSelect.innerHTML = [...complexes]
      .map(
        ([id, name]) =>
          `<option value="${esc(id)}"${id === complexId ? ' selected' : ''}>${esc(name)}</option>`,
      )
      .join('');
    const inComplex = initial.buildings.filter((b) => (b.complexId ?? '') === complexId);
    buildingSelect.innerHTML =
      '<option value="">—</option>' +
      inComplex
        .map(
          (b) =>
            `<option value="${esc(b.id)}"${b.id === buildingId ? ' selected' : ''}>${esc(buildingLabel(b))} · ${b.units} пом.</option>`,
        )
        .join('');
  }

  function unitHtml(u, rowSpan) {
    const d = u.display ?? { number: '', facts: '', price: '', status: '' };
    const title = `${d.number} · ${d.status}${u.matches ? '' : ' · не подходит под фильтры'}`;
    return `<td class="u st-${esc(u.status)}${u.matches ? '' : ' dim'}" data-unit-id="${esc(u.id)}" data-status="${esc(u.status)}"${rowSpan > 1 ? ` rowspan="${rowSpan}"` : ''} title="${esc(title)}" tabindex="0"><div class="n">${esc(d.number)}</div><div>${esc(d.facts)}</div><div>${esc(d.price)}</div></td>`;
  }
  function cellHtml(c) {
    if (c.unit) return unitHtml(c.unit, c.rowSpan);
    if (c.coveredBy) return '';
    return '<td class="e"></td>';
  }
  function renderLegend() {
    if (!board) {
      legendEl.innerHTML = '';
      return;
    }
    const { total, matching } = board.counts;
    legendEl.innerHTML =
      `<span class="entry all" data-status="all">Всего: <b class="matching">${matching.all}</b> / <span class="total">${total.all}</span></span>` +
      board.legend
        .map(
          (e) =>
            `<span class="entry st-${esc(e.status)}" data-status="${esc(e.status)}">${esc(e.label)}: <b class="matching">${matching[e.status] ?? 0}</b> / <span class="total">${total[e.status] ?? 0}</span></span>`,
        )
        .join('');
  }
  const UNPLACED = {
    'no floor or position': 'нет этажа или места',
    'cell taken by another unit': 'место занято другим помещением',
    'no section': 'нет секции',
  };
  function render() {
    units = new Map();
    if (!board) return;
    const remember = (cells) => {
      for (const c of cells) if (c.unit) units.set(c.unit.id, c.unit);
    };
    const sections = board.sections
      .map((s) => {
        const rows = s.floors
          .map((f) => {
            remember(f.cells);
            const floor =
              initial.floorPlans && s.id
                ? `<a href="/portal/floor-plan/${encodeURIComponent(s.id)}/${f.floor}.svg" target="_blank" rel="noopener" title="Планировка этажа">${f.floor}</a>`
                : f.floor;
            return `<tr data-floor="${f.floor}"><th>${floor}</th>${f.cells.map(cellHtml).join('')}</tr>`;
          })
          .join('');
        return `<div class="section"><h3>${esc(s.name)}</h3><table class="grid">${rows}</table></div>`;
      })
      .join('');
    const levels = board.levels
      .map((l) => {
        const row = l.sections
          .map((s) => {
            remember(s.cells);
            return `<div><h3>${esc(s.name)}</h3><table class="grid"><tr>${s.cells.map(cellHtml).join('')}</tr></table></div>`;
          })
          .join('');
        return `<div class="level" data-level="${esc(`${l.kind}:${l.floor}`)}"><h3>${esc(l.label)}</h3><div class="row">${row}</div></div>`;
      })
      .join('');
    const unplaced = board.unplaced.length
      ? `<div class="unplaced">Не размещены на сетке: ${board.unplaced.map((p) => `${esc(p.unit.display?.number ?? '')} (${esc(UNPLACED[p.reason] ?? p.reason)})`).join(', ')}</div>`
      : '';
    const b = board.building;
    const heading = [b.complexName, b.number ? `Корпус ${b.number}` : b.name].filter(Boolean).join(' · ');
    boardEl.innerHTML = `<h2>${esc(heading)}</h2><div class="board">${sections}</div><div class="levels">${levels}</div>${unplaced}`;
    renderLegend();
    exportLink.href = `/api/chessboard/${b.id}/export.xlsx?${query(board.filters)}`;
    const passport = document.getElementById('building-passport');
    if (initial.documents) {
      passport.href = `/api/documents/passport/${encodeURIComponent(b.id)}`;
      passport.hidden = false;
    }
  }

  function recount() {
    const total = { all: 0 };
    const matching = { all: 0 };
    for (const e of board.legend) total[e.status] = matching[e.status] = 0;
    const count = (u) => {
      total[u.status] = (total[u.status] ?? 0) + 1;
      total.all++;
      if (u.matches) {
        matching[u.status] = (matching[u.status] ?? 0) + 1;
        matching.all++;
      }
    };
    for (const u of units.values()) count(u);
    for (const p of board.unplaced) count(p.unit);
    board.counts = { total, matching };
    renderLegend();
  }

  async function load(buildingId, filters) {
    if (!buildingId) {
      board = null;
      boardEl.innerHTML = '<p class="hint">Выберите комплекс и корпус.</p>';
      renderLegend();
      connect();
      return;
    }
    try {
      board = await fetchJson(`/api/chessboard/${encodeURIComponent(buildingId)}?${query(filters)}`);
    } catch (error) {
      if (error instanceof RealtyError) return; // the banner says why
      throw error;
    }
    render();
    connect();
  }

  function samePlace(a, b) {
    return (
      a.sectionId === b.sectionId &&
      a.floor === b.floor &&
      a.position === b.position &&
      a.floorsSpanned === b.floorsSpanned &&
      a.kind === b.kind
    );
  }
  function applyUnits(event) {
    if (!board || event.buildingId !== board.building.id) return;
    const moved =
      event.removed.length > 0 || event.units.some((u) => !units.has(u.id) || !samePlace(units.get(u.id), u));
    if (moved) {
      load(board.building.id, filtersFromUrl());
      return;
    }
    for (const u of event.units) {
      const old = units.get(u.id);
      Object.assign(old, u);
      const td = boardEl.querySelector(`td[data-unit-id="${u.id}"]`);
      if (!td) continue;
      const tmp = document.createElement('tr');
      tmp.innerHTML = unitHtml(old, Number(td.getAttribute('rowspan') ?? 1));
      const fresh = tmp.firstElementChild;
      fresh.classList.add('flash');
      td.replaceWith(fresh);
      setTimeout(() => fresh.classList.remove('flash'), 1500);
    }
    recount();
  }

  function setLive(on, text) {
    liveEl.className = `live ${on ? 'on' : 'off'}`;
    liveEl.textContent = `● ${text}`;
  }
  function connect() {
    source?.close();
    source = undefined;
    setLive(false, 'не подключено');
    if (!board) return;
    source = new EventSource(
      `/api/chessboard/stream?${query({ buildingId: board.building.id, ...board.filters })}`,
    );
    source.addEventListener('ready', () => setLive(true, 'онлайн'));
    source.addEventListener('units', (e) => applyUnits(JSON.parse(e.data)));
    source.onerror = () => setLive(false, 'переподключение…');
  }

  function cardHtml(card) {
    const status = card.status
      ? `<span class="badge st-${esc(card.status.value)}">${esc(card.status.label)}</span>`
      : '';
    const rows = card.rows.map((r) => `<tr><th>${esc(r.label)}</th><td>${esc(r.value)}</td></tr>`).join('');
    const plan = card.floorPlan
      ? `<figure class="plan"><a href="${esc(card.floorPlan.url)}" target="_blank" rel="noopener"><img src="${esc(card.floorPlan.url)}" alt="${esc(card.floorPlan.label)}"></a><figcaption>${esc(card.floorPlan.label)}</figcaption></figure>`
      : '';
    const history = card.history.length
      ? `<ol class="history">${card.history.map((h) => `<li>${esc(h.text)}</li>`).join('')}</ol>`
      : '<p class="hint">Изменений нет.</p>';
    const twenty = card.twentyUrl
      ? `<p><a class="twenty" href="${esc(card.twentyUrl)}" target="_blank" rel="noopener">Открыть в Twenty</a></p>`
      : '';
    return `<button type="button" id="close-card" aria-label="Закрыть">×</button>
      <h3>${esc(card.title)} ${status}</h3>
      <p class="place">${esc(card.place)}</p>
      <table class="fields">${rows}</table>
      ${plan}
      <p>Текущий аукцион: <span class="auction">${
        card.currentAuction
          ? `<a href="${esc(card.currentAuction.url)}">${esc(card.currentAuction.name)}</a>${card.currentAuction.dates ? ` · ${esc(card.currentAuction.dates)}` : ''}`
          : '—'
      }</span></p>
      ${twenty}
      ${
        card.documents?.length
          ? `<p class="documents">${card.documents.map((d) => `<a href="${esc(d.url)}" download>${esc(d.label)}</a>`).join(' · ')}</p>`
          : ''
      }
      <h4>История изменений</h4>${history}`;
  }

  async function openCard(unitId) {
    cardEl.hidden = false;
    cardEl.innerHTML = '<p class="hint">Загрузка…</p>';
    try {
      const card = await fetchJson(`/api/chessboard/units/${encodeURIComponent(unitId)}`);
      cardEl.innerHTML = cardHtml(card);
      cardEl.dataset.unitId = card.id;
    } catch (error) {
      cardEl.hidden = true;
      if (!(error instanceof RealtyError)) throw error;
      return;
    }
    document.getElementById('close-card').onclick = () => {
      cardEl.hidden = true;
    };
  }

  boardEl.addEventListener('click', (e) => {
    const td = e.target.closest('td[data-unit-id]');
    if (td) openCard(td.dataset.unitId);
  });
  boardEl.addEventListener('keydown', (e) => {
    const td = e.target.closest('td[data-unit-id]');
    if (td && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      openCard(td.dataset.unitId);
    }
  });
  function navigate(buildingId, filters) {
    const q = query({ ...(buildingId ? { building: buildingId } : {}), ...filters });
    history.replaceState(null, '', `/chessboard${q ? `?${q}` : ''}`);
    clearError();
    load(buildingId, filters);
  }
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    navigate(buildingSelect.value, filtersFromForm());
  });
  form.addEventListener('change', (e) => {
    if (e.target === complexSelect) {
      fillChooser('');
      navigate('', filtersFromForm());
    } else if (e.target === buildingSelect || e.target.type === 'checkbox')
      navigate(buildingSelect.value, filtersFromForm());
  });
  document.getElementById('reset').onclick = () => {
    fillForm({});
    navigate(buildingSelect.value, {});
  };

  // The server opened the board on a building (the one last viewed, else the first) when the URL
  // named none: the chooser and the URL say which, so a reload or a shared link shows the same.
  const startBuilding = new URLSearchParams(location.search).get('building') ?? board?.building?.id ?? '';
  if (board && !new URLSearchParams(location.search).get('building'))
    history.replaceState(
      null,
      '',
      `/chessboard?${query({ building: board.building.id, ...filtersFromUrl() })}`,
    );
  fillChooser(startBuilding);
  fillForm(filtersFromUrl());
  if (initial.problem) showError(initial.problem);
  render();
  renderLegend();
  connect();
})();
