/**
 * 18. Revenue allocation by department and employee: each allocation's share of its deal's primary
 * scenario in RUB (revenue's published `dealRevenueInRub`, the same figures as /revenue), or its
 * fixed amount, summed per department and person.
 */
import { dealRevenueInRub } from '../../revenue/index';
import { defineSection, type ReportRow } from '../report-types';
import { PERSON_NAME, rows } from './sql';

export const revenueAllocation = defineSection({
  id: 18,
  key: 'revenue-allocation',
  title: { ru: 'Распределение выручки по отделам и сотрудникам', en: 'Revenue allocation' },
  plugins: ['revenue'],
  objects: [
    'revenueAllocation',
    'department',
    'workspaceMember',
    'revenueScenario',
    'revenuePlanLine',
    'exchangeRate',
  ],
  requires: ['revenueAllocation', 'department', 'revenueScenario', 'revenuePlanLine', 'exchangeRate'],
  params: [],
  roles: ['finance'],
  columns: [
    { key: 'department', label: 'Отдел', type: 'text' },
    { key: 'member', label: 'Сотрудник', type: 'text' },
    { key: 'deals', label: 'Сделок', type: 'int' },
    { key: 'planned', label: 'Запланировано, ₽', type: 'money', total: true },
    { key: 'received', label: 'Получено, ₽', type: 'money', total: true },
  ],
  async run(reader) {
    const withMembers = reader.has('workspaceMember');
    const found = await rows(
      reader,
      `select a.opportunity_id::text as deal, d.name as department,
              ${withMembers ? PERSON_NAME('m') : 'null::text'} as member,
              a.share_percent::float8 as share, a.fixed_amount_amount_micros::text as fixed
         from {revenueAllocation} a
         left join {department} d on d.id = a.department_id
         ${withMembers ? 'left join {workspaceMember} m on m.id = a.member_id' : ''}
        where a.opportunity_id is not null`,
    );
    const revenue =
      (await dealRevenueInRub(reader, [...new Set(found.map((r) => String(r.deal)))])) ?? new Map();
    // Sums in kopecks (integers): a share of micros rounded half-up to the kopeck.
    const groups = new Map<
      string,
      { department: string; member: string; deals: Set<string>; planned: number; received: number }
    >();
    for (const r of found) {
      const department = (r.department as string | null) ?? '— без отдела —';
      const member = (r.member as string | null) ?? '— без сотрудника —';
      const key = `${department}\u0000${member}`;
      const g = groups.get(key) ?? { department, member, deals: new Set<string>(), planned: 0, received: 0 };
      const deal = revenue.get(String(r.deal));
      g.deals.add(String(r.deal));
      if (r.fixed !== null && r.fixed !== undefined && Number(r.fixed) !== 0) {
        g.planned += Math.round(Number(r.fixed) / 10_000);
      } else if (deal && r.share !== null) {
        const share = Number(r.share) / 100;
        g.planned += Math.round((Number(deal.plannedMicros) * share) / 10_000);
        g.received += Math.round((Number(deal.receivedMicros) * share) / 10_000);
      }
      groups.set(key, g);
    }
    const out: ReportRow[] = [...groups.values()]
      .sort(
        (x, y) => x.department.localeCompare(y.department, 'ru') || x.member.localeCompare(y.member, 'ru'),
      )
      .map((g) => ({
        department: g.department,
        member: g.member,
        deals: g.deals.size,
        planned: g.planned / 100,
        received: g.received / 100,
      }));
    return { rows: out };
  },
});
