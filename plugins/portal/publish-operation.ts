/**
 * `realty portal publish --building <id> | --complex <id> [--feeds yrl,domclick|none] [--unpublish]`
 * (and POST /api/operations/portal/publish): an admin puts a building's or a whole complex's units
 * on public sale (or takes them off) and chooses the feeds its published units go to. Units not for
 * sale stay off. Writes go through the admin's scoped writer; only values that change are written;
 * `--dry-run` says what would change. The same fields can be set one by one in Twenty.
 */
import { z } from 'zod';
import { defineOperation, RouteError } from '../core/plugin/index';
import { str } from './feed-data';
import { FEED_CODES, type FeedCode } from './schema';

export interface PublishResult {
  place: string;
  units: number;
  changed: number;
  publish: boolean;
  feeds?: FeedCode[];
  feedsChanged: boolean;
  dryRun: boolean;
}

const parseFeeds = (text: string | undefined): FeedCode[] | undefined => {
  if (text === undefined) return undefined;
  const t = text.trim().toLowerCase();
  if (t === 'none' || t === '') return [];
  const list = t.split(',').map((s) => s.trim().toUpperCase());
  const bad = list.filter((f) => !(FEED_CODES as readonly string[]).includes(f));
  if (bad.length > 0)
    throw new RouteError(
      400,
      'portal_bad_feeds',
      {
        ru: `«Фиды»: неизвестный фид ${bad.map((b) => `«${b.toLowerCase()}»`).join(', ')}; допустимо yrl, domclick или none`,
        en: `feeds: unknown ${bad.join(', ')}; use yrl, domclick or none`,
      },
      { field: 'feeds' },
    );
  return [...new Set(list)] as FeedCode[];
};

export const publishOperation = defineOperation({
  name: 'portal publish',
  description: 'put a building’s or complex’s units on public sale (or off) and choose its listing feeds',
  roles: ['admin'],
  input: z.object({
    building: z.uuid({ message: 'нужен идентификатор корпуса' }).optional().describe('Корпус'),
    complex: z.uuid({ message: 'нужен идентификатор ЖК' }).optional().describe('ЖК'),
    feeds: z.string().max(100).optional().describe('Фиды'),
    unpublish: z.boolean().default(false).describe('Снять с публикации'),
  }),
  writes: true,
  objects: ['unit', 'building', 'residentialComplex'],
  async run(input, ctx): Promise<PublishResult> {
    if ((input.building === undefined) === (input.complex === undefined))
      throw new RouteError(400, 'portal_publish_place', {
        ru: 'Укажите либо корпус (--building), либо ЖК (--complex) — одно из двух',
        en: 'give either --building or --complex',
      });
    const feeds = parseFeeds(input.feeds);
    const object = input.building ? 'building' : 'residentialComplex';
    const placeId = (input.building ?? input.complex) as string;
    const [place] = await ctx.reader.query(
      `select id::text as id, name from {${object}} where id = $1::uuid`,
      [placeId],
    );
    if (!place)
      throw new RouteError(404, 'portal_place_not_found', {
        ru: input.building ? `Корпуса ${placeId} нет в реестре` : `ЖК ${placeId} нет в реестре`,
        en: `no such ${object} ${placeId}`,
      });
    const units = await ctx.reader.query(
      input.building
        ? 'select id::text as id, status, public_sale from {unit} where building_id = $1::uuid'
        : `select u.id::text as id, u.status, u.public_sale from {unit} u
            where u.building_id in (select id from {building} where complex_id = $1::uuid)`,
      [placeId],
    );
    const publish = !input.unpublish;
    const changes = units
      .map((u) => ({
        id: String(u.id),
        publicSale: publish && u.status !== 'NOT_FOR_SALE',
        was: u.public_sale === true,
      }))
      .filter((u) => u.publicSale !== u.was)
      .map(({ id, publicSale }) => ({ id, publicSale }));
    const [current] =
      feeds === undefined
        ? []
        : await ctx.reader.query(`select portal_feeds from {${object}} where id = $1::uuid`, [placeId]);
    const before = Array.isArray(current?.portal_feeds)
      ? (current.portal_feeds as string[]).slice().sort()
      : [];
    const feedsChanged = feeds !== undefined && JSON.stringify(before) !== JSON.stringify([...feeds].sort());
    if (!ctx.dryRun) {
      if (changes.length > 0) {
        ctx.progress(0, changes.length, 'помещения');
        await ctx.writer.records('unit').createMany(changes, { upsert: true });
        ctx.progress(changes.length, changes.length, 'помещения');
      }
      if (feedsChanged && feeds !== undefined)
        await ctx.writer.records(object).update(placeId, { portalFeeds: feeds });
    }
    return {
      place: str(place.name) ?? placeId,
      units: units.length,
      changed: changes.length,
      publish,
      ...(feeds !== undefined ? { feeds } : {}),
      feedsChanged,
      dryRun: ctx.dryRun,
    };
  },
  render(r) {
    const verb = r.publish ? 'в открытой продаже' : 'сняты с публикации';
    const lines = [
      `${r.place}: помещений ${r.units}, ${r.dryRun ? 'изменилось бы' : 'изменено'} ${r.changed} (${verb})`,
    ];
    if (r.feeds !== undefined)
      lines.push(
        `фиды: ${r.feeds.length > 0 ? r.feeds.join(', ') : 'нет'}${r.feedsChanged ? '' : ' (без изменений)'}`,
      );
    return lines.join('\n');
  },
});
