/**
 * The registry in Twenty's screens in Russian (`REALTY_LOCALE=ru`, the default): labels,
 * descriptions and option labels `realty setup` provisions. Unit kinds and statuses come from the
 * one vocabulary (vocabulary.ts); icons fill in where the schema declares none.
 */
import { defineLabels } from '../core/index';
import { UNIT_KIND_RU, UNIT_STATUS_RU } from './vocabulary';

export const registryLabelsRu = defineLabels({
  residentialComplex: {
    labelSingular: 'Жилой комплекс',
    labelPlural: 'Жилые комплексы',
    description: 'Жилой комплекс (ЖК): вершина реестра',
    fields: {
      name: { label: 'Название' },
      district: { label: 'Район' },
      region: { label: 'Регион' },
      location: { label: 'Адрес' },
      developer: { label: 'Застройщик', inverseLabel: 'Жилые комплексы' },
      status: {
        label: 'Статус',
        icon: 'IconProgress',
        options: { PLANNED: 'Проектируется', UNDER_CONSTRUCTION: 'Строится', COMPLETED: 'Сдан' },
      },
    },
  },
  building: {
    labelSingular: 'Корпус',
    labelPlural: 'Корпуса',
    description: 'Корпус (дом) жилого комплекса',
    fields: {
      complex: { label: 'Жилой комплекс', inverseLabel: 'Корпуса' },
      name: { label: 'Название' },
      number: {
        label: 'Номер',
        description: 'Как в разрешении на строительство, например «3» или «3А»',
        icon: 'IconHash',
      },
      location: { label: 'Адрес' },
      floors: { label: 'Этажей', icon: 'IconStairs' },
      cadastralNumber: { label: 'Кадастровый номер', icon: 'IconId' },
      commissioningDate: { label: 'Ввод в эксплуатацию' },
      chessboardLink: { label: 'Шахматка' },
    },
  },
  section: {
    labelSingular: 'Секция',
    labelPlural: 'Секции',
    description: 'Секция (подъезд) корпуса: один блок столбцов шахматки',
    fields: {
      name: { label: 'Название' },
      building: { label: 'Корпус', inverseLabel: 'Секции' },
      number: { label: 'Номер', icon: 'IconHash' },
      floors: { label: 'Этажей', icon: 'IconStairs' },
      unitsPerFloor: { label: 'Помещений на этаже', icon: 'IconLayoutColumns' },
    },
  },
  importBatch: {
    labelSingular: 'Импорт',
    labelPlural: 'Импорты',
    description: 'Один загруженный файл реестра и что сделал его импорт',
    fields: {
      name: { label: 'Название' },
      number: {
        label: 'Номер',
        description: 'Номер импорта: 1, 2, 3… в порядке запуска',
        icon: 'IconHash',
      },
      fileName: { label: 'Файл', icon: 'IconFile' },
      checksum: {
        label: 'Контрольная сумма',
        description: 'SHA-256 файла: один и тот же файл импортируется один раз',
        icon: 'IconFingerprint',
      },
      uploadedBy: { label: 'Загрузил', icon: 'IconUser' },
      status: {
        label: 'Статус',
        icon: 'IconProgress',
        options: {
          UPLOADED: 'Загружен',
          VALIDATED: 'Проверен',
          APPLYING: 'Применяется',
          APPLIED: 'Применён',
          FAILED: 'Ошибка',
          REVERTED: 'Отменён',
        },
      },
      counts: { label: 'Счётчики', icon: 'IconListNumbers' },
      errors: { label: 'Ошибки', icon: 'IconAlertTriangle' },
    },
  },
  unit: {
    labelSingular: 'Помещение',
    labelPlural: 'Помещения',
    description: 'Квартира, офис, машиноместо или кладовая на продажу',
    views: [
      {
        name: 'Помещения по статусам',
        icon: 'IconLayoutKanban',
        fields: [
          'number',
          'building',
          'section',
          'floor',
          'kind',
          'rooms',
          'totalArea',
          'price',
          'pricePerSqm',
          'status',
        ],
        groupBy: 'status',
        sort: [
          { field: 'floor', direction: 'asc' },
          { field: 'number', direction: 'asc' },
        ],
      },
    ],
    fields: {
      name: { label: 'Название' },
      building: { label: 'Корпус', inverseLabel: 'Помещения' },
      section: { label: 'Секция', inverseLabel: 'Помещения' },
      kind: { label: 'Тип', icon: 'IconCategory', options: UNIT_KIND_RU },
      number: {
        label: 'Номер',
        description: 'Номер по плану, например «105» или «М1-12»',
        icon: 'IconHash',
      },
      floor: { label: 'Этаж', icon: 'IconStairs' },
      positionOnFloor: { label: 'Место на этаже', icon: 'IconArrowsHorizontal' },
      rooms: { label: 'Комнат', icon: 'IconBed' },
      totalArea: { label: 'Общая площадь, м²', icon: 'IconRuler2' },
      livingArea: { label: 'Жилая площадь, м²', icon: 'IconRuler' },
      price: { label: 'Цена', icon: 'IconCurrencyRubel' },
      pricePerSqm: { label: 'Цена за м²', icon: 'IconCurrencyRubel' },
      status: { label: 'Статус', icon: 'IconProgress', options: UNIT_STATUS_RU },
      cadastralNumber: { label: 'Кадастровый номер', icon: 'IconId' },
      floorPlan: { label: 'Планировка' },
      externalCode: {
        label: 'Код в учётной системе',
        description: 'Постоянный ключ импортов и миграций',
        icon: 'IconKey',
      },
      importBatch: {
        label: 'Создано импортом',
        description: 'Импорт, создавший помещение (кто, когда, файл и контрольная сумма — в импорте)',
        inverseLabel: 'Созданные помещения',
      },
    },
  },
  unitChange: {
    labelSingular: 'Изменение помещения',
    labelPlural: 'Изменения помещений',
    description: 'Протокол изменений: одно изменённое значение помещения, кто и почему изменил',
    fields: {
      name: { label: 'Название' },
      unit: { label: 'Помещение', inverseLabel: 'Изменения' },
      fieldName: { label: 'Поле', icon: 'IconForms' },
      oldValue: { label: 'Было', icon: 'IconArrowBackUp' },
      newValue: { label: 'Стало', icon: 'IconArrowForwardUp' },
      source: {
        label: 'Источник',
        icon: 'IconDatabaseImport',
        options: { IMPORT: 'Импорт', MANUAL: 'Вручную', AUCTION: 'Аукцион', MIGRATION: 'Миграция' },
      },
      importBatch: { label: 'Импорт', inverseLabel: 'Изменения помещений' },
      changedBy: { label: 'Кто изменил', icon: 'IconUser' },
      changedAt: { label: 'Когда', icon: 'IconClock' },
      approvedBy: { label: 'Кто одобрил', icon: 'IconUserCheck' },
      status: {
        label: 'Статус',
        icon: 'IconProgress',
        options: {
          APPLIED: 'Применено',
          PENDING: 'Ждёт одобрения',
          REJECTED: 'Отклонено',
          REVERTED: 'Отменено',
        },
      },
    },
  },
});
