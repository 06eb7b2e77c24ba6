/**
 * The object passport's layout as data an admin edits without code: which sections, in which
 * order, which fields each shows and whether as text lines or a two-column table, and the
 * columns of a building passport's unit table. Stored versioned (`documents passport-layout
 * set`), the built-in default is version 1. The field catalogue is the only list of what a
 * passport may show; a layout naming anything else is refused with the section and the field.
 */
import { z } from 'zod';
import { type FieldPart, type Part, text } from '../doc-model';
import type { PlaceData, UnitData } from '../record-data';
import { rublesInWords, rublesOfMicros } from '../rules/money-words';
import { area, date, moneyShort, plain, unitKind, unitStatus, whole } from './values';

interface CatalogEntry {
  readonly label: string;
  /** Building passports show only place fields in their sections. */
  readonly scope: 'place' | 'unit';
  /** Relative width as a column of the units table. */
  readonly width?: number;
  readonly value: (key: string, unit: UnitData | null, place: PlaceData) => Part;
}

/** Rooms and living area belong to flats: for other kinds they do not apply (a dash, not a blank). */
const flatOnly =
  (f: (key: string, u: UnitData | null) => FieldPart) =>
  (key: string, u: UnitData | null): Part =>
    u?.kind && u.kind !== 'FLAT' ? text('—') : f(key, u);

const unitField =
  (label: string, f: (key: string, label: string, u: UnitData | null) => FieldPart) =>
  (key: string, u: UnitData | null) =>
    f(key, label, u);

export const PASSPORT_FIELDS: Readonly<Record<string, CatalogEntry>> = {
  'complex.name': {
    label: 'Жилой комплекс',
    scope: 'place',
    value: (k, _u, p) => plain(k, 'Жилой комплекс', p.complexName),
  },
  'complex.district': { label: 'Район', scope: 'place', value: (k, _u, p) => plain(k, 'Район', p.district) },
  'complex.address': {
    label: 'Адрес комплекса',
    scope: 'place',
    value: (k, _u, p) => plain(k, 'Адрес комплекса', p.complexAddress),
  },
  'building.name': {
    label: 'Корпус',
    scope: 'place',
    value: (k, _u, p) => plain(k, 'Корпус', p.buildingName),
  },
  'building.number': {
    label: 'Номер корпуса',
    scope: 'place',
    value: (k, _u, p) => plain(k, 'Номер корпуса', p.buildingNumber),
  },
  'building.address': {
    label: 'Адрес корпуса',
    scope: 'place',
    value: (k, _u, p) => plain(k, 'Адрес корпуса', p.buildingAddress),
  },
  'building.floors': {
    label: 'Этажность',
    scope: 'place',
    value: (k, _u, p) => whole(k, 'Этажность', p.buildingFloors),
  },
  'building.cadastralNumber': {
    label: 'Кадастровый номер здания',
    scope: 'place',
    value: (k, _u, p) => plain(k, 'Кадастровый номер здания', p.buildingCadastral),
  },
  'building.commissioningDate': {
    label: 'Ввод в эксплуатацию',
    scope: 'place',
    value: (k, _u, p) => date(k, 'Ввод в эксплуатацию', p.commissioningDate),
  },
  'unit.number': {
    width: 1.15,
    label: 'Номер',
    scope: 'unit',
    value: unitField('Номер помещения', (k, l, u) => plain(k, l, u?.number ?? null)),
  },
  'unit.kind': {
    width: 1.85,
    label: 'Вид',
    scope: 'unit',
    value: unitField('Вид помещения', (k, l, u) => plain(k, l, unitKind(u?.kind ?? null))),
  },
  'unit.section': {
    width: 1.25,
    label: 'Секция',
    scope: 'unit',
    value: unitField('Секция', (k, l, u) => whole(k, l, u?.sectionNumber ?? null)),
  },
  'unit.floor': {
    width: 0.9,
    label: 'Этаж',
    scope: 'unit',
    value: unitField('Этаж', (k, l, u) => whole(k, l, u?.floor ?? null)),
  },
  'unit.rooms': {
    width: 1.35,
    label: 'Комнат',
    scope: 'unit',
    value: flatOnly(unitField('Количество комнат', (k, l, u) => whole(k, l, u?.rooms ?? null))),
  },
  'unit.totalArea': {
    width: 1.3,
    label: 'Общая площадь',
    scope: 'unit',
    value: unitField('Общая площадь', (k, l, u) => area(k, l, u?.totalArea ?? null)),
  },
  'unit.livingArea': {
    width: 1.5,
    label: 'Жилая площадь',
    scope: 'unit',
    value: flatOnly(unitField('Жилая площадь', (k, l, u) => area(k, l, u?.livingArea ?? null))),
  },
  'unit.price': {
    width: 1.95,
    label: 'Цена',
    scope: 'unit',
    value: unitField('Цена', (k, l, u) => moneyShort(k, l, u?.priceMicros ?? null)),
  },
  'unit.priceInWords': {
    width: 4,
    label: 'Цена прописью',
    scope: 'unit',
    value: unitField('Цена прописью', (k, l, u) => {
      const rub = rublesOfMicros(u?.priceMicros ?? null);
      return plain(k, l, rub === null ? null : rublesInWords(rub));
    }),
  },
  'unit.pricePerSqm': {
    width: 2,
    label: 'Цена за м²',
    scope: 'unit',
    value: unitField('Цена за м²', (k, l, u) => moneyShort(k, l, u?.pricePerSqmMicros ?? null)),
  },
  'unit.status': {
    width: 1.8,
    label: 'Статус',
    scope: 'unit',
    value: unitField('Статус', (k, l, u) => plain(k, l, unitStatus(u?.status ?? null))),
  },
  'unit.cadastralNumber': {
    width: 2.6,
    label: 'Кадастровый номер',
    scope: 'unit',
    value: unitField('Кадастровый номер помещения', (k, l, u) => plain(k, l, u?.cadastralNumber ?? null)),
  },
};

const fieldKey = z.string().refine((k) => k in PASSPORT_FIELDS, {
  error: (issue) =>
    `поле «${String(issue.input)}» паспорту неизвестно; допустимы: ${Object.keys(PASSPORT_FIELDS).join(', ')}`,
});

const sectionSchema = z.object({
  title: z.string().trim().min(1, 'пустой заголовок раздела').max(200),
  layout: z.enum(['text', 'table'], { error: 'вид раздела — «text» (строками) или «table» (таблицей)' }),
  fields: z.array(fieldKey).min(1, 'в разделе нет ни одного поля'),
});

export const passportLayoutSchema = z.object({
  title: z.string().trim().min(1).max(200),
  unit: z.object({ sections: z.array(sectionSchema).min(1, 'нет ни одного раздела') }),
  building: z.object({
    sections: z
      .array(sectionSchema)
      .min(1, 'нет ни одного раздела')
      .superRefine((sections, ctx) => {
        for (const [i, s] of sections.entries())
          for (const [j, f] of s.fields.entries())
            if (PASSPORT_FIELDS[f]?.scope === 'unit')
              ctx.addIssue({
                code: 'custom',
                path: [i, 'fields', j],
                message: `поле «${f}» относится к помещению — в паспорте корпуса оно бывает только столбцом таблицы помещений`,
              });
      }),
    unitsTable: z.object({
      title: z.string().trim().min(1).max(200),
      columns: z
        .array(fieldKey)
        .min(1, 'в таблице помещений нет ни одного столбца')
        .superRefine((cols, ctx) => {
          for (const [i, c] of cols.entries())
            if (PASSPORT_FIELDS[c]?.scope !== 'unit')
              ctx.addIssue({ code: 'custom', path: [i], message: `столбец «${c}» — не поле помещения` });
        }),
    }),
  }),
});
export type PassportLayout = z.infer<typeof passportLayoutSchema>;

export const DEFAULT_PASSPORT_LAYOUT: PassportLayout = {
  title: 'Паспорт объекта',
  unit: {
    sections: [
      {
        title: 'Местоположение',
        layout: 'text',
        fields: [
          'complex.name',
          'complex.district',
          'building.number',
          'building.address',
          'building.cadastralNumber',
        ],
      },
      {
        title: 'Характеристики помещения',
        layout: 'table',
        fields: [
          'unit.kind',
          'unit.number',
          'unit.section',
          'unit.floor',
          'unit.rooms',
          'unit.totalArea',
          'unit.livingArea',
          'unit.cadastralNumber',
        ],
      },
      {
        title: 'Цена и статус',
        layout: 'table',
        fields: ['unit.price', 'unit.priceInWords', 'unit.pricePerSqm', 'unit.status'],
      },
    ],
  },
  building: {
    sections: [
      {
        title: 'Общие сведения',
        layout: 'table',
        fields: [
          'complex.name',
          'complex.district',
          'building.name',
          'building.number',
          'building.address',
          'building.floors',
          'building.cadastralNumber',
          'building.commissioningDate',
        ],
      },
    ],
    unitsTable: {
      title: 'Помещения',
      columns: [
        'unit.number',
        'unit.kind',
        'unit.section',
        'unit.floor',
        'unit.rooms',
        'unit.totalArea',
        'unit.price',
        'unit.status',
      ],
    },
  },
};

/** A stored layout's problems in Russian, each naming where («building.unitsTable.columns[2]»). */
export function parsePassportLayout(input: unknown): { layout: PassportLayout } | { problems: string[] } {
  const r = passportLayoutSchema.safeParse(input);
  if (r.success) return { layout: r.data };
  return {
    problems: r.error.issues.map((i) => {
      const at = i.path
        .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
        .join('')
        .replace(/^\./, '');
      return `${at || 'макет'}: ${i.message}`;
    }),
  };
}
