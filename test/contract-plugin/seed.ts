/**
 * Demo notes (`realty seed-demo`): three notes about the first building of
 * the registry's demo data, with deterministic ids so a second run changes
 * nothing. Runs after the registry's seed (dependsOn).
 */
import { type SeedDeclaration, uuidV5 } from '../../plugins/core/plugin/index';
import { building } from '../../plugins/registry/index';
import { asc } from '../../sdk/index';
import { demoNote } from './schema';

export const DEMO_NOTES = [
  { key: 'welcome', title: 'Добро пожаловать', audience: 'EVERYONE' },
  { key: 'prices', title: 'Цены на 2027 год', audience: 'FINANCE' },
  { key: 'keys', title: 'Выдача ключей', audience: 'EVERYONE' },
] as const;

export const demoNoteId = (key: string): string => uuidV5(`notes-demo:${key}`);

export const notesDemoSeed: SeedDeclaration = {
  description: 'three notes about the first demo building',
  async run(ctx) {
    const [first] = (await ctx.twenty.records(building).list({ limit: 1, orderBy: asc('name', 'last') }))
      .records;
    await ctx.twenty.records(demoNote).createMany(
      DEMO_NOTES.map((n) => ({
        id: demoNoteId(n.key),
        title: n.title,
        audience: n.audience,
        ...(first ? { buildingId: first.id } : {}),
      })),
      { upsert: true },
    );
    return { demoNote: DEMO_NOTES.length };
  },
};
