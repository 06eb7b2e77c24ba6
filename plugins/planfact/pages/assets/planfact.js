// The /planfact page: the chart of plan against fact (Apache ECharts, served by the app as
// /assets/planfact/echarts.min.js) and the calculator — a changed plan value or what-if posts to
// /api/planfact/calculate, which recomputes without writing; the table, totals, projection and
// chart are redrawn from its answer. «Save as a new plan version» and the workbook import are the
// plugin's operations (POST /api/operations/planfact/…). Data: <script id="pf-data" type="application/json">.
(() => {
  const root = document.getElementById('planfact-page');
  const source = document.getElementById('pf-data');
  if (!root || !source) return;
  const r = window.realty;
  const data = JSON.parse(source.textContent || '{}');
  const filter = data.filter || {};
  const $ = (id) => document.getElementById(id);
  const pct = (p) => (p === null || p === undefined ? '—' : `${r.formatNumber(String(p), 1)}${r.NBSP}%`);
  const value = (metric, v) =>
    metric === 'UNITS'
      ? `${r.formatNumber(String(v), 2)}${r.NBSP}шт.`
      : metric === 'AREA_M2'
        ? r.formatArea(String(v))
        : r.formatRub(String(v));
  const signed = (metric, v) => `${v > 0 ? '+' : ''}${value(metric, v)}`;
  const cls = (el, v) => {
    el.classList.toggle('neg', v < 0);
    el.classList.toggle('pos', v > 0);
  };
  const number = (text) => {
    const t = String(text)
      .replace(/[\s\u00a0\u202f₽]/g, '')
      .replace(',', '.');
    return /^\d+(\.\d+)?$/.test(t) ? Number(t) : null;
  };

  // The chart: bars of plan and fact per month for one metric.
  const holder = $('pf-chart');
  let chart = null;
  function draw(series) {
    if (!holder || typeof echarts === 'undefined') return;
    chart = chart || echarts.init(holder, null, { renderer: 'canvas' });
    const metric = data.chartMetric;
    const axis = (v) =>
      metric === 'REVENUE' || metric === 'RECEIPTS'
        ? `${(Number(v) / 1e6).toLocaleString('ru-RU', { maximumFractionDigits: 1 })} млн`
        : Number(v).toLocaleString('ru-RU');
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis', valueFormatter: (v) => value(metric, v) },
      legend: { top: 0 },
      grid: { left: 80, right: 20, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: data.chartMonths || [] },
      yAxis: { type: 'value', axisLabel: { formatter: axis } },
      series: [
        { name: 'План', type: 'bar', data: series.plan, itemStyle: { color: '#90a4ae' }, barMaxWidth: 32 },
        { name: 'Факт', type: 'bar', data: series.fact, itemStyle: { color: '#2e7d32' }, barMaxWidth: 32 },
      ],
    });
    holder.dataset.drawn = String(series.plan.length);
  }
  draw(data.chart || { plan: [], fact: [] });
  window.addEventListener('resize', () => chart?.resize());

  const inputs = () => [...document.querySelectorAll('#pf-table input.pf-plan')];
  function changed() {
    return inputs()
      .map((input) => ({ input, tr: input.closest('tr'), plan: number(input.value) }))
      .filter((x) => x.plan !== null && x.plan !== Number(x.input.dataset.original))
      .map((x) => ({
        month: x.tr.dataset.month,
        complexId: x.tr.dataset.complex || null,
        metric: x.tr.dataset.metric,
        plan: x.plan,
      }));
  }

  function render(view) {
    const byKey = new Map(
      view.rows.map((row) => [`${row.month}|${row.complexId ?? '*'}|${row.metric}`, row]),
    );
    for (const tr of document.querySelectorAll('#pf-table tbody tr[data-key]')) {
      const row = byKey.get(tr.dataset.key);
      if (!row) continue;
      tr.querySelector('.fact').textContent = value(row.metric, row.fact);
      const delta = tr.querySelector('.delta');
      delta.textContent = signed(row.metric, row.delta);
      cls(delta, row.delta);
      tr.querySelector('.pct').textContent = pct(row.percent);
      tr.classList.toggle('changed', row.plan !== Number(tr.querySelector('input.pf-plan').dataset.original));
    }
    for (const t of view.totals) {
      const card = document.querySelector(`#pf-totals [data-total="${t.metric}"]`);
      if (!card) continue;
      card.querySelector('.t-plan').textContent = value(t.metric, t.plan);
      card.querySelector('.t-fact').textContent = value(t.metric, t.fact);
      const d = card.querySelector('.t-delta');
      d.textContent = signed(t.metric, t.delta);
      cls(d, t.delta);
      card.querySelector('.t-pct').textContent = pct(t.percent);
    }
    const p = view.projection;
    const set = (id, text) => {
      const el = $(id);
      if (el) el.textContent = text;
    };
    set('pf-stock-units', value('UNITS', p.stock.units));
    set('pf-stock-area', r.formatArea(String(p.stock.area)));
    set('pf-stock-value', r.formatRub(String(p.stock.value)));
    set('pf-stock-adjusted', r.formatRub(String(p.stock.valueAdjusted)));
    set('pf-sell-units', value('UNITS', p.toSell.units));
    set('pf-sell-area', r.formatArea(String(p.toSell.area)));
    set('pf-sell-revenue', r.formatRub(String(p.toSell.revenue)));
    set('pf-proj-revenue', r.formatRub(String(p.projected.revenue)));
    set('pf-plan-revenue', r.formatRub(String(p.plan.revenue)));
    set('pf-proj-revenue-pct', pct(p.percent.revenue));
    set('pf-proj-units', value('UNITS', p.projected.units));
    set('pf-plan-units', value('UNITS', p.plan.units));
    set('pf-proj-area', r.formatArea(String(p.projected.area)));
    set('pf-plan-area', r.formatArea(String(p.plan.area)));
    set('pf-changed', String(view.changed));
    const save = $('pf-save');
    if (save) save.disabled = view.changed === 0;
    draw(view.chart);
    root.dataset.recalculated = String(Number(root.dataset.recalculated || 0) + 1);
  }

  let timer = null;
  let sequence = 0;
  async function recalculate() {
    const mine = ++sequence;
    const body = {
      ...filter,
      overrides: changed(),
      pricePercent: Number($('pf-price')?.value || 0),
      tempoPercent: Number($('pf-tempo')?.value || 100),
    };
    try {
      const view = await r.fetchJson('/api/planfact/calculate', { method: 'POST', body });
      if (mine === sequence) render(view);
    } catch {
      // the banner says what is wrong
    }
  }
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(recalculate, 250);
  };
  root.addEventListener('input', (event) => {
    if (event.target.matches('input.pf-plan, #pf-price, #pf-tempo')) soon();
  });
  $('pf-reset')?.addEventListener('click', () => {
    for (const input of inputs()) input.value = input.dataset.original;
    if ($('pf-price')) $('pf-price').value = '0';
    if ($('pf-tempo')) $('pf-tempo').value = '100';
    recalculate();
  });

  $('pf-save')?.addEventListener('click', async () => {
    const plans = changed().map((c) => `${c.month};${c.complexId ?? ''};${c.metric};${c.plan}`);
    if (plans.length === 0) return;
    const out = $('pf-save-result');
    try {
      const result = await r.fetchJson('/api/operations/planfact/save-version', {
        method: 'POST',
        body: { plans },
      });
      out.textContent = `Сохранена версия плана ${result.version}: значений ${result.written}, изменено ${result.changed}.`;
      for (const input of inputs())
        input.dataset.original = String(number(input.value) ?? input.dataset.original);
      const version = $('pf-version');
      if (version) version.dataset.version = String(result.version);
      recalculate();
    } catch {
      out.textContent = '';
    }
  });

  async function upload(dryRun) {
    const file = $('pf-file')?.files?.[0];
    const out = $('pf-import-result');
    if (!file) {
      r.showError({ status: 400, code: 'planfact_no_file', message: 'Выберите файл .xlsx с планом' });
      return;
    }
    const base64 = await new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(file);
    });
    out.textContent = 'Проверяем…';
    try {
      const res = await r.fetchJson('/api/operations/planfact/import', {
        method: 'POST',
        body: { file: base64, fileName: file.name, dryRun },
      });
      out.textContent = dryRun
        ? `Файл в порядке: строк ${res.rows}, значений плана ${res.imported}; будет версия ${res.version} (изменится ${res.changed}). Ничего не записано.`
        : `Загружено: версия плана ${res.version}, значений ${res.written}, изменено ${res.changed}. Обновите страницу, чтобы увидеть план.`;
    } catch {
      out.textContent = 'Ничего не записано.';
    }
  }
  $('pf-check')?.addEventListener('click', () => upload(true));
  $('pf-upload')?.addEventListener('click', () => upload(false));
})();
