/**
 * 19. The holding roll-up: for each holding (a company with subsidiaries and no parent) the
 * holdings plugin's roll-up over every subsidiary at any depth — its published `loadHolding`,
 * read through the caller's reader, so a restricted member sums only what they may see.
 */
import { routeLinks, type ScopedReader } from '../../core/access/index';
import { loadHolding } from '../../holdings/index';
import { defineSection, type ReportRow } from '../report-types';

/** The roll-up's company links are not shown in a report: any base will do. */
const LINKS = routeLinks({ twentyUrl: 'http://twenty.invalid', publicUrl: 'http://app.invalid' });

const micros = (v: string | null) => (v === null ? null : Math.round(Number(BigInt(v) / 10_000n)) / 100);

/** Holdings owns no object: it is enabled when the company view carries its parent field. */
async function holdingsEnabled(reader: ScopedReader): Promise<boolean> {
  if (!reader.has('company')) return false;
  try {
    await reader.query('select c.parent_company_id from {company} c limit 0');
    return true;
  } catch {
    return false;
  }
}

export const holdingRollup = defineSection({
  id: 19,
  key: 'holding-rollup',
  title: { ru: 'Сводка по холдингам', en: 'Holding roll-up' },
  plugins: ['holdings'],
  objects: [
    'company',
    'opportunity',
    'person',
    'task',
    'note',
    'taskTarget',
    'noteTarget',
    'revenueScenario',
    'revenuePlanLine',
    'exchangeRate',
  ],
  available: holdingsEnabled,
  params: [],
  roles: ['sales', 'finance'],
  columns: [
    { key: 'holding', label: 'Холдинг', type: 'text' },
    { key: 'companies', label: 'Компаний', type: 'int', total: true },
    { key: 'openDeals', label: 'Открытых сделок', type: 'int', total: true },
    { key: 'openAmount', label: 'Сумма открытых сделок', type: 'money', total: true },
    { key: 'wonAmount', label: 'Выиграно', type: 'money', total: true },
    { key: 'planned', label: 'Выручка по плану, ₽', type: 'money', total: true },
    { key: 'received', label: 'Выручка получена, ₽', type: 'money', total: true },
    { key: 'contacts', label: 'Контактов', type: 'int', total: true },
  ],
  async run(reader) {
    const roots = await reader.query<{ id: string }>(
      `select c.id::text as id from {company} c
        where c.parent_company_id is null
          and exists (select 1 from {company} s where s.parent_company_id = c.id)
        order by c.name`,
    );
    const out: ReportRow[] = [];
    for (const root of roots) {
      const view = await loadHolding(reader, LINKS, root.id);
      if (!view) continue;
      out.push({
        holding: view.root.name,
        companies: view.companies.length,
        openDeals: view.total.openDeals,
        openAmount: micros(view.total.openAmountMicros),
        wonAmount: micros(view.total.wonAmountMicros),
        planned: micros(view.total.plannedMicros),
        received: micros(view.total.receivedMicros),
        contacts: view.total.contacts,
      });
    }
    return { rows: out };
  },
});
