/**
 * 17. The revenue forecast in RUB by scenario kind and month: every plan line due in the period,
 * converted at the Central Bank's rate in force on its date (revenue's published rates); lines in
 * a currency without a rate are counted apart, never summed as roubles.
 */
import { defineSection } from '../report-types';
import { monthRu, rows, SqlArgs } from './sql';

const KIND_RU: Readonly<Record<string, string>> = {
  BASE: 'базовый',
  OPTIMISTIC: 'оптимистичный',
  PESSIMISTIC: 'пессимистичный',
  CUSTOM: 'особый',
};
const KIND_ORDER = ['BASE', 'OPTIMISTIC', 'PESSIMISTIC', 'CUSTOM'];

export const revenueForecast = defineSection({
  id: 17,
  key: 'revenue-forecast',
  title: { ru: 'Прогноз выручки в рублях по сценариям', en: 'Revenue forecast in RUB by scenario' },
  plugins: ['revenue'],
  objects: ['revenueScenario', 'revenuePlanLine', 'exchangeRate'],
  requires: ['revenueScenario', 'revenuePlanLine', 'exchangeRate'],
  params: ['period'],
  roles: ['finance', 'sales'],
  columns: [
    { key: 'scenario', label: 'Сценарий', type: 'text' },
    { key: 'month', label: 'Месяц', type: 'text' },
    { key: 'deals', label: 'Сделок', type: 'int' },
    { key: 'lines', label: 'Строк плана', type: 'int', total: true },
    { key: 'planned', label: 'Запланировано, ₽', type: 'money', total: true },
    { key: 'received', label: 'Получено, ₽', type: 'money', total: true },
    { key: 'noRate', label: 'Строк без курса', type: 'int', total: true },
  ],
  async run(reader, p) {
    const a = new SqlArgs();
    const rate = (code: string, day: string) =>
      `case when upper(coalesce(${code}, 'RUB')) = 'RUB' then 1::numeric
            else (select r.rate / nullif(r.nominal, 0) from {exchangeRate} r
                   where upper(r.currency_code) = upper(${code}) and r.date <= ${day}
                   order by r.date desc limit 1) end`;
    const found = await rows(
      reader,
      `with lines as (
         select s.kind, s.opportunity_id, to_char(l.due_date, 'YYYY-MM') as month,
                l.amount_amount_micros * ${rate('l.amount_currency_code', 'l.due_date')} as planned,
                l.received_amount_amount_micros * ${rate('l.received_amount_currency_code', 'coalesce(l.received_date, l.due_date)')} as received,
                l.amount_amount_micros is not null and ${rate('l.amount_currency_code', 'l.due_date')} is null as no_rate
           from {revenuePlanLine} l
           join {revenueScenario} s on s.id = l.scenario_id
          where l.due_date between ${a.add(p.from)}::date and ${a.add(p.to)}::date)
       select kind, month, count(distinct opportunity_id)::int as deals, count(*)::int as lines,
              round(coalesce(sum(planned), 0) / 1000000.0, 2)::float8 as planned,
              round(coalesce(sum(received), 0) / 1000000.0, 2)::float8 as received,
              (count(*) filter (where no_rate))::int as "noRate"
         from lines group by kind, month order by kind, month`,
      a,
    );
    const order = (k: unknown) => {
      const i = KIND_ORDER.indexOf(String(k));
      return i < 0 ? KIND_ORDER.length : i;
    };
    found.sort((x, y) => order(x.kind) - order(y.kind) || String(x.month).localeCompare(String(y.month)));
    const months = [...new Set(found.map((r) => String(r.month)))].sort();
    const kinds = [...new Set(found.map((r) => String(r.kind)))];
    return {
      rows: found.map(({ kind, month, ...r }) => ({
        scenario: KIND_RU[String(kind)] ?? String(kind),
        month: monthRu(String(month)),
        ...r,
      })),
      chart: {
        kind: 'line',
        unit: 'money',
        categories: months.map(monthRu),
        series: kinds.map((k) => ({
          name: KIND_RU[k] ?? k,
          values: months.map((m) => Number(found.find((r) => r.kind === k && r.month === m)?.planned ?? 0)),
        })),
      },
    };
  },
});
