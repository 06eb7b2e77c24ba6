// The chessboard page: draws the board from JSON (embedded at first, then /api/chessboard/:id),
// keeps the filters in the URL, applies live updates from /api/chessboard/stream and opens unit
// cards. Plain browser JavaScript, no build step.
(() => {
  const initial = JSON.parse(document.getElementById('initial').textContent);
  const form = document.getElementById('filters');
  const complexSelect = document.getElementById('complex');
  const buildingSelect = document.getElementById('building');
  const boardEl = document.getElementById('board');
  const legendEl = document.getElementById('legend');
  const problemEl = document.getElementById('problem');
  const liveEl = document.getElementById('live');
  const cardEl = document.getElementById('card');
  const exportLink = document.getElementById('export');
  const PARAMS = initial.filterParameters;
  const LIST_PARAMS = ['kind', 'status'];
  let board = initial.board;
  let units = new Map();
  let source;

  const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const money = (micros) => (micros == null ? '' : `${(micros / 1e12).toFixed(2).replace('.', ',')} млн`);
  const legendOf = (status) => (board?.legend ?? []).find((e) => e.status === status);

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
            `<option value="${b.id}"${b.id === buildingId ? ' selected' : ''}>${esc(b.name ?? b.number ?? b.id)} (${b.units})</option>`,
        )
        .join('');
  }

  function unitHtml(u, rowSpan) {
    const facts = [
      u.kind === 'FLAT' && u.rooms != null ? (u.rooms === 0 ? 'студия' : `${u.rooms}к`) : '',
      u.totalArea != null ? `${u.totalArea} м²` : '',
    ]
      .filter(Boolean)
      .join(' · ');
    const title = `${u.number ?? ''} · ${legendOf(u.status)?.label ?? u.status ?? ''}${u.matches ? '' : ' · не подходит под фильтры'}`;
    return `<td class="u st-${esc(u.status)}${u.matches ? '' : ' dim'}" data-unit-id="${u.id}" data-status="${esc(u.status)}"${rowSpan > 1 ? ` rowspan="${rowSpan}"` : ''} title="${esc(title)}"><div class="n">${esc(u.number)}</div><div>${esc(facts)}</div><div>${money(u.price?.amountMicros)}</div></td>`;
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
            `<span class="entry st-${e.status}" data-status="${e.status}">${esc(e.label)}: <b class="matching">${matching[e.status] ?? 0}</b> / <span class="total">${total[e.status] ?? 0}</span></span>`,
        )
        .join('');
  }
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
            return `<tr data-floor="${f.floor}"><th>${f.floor}</th>${f.cells.map(cellHtml).join('')}</tr>`;
          })
          .join('');
        return `<div class="section" data-section-id="${esc(s.id)}"><h3>${esc(s.name)}</h3><table class="grid">${rows}</table></div>`;
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
        return `<div class="level" data-level="${l.kind}:${l.floor}"><h3>${esc(l.label)}</h3><div class="row">${row}</div></div>`;
      })
      .join('');
    const unplaced = board.unplaced.length
      ? `<div class="unplaced">Не размещены на сетке: ${board.unplaced.map((p) => `${esc(p.unit.number)} (${esc(p.reason)})`).join(', ')}</div>`
      : '';
    boardEl.innerHTML = `<h2>${esc(board.building.name)}</h2><div class="board">${sections}</div><div class="levels">${levels}</div>${unplaced}`;
    renderLegend();
    exportLink.href = `/api/chessboard/${board.building.id}/export.xlsx?${query(board.filters)}`;
  }

  function recount() {
    const total = { all: 0 };
    const matching = { all: 0 };
    for (const e of board.legend) total[e.status] = matching[e.status] = 0;
    for (const u of units.values()) {
      total[u.status] = (total[u.status] ?? 0) + 1;
      total.all++;
      if (u.matches) {
        matching[u.status] = (matching[u.status] ?? 0) + 1;
        matching.all++;
      }
    }
    for (const p of board.unplaced) {
      total[p.unit.status] = (total[p.unit.status] ?? 0) + 1;
      total.all++;
      if (p.unit.matches) {
        matching.all++;
        matching[p.unit.status] = (matching[p.unit.status] ?? 0) + 1;
      }
    }
    board.counts = { total, matching };
    renderLegend();
  }

  async function load(buildingId, filters) {
    problemEl.textContent = '';
    if (!buildingId) {
      board = null;
      boardEl.innerHTML = '<p class="hint">Выберите комплекс и корпус.</p>';
      renderLegend();
      connect();
      return;
    }
    const res = await fetch(`/api/chessboard/${buildingId}?${query(filters)}`, {
      credentials: 'same-origin',
    });
    const body = await res.json();
    if (!res.ok) {
      problemEl.textContent = (body.messages ?? []).join('; ') || `HTTP ${res.status}`;
      return;
    }
    board = body;
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

  function connect() {
    source?.close();
    source = undefined;
    liveEl.className = 'live off';
    liveEl.textContent = '● offline';
    if (!board) return;
    source = new EventSource(
      `/api/chessboard/stream?${query({ buildingId: board.building.id, ...board.filters })}`,
    );
    source.addEventListener('ready', () => {
      liveEl.className = 'live on';
      liveEl.textContent = '● live';
    });
    source.addEventListener('units', (e) => applyUnits(JSON.parse(e.data)));
    source.onerror = () => {
      liveEl.className = 'live off';
      liveEl.textContent = '● reconnecting';
    };
  }

  async function openCard(unitId) {
    cardEl.hidden = false;
    cardEl.innerHTML = '<p>Загрузка…</p>';
    const res = await fetch(`/api/chessboard/units/${unitId}`, { credentials: 'same-origin' });
    const card = await res.json();
    if (!res.ok) {
      cardEl.innerHTML = `<p class="problem">${esc((card.messages ?? []).join('; '))}</p>`;
      return;
    }
    const value = (v) => (v && typeof v === 'object' ? JSON.stringify(v) : v);
    const fields = Object.entries(card.fields)
      .map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(value(v))}</td></tr>`)
      .join('');
    const history = card.history.length
      ? card.history
          .map(
            (h) =>
              `<tr><td>${esc(h.changedAt?.slice(0, 16).replace('T', ' '))}</td><td>${esc(h.fieldName)}</td><td>${esc(h.oldValue)} → ${esc(h.newValue)}</td><td>${esc(h.changedBy)}</td></tr>`,
          )
          .join('')
      : `<tr><td>${esc(card.historyError ?? 'изменений нет')}</td></tr>`;
    cardEl.innerHTML = `<button type="button" id="close-card">×</button>
      <h3 data-unit-id="${card.id}">${esc(card.fields.name ?? card.fields.number)}</h3>
      <p><a href="${esc(card.twentyUrl)}" target="_blank" rel="noopener">Открыть в Twenty</a></p>
      <p>Текущий аукцион: <span class="auction">${card.currentAuction ? esc(card.currentAuction.name) : '—'}</span></p>
      <table class="fields">${fields}</table><h4>История изменений</h4><table class="history">${history}</table>`;
    document.getElementById('close-card').onclick = () => (cardEl.hidden = true);
  }

  boardEl.addEventListener('click', (e) => {
    const td = e.target.closest('td[data-unit-id]');
    if (td) openCard(td.dataset.unitId);
  });
  function navigate(buildingId, filters) {
    const q = query({ ...(buildingId ? { building: buildingId } : {}), ...filters });
    history.replaceState(null, '', `/chessboard${q ? `?${q}` : ''}`);
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

  const startBuilding = new URLSearchParams(location.search).get('building') ?? '';
  fillChooser(startBuilding);
  fillForm(filtersFromUrl());
  render();
  renderLegend();
  connect();
})();
