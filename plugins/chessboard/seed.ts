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
    let written = 0;
    for (const [i, u] of duplexes.entries()) {
      // A unit the registry's seed did not write (deleted since) is left alone.
      if (current.has(String(u.id)) && current.get(String(u.id)) !== u.floorsSpanned) {
        await units.update(String(u.id), { floorsSpanned: u.floorsSpanned });
        written += 1;
      }
      options.onProgress?.(i + 1, duplexes.length);
    }
    return { unit: written };
  },
};
