/**
 * A small plugin for the access layer's tests: complex → building → unit →
 * note, with a policy that scopes partners by complex (a 1-hop path on units,
 * a 2-hop path on notes) and masks the price and the notes' text for them.
 */
import type {
  PartnerPrincipal,
  PartnerScope,
  Principal,
  StaffPrincipal,
} from '../../../../plugins/core/access/index';
import { definePolicy } from '../../../../plugins/core/access/index';
import {
  createRegistry,
  defineField,
  defineObject,
  definePlugin,
  type PluginConfig,
} from '../../../../plugins/core/plugin/index';

export const estateComplex = defineObject({
  nameSingular: 'estateComplex',
  namePlural: 'estateComplexes',
  labelSingular: 'Estate complex',
  labelPlural: 'Estate complexes',
  fields: { name: defineField.text({ label: 'Name' }) },
});

export const estateBuilding = defineObject({
  nameSingular: 'estateBuilding',
  namePlural: 'estateBuildings',
  labelSingular: 'Estate building',
  labelPlural: 'Estate buildings',
  fields: {
    complex: defineField.relation({
      label: 'Complex',
      target: estateComplex,
      inverseName: 'estateBuildings',
    }),
    floors: defineField.number({ label: 'Floors' }),
    handoverDate: defineField.date({ label: 'Handover' }),
  },
});

export const estateUnit = defineObject({
  nameSingular: 'estateUnit',
  namePlural: 'estateUnits',
  labelSingular: 'Estate unit',
  labelPlural: 'Estate units',
  fields: {
    building: defineField.relation({ label: 'Building', target: estateBuilding, inverseName: 'estateUnits' }),
    status: defineField.select({
      label: 'Status',
      options: [
        { value: 'FREE', label: 'Free' },
        { value: 'SOLD', label: 'Sold' },
      ],
    }),
    floor: defineField.number({ label: 'Floor' }),
    totalArea: defineField.number({ label: 'Total area' }),
    price: defineField.currency({ label: 'Price' }),
    tags: defineField.multiSelect({
      label: 'Tags',
      options: [
        { value: 'VIEW', label: 'View' },
        { value: 'CORNER', label: 'Corner' },
      ],
    }),
    hot: defineField.boolean({ label: 'Hot' }),
    listedAt: defineField.dateTime({ label: 'Listed at' }),
    extra: defineField.rawJson({ label: 'Extra' }),
    floorPlan: defineField.links({ label: 'Floor plan' }),
  },
});

export const estateNote = defineObject({
  nameSingular: 'estateNote',
  namePlural: 'estateNotes',
  labelSingular: 'Estate note',
  labelPlural: 'Estate notes',
  fields: {
    unit: defineField.relation({ label: 'Unit', target: estateUnit, inverseName: 'estateNotes' }),
    body: defineField.text({ label: 'Body' }),
  },
});

/** The fixture's own scope shape: like a gateway plugin, it alone makes and reads it (core carries it opaquely). */
interface EstateScope {
  readonly complexIds: readonly string[];
}
export const estateScope = (complexIds: readonly string[]): PartnerScope =>
  ({ complexIds }) as EstateScope as unknown as PartnerScope;
const complexIds = (p: Principal) =>
  p.kind === 'partner' ? ((p.scope as unknown as EstateScope).complexIds ?? []) : [];
const partnerRows = (path: string) => (p: Principal) =>
  p.kind === 'staff' || p.kind === 'system'
    ? ('all' as const)
    : p.kind === 'partner'
      ? { [path]: complexIds(p) }
      : ('none' as const);

export const estatePluginConfig = {
  name: 'estate-test',
  description: 'Objects for the access layer tests',
  objects: [estateComplex, estateBuilding, estateUnit, estateNote],
  readModel: [
    estateComplex,
    estateBuilding,
    { object: estateUnit, indexes: [{ fields: ['building', 'floor'] }, { fields: ['status'] }] },
    estateNote,
  ],
  access: [
    definePolicy(estateBuilding, { read: partnerRows('complexId') }),
    definePolicy(estateUnit, {
      read: partnerRows('building.complexId'),
      fields: (p) =>
        p.kind === 'partner'
          ? ['building', 'status', 'floor', 'totalArea', 'tags', 'hot', 'listedAt']
          : 'all',
      write: (p, intent) =>
        p.kind === 'staff' || (p.kind === 'partner' && intent.action === 'update')
          ? true
          : 'partners may only update units',
    }),
    definePolicy(estateNote, {
      read: partnerRows('unit.building.complexId'),
      fields: (p) => (p.kind === 'partner' ? [] : 'all'),
    }),
  ],
} satisfies PluginConfig;

export const estatePlugin = definePlugin(estatePluginConfig);

export const estateRegistry = () => createRegistry([estatePlugin]);

export const staff: StaffPrincipal = {
  kind: 'staff',
  memberId: '00000000-0000-4000-8000-000000000001',
  email: 'sales@realty.test',
  role: 'sales',
};

export function partner(complexId: string): PartnerPrincipal {
  return {
    kind: 'partner',
    agencyId: '00000000-0000-4000-8000-0000000000a1',
    userId: '00000000-0000-4000-8000-0000000000b1',
    scope: estateScope([complexId]),
  };
}
