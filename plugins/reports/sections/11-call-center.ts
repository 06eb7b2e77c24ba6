/**
 * 11. Call-center statistics by day and direction: calls, answered, missed, busy or failed, the
 * share answered and talk time, from the telephony plugin's published `phoneCall`. Without
 * telephony the section is an empty, correctly headed table (and is left out of «all sections»).
 */
import { defineSection } from '../report-types';
import { mskBetween, mskDay, rows, SqlArgs } from './sql';

const DIRECTION_RU: Readonly<Record<string, string>> = { INCOMING: 'входящие', OUTGOING: 'исходящие' };

export const callCenter = defineSection({
  id: 11,
  key: 'call-center',
  title: { ru: 'Статистика колл-центра', en: 'Call-center statistics' },
  plugins: ['telephony'],
  objects: ['phoneCall'],
  requires: ['phoneCall'],
  params: ['period'],
  roles: ['callcenter', 'sales', 'marketing'],
  columns: [
    { key: 'day', label: 'Дата', type: 'date' },
    { key: 'direction', label: 'Направление', type: 'text' },
    { key: 'calls', label: 'Звонков', type: 'int', total: true },
    { key: 'answered', label: 'Отвечено', type: 'int', total: true },
    { key: 'missed', label: 'Пропущено', type: 'int', total: true },
    { key: 'failed', label: 'Занято / сбой', type: 'int', total: true },
    { key: 'answeredShare', label: 'Доля отвеченных', type: 'percent' },
    { key: 'avgSeconds', label: 'Средний разговор, сек', type: 'int' },
    { key: 'talkMinutes', label: 'Разговоров, мин', type: 'int', total: true },
  ],
  async run(reader, p) {
    const a = new SqlArgs();
    const day = mskDay('k.started_at');
    const found = await rows(
      reader,
      `select ${day} as day, k.direction, count(*)::int as calls,
              (count(*) filter (where k.status = 'ANSWERED'))::int as answered,
              (count(*) filter (where k.status = 'MISSED'))::int as missed,
              (count(*) filter (where k.status in ('BUSY', 'FAILED')))::int as failed,
              round(100.0 * count(*) filter (where k.status = 'ANSWERED') / count(*), 1)::float8 as "answeredShare",
              round(avg(k.duration_seconds) filter (where k.status = 'ANSWERED'))::int as "avgSeconds",
              round(coalesce(sum(k.duration_seconds) filter (where k.status = 'ANSWERED'), 0) / 60.0)::int as "talkMinutes"
         from {phoneCall} k
        where ${mskBetween('k.started_at', a.add(p.from), a.add(p.to))}
        group by 1, 2
        order by 1, 2`,
      a,
    );
    return {
      rows: found.map((r) => ({ ...r, direction: DIRECTION_RU[String(r.direction)] ?? r.direction })),
    };
  },
});
