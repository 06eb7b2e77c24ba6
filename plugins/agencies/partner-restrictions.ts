/**
 * What a partner may see of the registry's and the auctions' objects, contributed by this plugin —
 * the partner gateway, which alone knows what an agency's scope is (core carries it opaquely; the
 * owners' policies give partners at most their partner fields and never interpret a scope). Each
 * rule is exact on its own (issue 28): units one active grant admits on every axis; sections,
 * buildings and complexes inside a granted place or holding one; the change history of visible
 * units, only of the fields the agency's level shows; lots of visible units. Unit fields follow
 * the level (BASIC / EXTENDED).
 */
import { defineRestriction, type FieldRule, type Principal, type RowRule } from '../core/access/index';
import { BASIC_UNIT_FIELDS, EXTENDED_UNIT_FIELDS, historyFieldNames } from '../registry/index';
import {
  type AgencyScope,
  agencyScopeOf,
  buildingRule,
  complexRule,
  type FieldLevel,
  sectionRule,
  unitRule,
} from './rules/scope';

/** Unit fields of a level (the registry's partner field sets). */
export function unitFieldsOf(level: FieldLevel): readonly string[] {
  return level === 'EXTENDED' ? EXTENDED_UNIT_FIELDS : BASIC_UNIT_FIELDS;
}

/** Partners get `rule(scope)`; everyone else is left to the owner's policy. */
const forPartners =
  (rule: (scope: AgencyScope) => RowRule) =>
  (p: Principal): RowRule =>
    p.kind === 'partner' ? rule(agencyScopeOf(p)) : 'all';

const and = (...rules: RowRule[]): RowRule => {
  if (rules.includes('none')) return 'none';
  const filters = rules.filter((r) => r !== 'all');
  if (filters.length === 0) return 'all';
  return filters.length === 1
    ? (filters[0] as RowRule)
    : { allOf: filters as Exclude<RowRule, 'all' | 'none'>[] };
};

export const partnerRestrictions = [
  defineRestriction('residentialComplex', {
    description: 'partners: complexes granted to their agency or holding a granted building or section',
    read: forPartners(complexRule),
  }),
  defineRestriction('building', {
    description: 'partners: buildings granted, in a granted complex, or holding a granted section',
    read: forPartners(buildingRule),
  }),
  defineRestriction('section', {
    description: 'partners: sections inside a place granted to their agency',
    read: forPartners(sectionRule),
  }),
  defineRestriction('unit', {
    description: 'partners: units one active grant admits (place, kind, status), fields of its level',
    read: forPartners((scope) => unitRule(scope)),
    fields: (p): FieldRule => (p.kind === 'partner' ? unitFieldsOf(agencyScopeOf(p).fieldLevel) : 'all'),
  }),
  defineRestriction('unitChange', {
    description: 'partners: the history of units they see, of the fields their level shows',
    read: forPartners((scope) =>
      and(unitRule(scope, 'unit.'), { fieldName: historyFieldNames(unitFieldsOf(scope.fieldLevel)) }),
    ),
  }),
  defineRestriction('auctionLot', {
    description: 'partners: lots of units their agency’s grants admit',
    read: forPartners((scope) => unitRule(scope, 'unit.')),
  }),
];
