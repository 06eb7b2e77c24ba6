/**
 * What the portal adds to the registry's objects: which units are published (the site API and the
 * feeds), which feeds a building's (or a whole complex's) published units go to, Yandex's own ids
 * of the complex and the house (obtained from Yandex, set by an admin) and the kitchen area the
 * feeds carry. Admins set these in Twenty; the portal reads them through the read model.
 */
import { defineField, extendObject } from '../core/index';

/** The listing feeds the portal serves; both are YRL (DomClick accepts Yandex's format). */
export const FEED_OPTIONS = [
  { value: 'YRL', label: 'Yandex Realty (YRL)', color: 'red' },
  { value: 'DOMCLICK', label: 'DomClick', color: 'green' },
] as const;
export type FeedCode = (typeof FEED_OPTIONS)[number]['value'];
export const FEED_CODES: readonly FeedCode[] = FEED_OPTIONS.map((o) => o.value);

export const unitPortalFields = extendObject('unit', {
  fields: {
    publicSale: defineField.boolean({
      label: 'On public sale',
      description: 'Shown on the website (site API) and, per its building’s feeds, in the listing feeds',
      icon: 'IconWorld',
      defaultValue: false,
    }),
    kitchenArea: defineField.number({ label: 'Kitchen area, m²', decimals: 1, icon: 'IconToolsKitchen2' }),
  },
});

export const buildingPortalFields = extendObject('building', {
  fields: {
    portalFeeds: defineField.multiSelect({
      label: 'Listing feeds',
      description: 'Feeds its published units go to; empty = the complex’s feeds',
      icon: 'IconRss',
      options: FEED_OPTIONS,
    }),
    yandexHouseId: defineField.text({
      label: 'Yandex house id',
      description: 'yandex-house-id: the house (корпус) id Yandex Realty gave',
      icon: 'IconHash',
    }),
  },
});

export const complexPortalFields = extendObject('residentialComplex', {
  fields: {
    portalFeeds: defineField.multiSelect({
      label: 'Listing feeds',
      description: 'Feeds the published units of its buildings go to (a building may choose its own)',
      icon: 'IconRss',
      options: FEED_OPTIONS,
    }),
    yandexBuildingId: defineField.text({
      label: 'Yandex complex id',
      description: 'yandex-building-id: the complex (ЖК) id Yandex Realty gave',
      icon: 'IconHash',
    }),
  },
});

export const portalExtensions = [unitPortalFields, buildingPortalFields, complexPortalFields];
