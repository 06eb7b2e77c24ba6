/**
 * The plan-fact vocabulary: the four metrics a sales plan is set in — Russian and English labels,
 * the unit of each and Twenty's tag colour in one table, read by the schema's select options, the
 * import (which accepts the code or the Russian name) and the page.
 */
export const METRIC_TERMS = [
  { value: 'UNITS', ru: 'Продажи, шт.', en: 'Units sold', unit: 'шт.', tag: 'blue' },
  { value: 'AREA_M2', ru: 'Продажи, м²', en: 'Area sold, m²', unit: 'м²', tag: 'turquoise' },
  { value: 'REVENUE', ru: 'Выручка (договоры), ₽', en: 'Revenue (contracts), RUB', unit: '₽', tag: 'green' },
  { value: 'RECEIPTS', ru: 'Поступления, ₽', en: 'Receipts, RUB', unit: '₽', tag: 'purple' },
] as const;

export type Metric = (typeof METRIC_TERMS)[number]['value'];
export const METRICS: readonly Metric[] = METRIC_TERMS.map((t) => t.value);
export const METRIC_OPTIONS = METRIC_TERMS.map((t) => ({ value: t.value, label: t.en, color: t.tag }));
export const METRIC_RU: Readonly<Record<Metric, string>> = Object.fromEntries(
  METRIC_TERMS.map((t) => [t.value, t.ru]),
) as Record<Metric, string>;

export const isMetric = (v: unknown): v is Metric => typeof v === 'string' && METRICS.includes(v as Metric);

/** «UNITS», «Продажи, шт.», «шт», «площадь», «выручка», «поступления» → the metric, or undefined. */
export function metricOf(text: string): Metric | undefined {
  const t = text.trim().toLowerCase().replace(/ё/g, 'е');
  if (!t) return undefined;
  const upper = t.toUpperCase();
  if (isMetric(upper)) return upper;
  if (METRIC_TERMS.some((m) => m.ru.toLowerCase() === t))
    return METRIC_TERMS.find((m) => m.ru.toLowerCase() === t)?.value;
  if (/^(шт|штук|продажи,? шт|количество|кол-во)/.test(t)) return 'UNITS';
  if (/(м2|м²|площадь)/.test(t)) return 'AREA_M2';
  if (/^выручка/.test(t)) return 'REVENUE';
  if (/^поступлени/.test(t)) return 'RECEIPTS';
  return undefined;
}
