// The /revenue chart: bars for what was received, lines for what is planned per scenario kind and
// the probability-weighted forecast, in RUB. Drawn with Apache ECharts (served by the app as
// /assets/revenue/echarts.min.js); the data is the page's <script id="chart-data" type="application/json">.
(() => {
  const holder = document.getElementById('revenue-chart');
  const source = document.getElementById('chart-data');
  if (!holder || !source || typeof echarts === 'undefined') return;
  const data = JSON.parse(source.textContent || '{}');
  const num = (values) => values.map((v) => Number(v));
  const rub = (v) => (window.realty ? window.realty.formatRub(String(v)) : `${v} ₽`);
  const millions = (v) => `${(Number(v) / 1e6).toLocaleString('ru-RU', { maximumFractionDigits: 1 })} млн`;
  const series = [
    {
      name: 'Получено',
      type: 'bar',
      data: num(data.received || []),
      itemStyle: { color: '#2e7d32' },
      barMaxWidth: 36,
    },
    ...(data.planned || []).map((p) => ({ name: p.label, type: 'line', data: num(p.values), symbolSize: 6 })),
    {
      name: 'Взвешенный прогноз',
      type: 'line',
      data: num(data.weighted || []),
      lineStyle: { type: 'dashed', width: 3 },
      itemStyle: { color: '#6a1b9a' },
    },
  ];
  const chart = echarts.init(holder, null, { renderer: 'canvas' });
  chart.setOption({
    animation: false,
    tooltip: { trigger: 'axis', valueFormatter: rub },
    legend: { top: 0 },
    grid: { left: 70, right: 20, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: data.months || [] },
    yAxis: { type: 'value', axisLabel: { formatter: millions } },
    series,
  });
  holder.dataset.drawn = String(series.length);
  window.addEventListener('resize', () => chart.resize());
})();
