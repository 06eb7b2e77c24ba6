/** 16. The import and change log: every protocolled change of a unit in the period (unitChange). */
import { defineSection } from '../report-types';
import { BUILDING_NAME, label, mskBetween, mskDay, rows, SqlArgs } from './sql';

const SOURCE_RU: Readonly<Record<string, string>> = {
  IMPORT: 'импорт',
  MANUAL: 'вручную',
  AUCTION: 'торги',
  MIGRATION: 'миграция',
};
const STATUS_RU: Readonly<Record<string, string>> = {
  APPLIED: 'применено',
  PENDING: 'ждёт согласования',
  REJECTED: 'отклонено',
  REVERTED: 'отменено',
};

export const changeLog = defineSection({
  id: 16,
  key: 'change-log',
  title: { ru: 'Журнал импорта и изменений', en: 'Import and change log' },
  plugins: [],
  objects: ['unitChange', 'importBatch', 'unit', 'building', 'residentialComplex'],
  params: ['period', 'complex'],
  roles: ['sales', 'legal'],
  columns: [
    { key: 'day', label: 'Дата', type: 'date' },
    { key: 'complex', label: 'ЖК', type: 'text' },
    { key: 'unit', label: 'Помещение', type: 'text' },
    { key: 'field', label: 'Поле', type: 'text' },
    { key: 'oldValue', label: 'Было', type: 'text' },
    { key: 'newValue', label: 'Стало', type: 'text' },
    { key: 'source', label: 'Источник', type: 'text' },
    { key: 'batch', label: 'Импорт №', type: 'int' },
    { key: 'changedBy', label: 'Кто', type: 'text' },
    { key: 'status', label: 'Статус', type: 'text' },
  ],
  async run(reader, p) {
    const a = new SqlArgs();
    const day = mskDay('coalesce(ch.changed_at, ch.created_at)');
    const from = a.add(p.from);
    const to = a.add(p.to);
    const found = await rows(
      reader,
      `select ${day} as day, c.name as complex, ${BUILDING_NAME('b')} || ', ' || coalesce(u.number, '—') as unit,
              ch.field_name as field, ch.old_value as "oldValue", ch.new_value as "newValue", ch.source,
              ib.number::int as batch, ch.changed_by as "changedBy", ch.status
         from {unitChange} ch
         left join {unit} u on u.id = ch.unit_id
         left join {building} b on b.id = u.building_id
         left join {residentialComplex} c on c.id = b.complex_id
         left join {importBatch} ib on ib.id = ch.import_batch_id
        where (${mskBetween('ch.changed_at', from, to)} or (ch.changed_at is null and ${mskBetween('ch.created_at', from, to)}))
          ${p.complexId ? `and b.complex_id = ${a.add(p.complexId)}::uuid` : ''}
        order by coalesce(ch.changed_at, ch.created_at), ch.id`,
      a,
    );
    return {
      rows: found.map((r) => ({
        ...r,
        source: label(SOURCE_RU, r.source),
        status: label(STATUS_RU, r.status),
      })),
    };
  },
});
