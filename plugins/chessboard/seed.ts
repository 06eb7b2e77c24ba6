/**
 * The chessboard's part of the demo: the duplexes of the demo registry get
 * `floorsSpanned` (the field this plugin adds to units). Runs after the
 * registry's seed (dependency order); idempotent — it writes only units whose
 * value differs. Building links are filled by the building handler and job.
 */
import { in_ } from '../../sdk/index';
import type { SeedDeclaration } from '../core/plugin/index';
import { buildDemoRegistry } from '../registry/index';

export const chessboardSeed: SeedDeclaration = {
  description: 'duplex flats of the demo registry (floorsSpanned = 2)',
  async run(ctx, options) {
    const duplexes = buildDemoRegistry().units.filter(
      (u) => typeof u.floorsSpanned === 'number' && u.floorsSpanned > 1,
    );
    const units = ctx.twenty.records('unit');
    const ids = duplexes.map((u) => String(u.id));
    const { records } = await units.list({ filter: in_('id', ids), limit: ids.length });
    const current = new Map(records.map((r) => [r.id, r.floorsSpanned]));
    // A unit the registry's seed did not write (deleted since) is left alone; the rest in one request
    // (an upsert by id writes only the field given).
    const changed = duplexes.filter(
      (u) => current.has(String(u.id)) && current.get(String(u.id)) !== u.floorsSpanned,
    );
    if (changed.length > 0)
      await units.createMany(
        changed.map((u) => ({ id: String(u.id), floorsSpanned: u.floorsSpanned })),
        { upsert: true },
      );
    options.onProgress?.(duplexes.length, duplexes.length);
    return { unit: changed.length };
  },
};
