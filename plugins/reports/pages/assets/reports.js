// The /reports chart: the section's figures (years, months, statuses) drawn with Apache ECharts,
// served by the app as /assets/reports/echarts.min.js; the data is the page's
// <script id="report-chart-data" type="application/json">. Changing the section reloads the form.
(() => {
  const select = document.getElementById('report-section');
  if (select) select.addEventListener('change', () => select.form?.submit());
  const holder = document.getElementById('report-chart');
  const source = document.getElementById('report-chart-data');
  if (!holder || !source || typeof echarts === 'undefined') return;
  const data = JSON.parse(source.textContent || '{}');
  const money = (v) => (window.realty ? window.realty.formatRub(String(v)) : `${v} ₽`);
  const axisMoney = (v) => `${(Number(v) / 1e6).toLocaleString('ru-RU', { maximumFractionDigits: 1 })} млн`;
  const plain = (v) => Number(v).toLocaleString('ru-RU');
  const isMoney = data.unit === 'money';
  const chart = echarts.init(holder, null, { renderer: 'canvas' });
  chart.setOption({
    animation: false,
    tooltip: { trigger: 'axis', valueFormatter: isMoney ? money : plain },
    legend: { top: 0 },
    grid: { left: 80, right: 20, top: 40, bottom: 40 },
    xAxis: { type: 'category', data: data.categories || [] },
    yAxis: { type: 'value', axisLabel: { formatter: isMoney ? axisMoney : plain } },
    series: (data.series || []).map((s) => ({
      name: s.name,
      type: data.kind === 'line' ? 'line' : 'bar',
      data: s.values,
      barMaxWidth: 40,
    })),
  });
  holder.dataset.drawn = String((data.series || []).length);
  window.addEventListener('resize', () => chart.resize());
})();
