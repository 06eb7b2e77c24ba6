/** The portal's fields on the registry in Twenty's screens in Russian (`REALTY_LOCALE=ru`, the default). */
import { defineLabels } from '../core/plugin/index';

const FEEDS = { YRL: 'Яндекс Недвижимость (YRL)', DOMCLICK: 'ДомКлик' };

export const portalLabelsRu = defineLabels({
  unit: {
    fields: {
      publicSale: {
        label: 'В открытой продаже',
        description: 'Показывается на сайте (API сайта) и, по фидам своего корпуса, в фидах площадок',
      },
      kitchenArea: { label: 'Площадь кухни, м²' },
    },
  },
  building: {
    fields: {
      portalFeeds: {
        label: 'Фиды площадок',
        description: 'Куда уходят его опубликованные помещения; пусто — фиды жилого комплекса',
        options: FEEDS,
      },
      yandexHouseId: {
        label: 'Id корпуса в Яндексе',
        description: 'yandex-house-id: id корпуса в Яндекс Недвижимости',
      },
    },
  },
  residentialComplex: {
    fields: {
      portalFeeds: {
        label: 'Фиды площадок',
        description: 'Куда уходят опубликованные помещения его корпусов (корпус может выбрать свои)',
        options: FEEDS,
      },
      yandexBuildingId: {
        label: 'Id ЖК в Яндексе',
        description: 'yandex-building-id: id ЖК в Яндекс Недвижимости',
      },
    },
  },
});
