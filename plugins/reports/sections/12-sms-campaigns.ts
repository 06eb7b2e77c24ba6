/**
 * 12. SMS campaign statistics: per campaign scheduled in the period, its audience and what became
 * of its messages (counted from the sms plugin's published `smsMessage`), delivery rate and cost.
 */
import { defineSection } from '../report-types';
import { label, mskDay, rows, SqlArgs } from './sql';

const CAMPAIGN_STATUS_RU: Readonly<Record<string, string>> = {
  DRAFT: 'черновик',
  SCHEDULED: 'запланирована',
  SENDING: 'отправляется',
  DONE: 'завершена',
  CANCELLED: 'отменена',
};

export const smsCampaigns = defineSection({
  id: 12,
  key: 'sms-campaigns',
  title: { ru: 'Статистика SMS-рассылок', en: 'SMS campaign statistics' },
  plugins: ['sms'],
  objects: ['smsCampaign', 'smsMessage'],
  requires: ['smsCampaign', 'smsMessage'],
  params: ['period'],
  roles: ['marketing', 'callcenter'],
  columns: [
    { key: 'name', label: 'Рассылка', type: 'text' },
    { key: 'status', label: 'Статус', type: 'text' },
    { key: 'scheduledAt', label: 'Дата', type: 'date' },
    { key: 'audience', label: 'Аудитория', type: 'int', total: true },
    { key: 'messages', label: 'Сообщений', type: 'int', total: true },
    { key: 'sent', label: 'Отправлено', type: 'int', total: true },
    { key: 'delivered', label: 'Доставлено', type: 'int', total: true },
    { key: 'failed', label: 'Ошибок', type: 'int', total: true },
    { key: 'deliveredShare', label: 'Доставляемость', type: 'percent' },
    { key: 'segments', label: 'Сегментов', type: 'int', total: true },
    { key: 'cost', label: 'Стоимость', type: 'money', total: true },
  ],
  async run(reader, p) {
    const a = new SqlArgs();
    const day = mskDay('coalesce(c.scheduled_at, c.created_at)');
    const found = await rows(
      reader,
      `with m as (
         select campaign_id, count(*)::int as n,
                (count(*) filter (where status in ('SENT', 'DELIVERED')))::int as sent,
                (count(*) filter (where status = 'DELIVERED'))::int as delivered,
                (count(*) filter (where status = 'FAILED'))::int as failed,
                coalesce(sum(segments), 0)::int as segments
           from {smsMessage} group by campaign_id)
       select c.name, c.status, ${day} as "scheduledAt", coalesce(c.audience_count, 0)::int as audience,
              coalesce(m.n, 0) as messages, coalesce(m.sent, 0) as sent, coalesce(m.delivered, 0) as delivered,
              coalesce(m.failed, 0) as failed,
              case when coalesce(m.sent, 0) = 0 then null else round(100.0 * m.delivered / m.sent, 1)::float8 end as "deliveredShare",
              coalesce(m.segments, 0) as segments,
              round(coalesce(c.cost_amount_micros, 0) / 1000000.0, 2)::float8 as cost
         from {smsCampaign} c
         left join m on m.campaign_id = c.id
        where ${day} between ${a.add(p.from)} and ${a.add(p.to)}
        order by ${day}, c.name`,
      a,
    );
    return { rows: found.map((r) => ({ ...r, status: label(CAMPAIGN_STATUS_RU, r.status) })) };
  },
});
