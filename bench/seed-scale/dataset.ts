/**
 * `generateSeedScale({ seed, scale })`: the seed-scale dataset as one lazy
 * generator per object, in load order. Only the plan (a few numbers per
 * unit and auction) is held in memory; records are built while iterating
 * and each `records()` call starts afresh, byte-identical for a given seed.
 */

import { planAuctions } from './auction-plan';
import {
  applicationRecords,
  auctionRecords,
  bidRecords,
  contractRecords,
  countAuctionChildren,
  lotRecords,
  paymentRecords,
} from './auction-records';
import { planRegistry, SeedScaleError, scaledCounts } from './registry-plan';
import {
  buildingRecords,
  companyRecords,
  memoisedIds,
  opportunityRecords,
  personRecords,
  residentialComplexRecords,
  type SeedContext,
  STANDARD_AND_REGISTRY_RELATIONS,
  sectionRecords,
  unitRecords,
  workspaceMemberRecords,
} from './registry-records';
import type { SeedRecord } from './rest';
import { PROVISIONAL_RELATIONS } from './shapes';

export interface SeedScaleOptions {
  seed: number;
  /** Multiplies every count of the issue (default 1: 19,000 units, 20,000 auctions …). */
  scale?: number;
}

export interface SeedScaleObject {
  /** Twenty's nameSingular (the deal is Twenty's `opportunity`). */
  name: string;
  count: number;
  /** `<relation>Id` field → the object it points to. */
  relations: Readonly<Record<string, string>>;
  /** True for objects no plugin declares yet (shapes in seed-scale-shapes.ts). */
  provisional: boolean;
  records(): Generator<SeedRecord>;
}

export interface SeedScale {
  seed: number;
  scale: number;
  /** In load order: every relation's target comes first, except lot ↔ auctionApplication (the winner). */
  objects: SeedScaleObject[];
  counts: Record<string, number>;
  object(name: string): SeedScaleObject;
}

export const SEED_SCALE_DEFAULT_SEED = 2026;

export function generateSeedScale(options: SeedScaleOptions): SeedScale {
  const scale = options.scale ?? 1;
  if (!Number.isSafeInteger(options.seed) || options.seed < 0 || options.seed > 0xffffffff) {
    throw new SeedScaleError(`seed must be an integer in [0, 4294967295], got ${options.seed}`);
  }
  const counts = scaledCounts(scale);
  const registry = planRegistry(options.seed, counts);
  const ctx: SeedContext = {
    seed: options.seed,
    id: memoisedIds(options.seed),
    counts,
    registry,
    auctions: planAuctions(options.seed, counts, registry),
  };
  const children = countAuctionChildren(ctx);
  const standard = (
    name: string,
    count: number,
    records: (c: SeedContext) => Generator<SeedRecord>,
  ): SeedScaleObject => ({
    name,
    count,
    relations: STANDARD_AND_REGISTRY_RELATIONS[name] ?? {},
    provisional: false,
    records: () => records(ctx),
  });
  const provisional = (
    name: string,
    count: number,
    records: (c: SeedContext) => Generator<SeedRecord>,
  ): SeedScaleObject => ({
    name,
    count,
    relations: PROVISIONAL_RELATIONS[name] ?? {},
    provisional: true,
    records: () => records(ctx),
  });
  const objects: SeedScaleObject[] = [
    standard('workspaceMember', counts.workspaceMember, workspaceMemberRecords),
    standard('company', counts.developer + counts.agency, companyRecords),
    standard('person', counts.person, personRecords),
    standard('residentialComplex', registry.complexes.length, residentialComplexRecords),
    standard('building', registry.buildings.length, buildingRecords),
    standard('section', registry.sections.length, sectionRecords),
    standard('unit', registry.units.length, unitRecords),
    provisional('auction', ctx.auctions.auctions.length, auctionRecords),
    provisional('lot', ctx.auctions.auctions.length, lotRecords),
    provisional('auctionApplication', children.auctionApplication, applicationRecords),
    provisional('bid', children.bid, bidRecords),
    provisional('contract', ctx.auctions.contractAuctions.length, contractRecords),
    provisional('payment', children.payment, paymentRecords),
    standard('opportunity', counts.opportunity, opportunityRecords),
  ];
  const byName = new Map(objects.map((o) => [o.name, o]));
  return {
    seed: options.seed,
    scale,
    objects,
    counts: Object.fromEntries(objects.map((o) => [o.name, o.count])),
    object(name) {
      const found = byName.get(name);
      if (!found)
        throw new SeedScaleError(
          `the seed-scale dataset has no object "${name}" (it has ${[...byName.keys()].join(', ')})`,
        );
      return found;
    },
  };
}
