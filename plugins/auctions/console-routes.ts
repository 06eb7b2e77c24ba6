/**
 * The auction console's routes: the page (/auctions/:id), the status badges' stylesheet built
 * from the vocabulary, and the helpers other plugins' auction pages use (the view or a 404, the
 * names of the people on it).
 */
import { z } from 'zod';
import { in_ } from '../../sdk/index';
import { mayUsePage, renderPage } from '../core/pages/index';
import { defineRoute, type RouteContext, RouteError } from '../core/plugin/index';
import { building, residentialComplex, unit } from '../registry/index';
import { consoleContent } from './pages/console-page';
import { asset } from './pages/registry-page';
import { type AuctionView, loadAuctionView } from './read/auction-read';
import { AUCTION_STAFF } from './roles';
import { auction, auctionApplication, auctionBid, auctionLot, auctionStageResult } from './schema';
import { statusBadgeCss } from './vocabulary';

/** What the console reads: the auction's objects, its units' places, and the people's names. */
export const CONSOLE_OBJECTS = [
  auction,
  auctionLot,
  auctionApplication,
  auctionBid,
  auctionStageResult,
  unit,
  building,
  residentialComplex,
  'person',
] as const;

const uuid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'это не идентификатор записи');

/** An auction as its pages show it, or the one error body's 404. */
export async function auctionViewOrNotFound(ctx: RouteContext, id: string): Promise<AuctionView> {
  const view = await loadAuctionView(ctx.reader, id);
  if (!view)
    throw new RouteError(
      404,
      'auction_not_found',
      {
        ru: 'Такого аукциона нет (или он вам не виден)',
        en: `auction ${id} does not exist (or is not visible to you)`,
      },
      { field: 'id' },
    );
  return view;
}

/** «Фамилия Имя» of each person id (through the caller's scoped writer). */
export async function personNames(
  ctx: RouteContext,
  ids: readonly (string | null)[],
): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  const names = new Map<string, string>();
  if (wanted.length === 0) return names;
  for await (const p of ctx.writer.records('person').iterate({ filter: in_('id', wanted) })) {
    const n = p.name as { firstName?: string; lastName?: string } | null;
    names.set(p.id, [n?.lastName, n?.firstName].filter(Boolean).join(' ') || 'без имени');
  }
  return names;
}

/** The badges' colours, from the one vocabulary (no second copy in auctions.css). */
export const STATUS_CSS_PATH = '/auctions/statuses.css';

const consolePage = defineRoute({
  method: 'GET',
  path: '/auctions/:id',
  roles: AUCTION_STAFF,
  description: 'The auction console: lots, applications, admission, bids, stage protocol, deadlines, actions',
  objects: CONSOLE_OBJECTS,
  params: z.object({ id: uuid }),
  async handler({ params }, ctx) {
    const view = await auctionViewOrNotFound(ctx, params.id);
    const names = await personNames(
      ctx,
      view.state.applications.map((a) => a.applicantId),
    );
    return {
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: renderPage({
        title: `Аукцион ${view.state.number}`,
        principal: ctx.principal,
        pages: ctx.pages,
        path: '/auctions',
        content: consoleContent({
          principal: ctx.principal,
          view,
          names,
          now: ctx.clock.now(),
          documents: mayUsePage(ctx.principal, ctx.pages, '/documents'),
        }),
        scripts: [asset('auction-console.js')],
        styles: [asset('auctions.css'), STATUS_CSS_PATH],
      }),
    };
  },
});

const statusesCss = defineRoute({
  method: 'GET',
  path: STATUS_CSS_PATH,
  roles: AUCTION_STAFF,
  description: 'The auction status badges’ stylesheet, generated from the vocabulary',
  objects: [],
  handler: async () => ({
    status: 200,
    headers: { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'private, max-age=300' },
    body: statusBadgeCss(),
  }),
});

export const consoleRoutes = [consolePage, statusesCss];
