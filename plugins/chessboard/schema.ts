/**
 * What the chessboard adds to the registry's unit: how many floors a unit
 * spans. The registry places a unit on one floor; a duplex (двухуровневая
 * квартира) is placed on its lower floor and covers the cells above it.
 */
import { defineField, extendObject } from '../core/index';

export const unitChessboardFields = extendObject('unit', {
  fields: {
    floorsSpanned: defineField.number({
      label: 'Floors spanned',
      description: 'A duplex is 2: the chessboard draws it on its floor and the one above. Empty = 1',
      icon: 'IconStack2',
      decimals: 0,
    }),
  },
});
