/** The chessboard's field on units in Twenty's screens in Russian (`REALTY_LOCALE=ru`, the default). */
import { defineLabels } from '../core/plugin/index';

export const chessboardLabelsRu = defineLabels({
  unit: {
    fields: {
      floorsSpanned: {
        label: 'Этажей занимает',
        description: 'Двухуровневая квартира — 2: шахматка рисует её на её этаже и на следующем. Пусто — 1',
      },
    },
  },
});
