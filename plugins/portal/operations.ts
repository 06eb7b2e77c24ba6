/**
 * `realty feed validate [--feed yrl|domclick] [--json]` (and POST /api/operations/feed/validate):
 * every unit a feed would list — published, free, of a feed kind, in the feed's buildings — checked
 * against the feed's rules; the ones left out are listed with their problems in Russian.
 */
import { z } from 'zod';
import { defineOperation } from '../core/plugin/index';
import { FEED_OBJECTS, feedUnits, loadFeedPlaces } from './feed-data';
import { type OfferProblem, offerProblems } from './rules/feed-offer';
import type { FeedCode } from './schema';

export interface ExcludedOffer {
  unitId: string;
  number: string | null;
  place: string;
  problems: OfferProblem[];
}

export interface FeedValidation {
  feed: FeedCode;
  checked: number;
  included: number;
  excluded: ExcludedOffer[];
}

const FEEDS = { yrl: 'YRL', domclick: 'DOMCLICK' } as const;

export const feedValidateOperation = defineOperation({
  name: 'feed validate',
  description: 'check a listing feed’s offers against the YRL rules; list the units left out and why',
  roles: ['admin', 'sales'],
  input: z.object({
    feed: z.enum(['yrl', 'domclick']).default('yrl').describe('Фид'),
  }),
  writes: false,
  objects: FEED_OBJECTS,
  async run(input, ctx): Promise<FeedValidation> {
    const feed = FEEDS[input.feed];
    const places = await loadFeedPlaces(ctx.reader, feed);
    const result: FeedValidation = { feed, checked: 0, included: 0, excluded: [] };
    for await (const unit of feedUnits(ctx.reader, places)) {
      result.checked++;
      const problems = offerProblems(unit);
      if (problems.length === 0) {
        result.included++;
        continue;
      }
      const b = unit.building;
      result.excluded.push({
        unitId: unit.id,
        number: unit.number,
        place: [b?.complex?.name, b?.number ? `корпус ${b.number}` : b?.name].filter(Boolean).join(', '),
        problems,
      });
    }
    return result;
  },
  render(result) {
    const lines = [
      `Фид ${result.feed}: проверено ${result.checked}, в фиде ${result.included}, исключено ${result.excluded.length}`,
    ];
    for (const e of result.excluded) {
      lines.push(`• помещение № ${e.number ?? '—'} (${e.place || 'без корпуса'}, ${e.unitId}):`);
      for (const p of e.problems) lines.push(`    ${p.element}: ${p.message}`);
    }
    return lines.join('\n');
  },
});
