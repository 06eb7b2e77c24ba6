/**
 * The partner portal (/partner): people of an agency sign in with e-mail and
 * password, see their agency's objects (the chessboard plugin's board, under
 * their scope), a unit's card at their level, their clients' bookings and
 * auction applications, and file a booking request or an application. Sign-in
 * and session checks are the gateway's; these routes read and write only
 * through their context.
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { listBuildings, loadUnitCard } from '../../chessboard/index';
import type { PartnerPrincipal } from '../../core/access/index';
import { renderPage } from '../../core/pages/index';
import {
  definePage,
  defineRoute,
  type PageAssets,
  type RouteContext,
  type RouteDeclaration,
  RouteError,
} from '../../core/plugin/index';
import { building, importBatch, residentialComplex, section, unit, unitChange } from '../../registry/index';
import { listApplications, listBookings } from '../api/requests';
import { APPLICATION_OBJECTS } from '../api/routes';
import { PARTNER_COOKIE, readCookie } from '../gateway/gateway';
import {
  createSession,
  endSession,
  passwordLinkUser,
  setCredential,
  spendPasswordLink,
} from '../gateway/store';
import { hashPassword, passwordProblem } from '../rules/passwords';
import { agenciesSettingsOf } from '../settings';
import {
  applyContent,
  bookContent,
  homeContent,
  loginContent,
  type OpenLot,
  passwordContent,
  requestsContent,
  unitCardContent,
  unitStatusRu,
} from './views';

const PARTNER = ['partner'] as const;
const SCRIPT = '/assets/agencies/portal.js';
const STYLE = '/assets/agencies/portal.css';
const HTML = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };
const BOARD_OBJECTS = [unit, building, section, residentialComplex];

export const portalAssets: PageAssets = {
  dir: fileURLToPath(new URL('./assets', import.meta.url)),
  files: ['portal.js', 'portal.css'],
};

export const homePage = definePage({
  path: '/partner',
  title: { ru: 'Кабинет агентства', en: 'Agency' },
  roles: PARTNER,
  order: 1,
});
export const requestsPage = definePage({
  path: '/partner/requests',
  title: { ru: 'Заявки клиентов', en: 'Client requests' },
  roles: PARTNER,
  order: 20,
});
export const applyPage = definePage({
  path: '/partner/apply',
  title: { ru: 'Заявка на торги', en: 'Auction application' },
  roles: PARTNER,
  order: 30,
});
export const portalPages = [homePage, requestsPage, applyPage];

function partnerOf(ctx: RouteContext): PartnerPrincipal {
  if (ctx.principal.kind !== 'partner')
    throw new RouteError(403, 'partner_only', 'this page serves agency users');
  return ctx.principal;
}

const page = (
  ctx: RouteContext,
  title: { ru: string; en: string } | string,
  path: string,
  content: string,
) => ({
  headers: HTML,
  body: renderPage({
    title,
    principal: ctx.principal,
    pages: ctx.pages,
    path,
    content,
    scripts: [SCRIPT],
    styles: [STYLE],
    signedOutHint: 'Кабинет агентства-партнёра',
  }),
});

/** A page's refusal as a page (a person reads it), with the refusal's status. */
async function orProblem(
  ctx: RouteContext,
  render: () => Promise<{ headers: Record<string, string>; body: string }>,
): Promise<{ status?: number; headers: Record<string, string>; body: string }> {
  try {
    return await render();
  } catch (error) {
    if (!(error instanceof RouteError)) throw error;
    const text =
      error.status === 404
        ? 'Такого помещения нет среди объектов вашего агентства (или оно уже недоступно).'
        : 'Запрос не выполнен: проверьте ссылку.';
    const heading = error.status === 404 ? 'Не найдено' : 'Ошибка';
    return {
      status: error.status,
      ...page(
        ctx,
        { ru: heading, en: heading },
        '/partner',
        `<section class="portal-card"><h1>${heading}</h1><p>${text}</p><p><a href="/partner">В кабинет агентства</a></p></section>`,
      ),
    };
  }
}

const safeNext = (next: unknown) =>
  typeof next === 'string' && /^\/(partner|chessboard)(\/|\?|$)/.test(next) && !next.startsWith('//')
    ? next
    : '/partner';

function cookie(value: string, options: { secure: boolean; maxAgeSeconds: number }): string {
  return `${PARTNER_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${options.maxAgeSeconds}${options.secure ? '; Secure' : ''}`;
}

const loginPageRoute = defineRoute({
  method: 'GET',
  path: '/partner/login',
  roles: ['public'],
  description: 'The partner portal’s sign-in page',
  objects: [],
  query: z.object({ next: z.string().max(500).optional() }),
  handler: (request, ctx) =>
    page(
      ctx,
      { ru: 'Вход для агентств', en: 'Agency sign-in' },
      '/partner/login',
      loginContent({ next: safeNext(request.query.next) }),
    ),
});

const loginRoute = defineRoute({
  method: 'POST',
  path: '/partner/login',
  roles: PARTNER,
  description: 'Sign in with e-mail and password (checked by the gateway): a portal session cookie',
  objects: [],
  body: z.strictObject({ email: z.string(), password: z.string(), next: z.string().max(500).optional() }),
  async handler(request, ctx) {
    const partner = partnerOf(ctx);
    const settings = agenciesSettingsOf(ctx);
    const session = await createSession(
      ctx.storage,
      { userId: partner.userId, agencyId: partner.agencyId },
      { ttlMinutes: settings.sessionTtlMinutes, now: ctx.clock.now() },
    );
    return {
      headers: {
        'set-cookie': cookie(session.id, {
          secure: ctx.links.publicUrl.startsWith('https:'),
          maxAgeSeconds: settings.sessionTtlMinutes * 60,
        }),
        'cache-control': 'no-store',
      },
      body: { ok: true, next: safeNext(request.body.next) },
    };
  },
});

const logoutRoute = defineRoute({
  method: 'GET',
  path: '/partner/logout',
  roles: ['public'],
  description: 'Sign out of the partner portal',
  objects: [],
  async handler(request, ctx) {
    const value = readCookie(request.headers.cookie, PARTNER_COOKIE);
    if (value) await endSession(ctx.storage, value);
    return {
      status: 302,
      headers: {
        location: '/partner/login',
        'set-cookie': cookie('', { secure: ctx.links.publicUrl.startsWith('https:'), maxAgeSeconds: 0 }),
      },
    };
  },
});

const passwordPageRoute = defineRoute({
  method: 'GET',
  path: '/partner/password',
  roles: ['public'],
  description: 'Set a password with a one-time link an admin issued',
  objects: [],
  query: z.object({ token: z.string().max(200).optional() }),
  async handler(request, ctx) {
    const token = request.query.token ?? '';
    const valid = token !== '' && (await passwordLinkUser(ctx.storage, token, ctx.clock.now())) !== undefined;
    return page(
      ctx,
      { ru: 'Новый пароль', en: 'New password' },
      '/partner/password',
      passwordContent({ token, valid }),
    );
  },
});

const passwordRoute = defineRoute({
  method: 'POST',
  path: '/partner/password',
  roles: ['public'],
  description: 'Spend a one-time password link: set the password',
  objects: [],
  body: z.strictObject({ token: z.string().min(1).max(200), password: z.string().max(200) }),
  async handler(request, ctx) {
    const problem = passwordProblem(request.body.password);
    if (problem)
      throw new RouteError(400, 'agency_user_bad_password', `password: ${problem}`, { field: 'password' });
    const hash = await hashPassword(request.body.password);
    const userId = await spendPasswordLink(ctx.storage, request.body.token, ctx.clock.now());
    if (!userId)
      throw new RouteError(
        410,
        'password_link_spent',
        'the link was used already or has expired; ask for a new one',
        {
          field: 'token',
        },
      );
    await setCredential(ctx.storage, userId, hash);
    return { body: { ok: true, next: '/partner/login' } };
  },
});

const homeRoute = defineRoute({
  method: 'GET',
  path: '/partner',
  roles: PARTNER,
  description: 'The agency’s home: its objects, counts of its requests',
  objects: [...BOARD_OBJECTS, 'agency', 'agencyUser', 'booking', 'auctionApplication'],
  async handler(_request, ctx) {
    const partner = partnerOf(ctx);
    const [agency, user, buildings, counts] = await Promise.all([
      ctx.reader.get('agency', partner.agencyId),
      ctx.reader.get('agencyUser', partner.userId),
      listBuildings(ctx.reader),
      ctx.reader.query<{ bookings: number; applications: number }>(
        'select (select count(*) from {booking})::int as bookings, (select count(*) from {auctionApplication})::int as applications',
      ),
    ]);
    return page(
      ctx,
      homePage.title,
      '/partner',
      homeContent({
        agencyName: String(agency?.name ?? 'Агентство'),
        userName: String(user?.name ?? partner.email ?? ''),
        fieldLevel: partner.scope.fieldLevel,
        buildings,
        bookings: Number(counts[0]?.bookings ?? 0),
        applications: Number(counts[0]?.applications ?? 0),
      }),
    );
  },
});

const unitPageRoute = defineRoute({
  method: 'GET',
  path: '/partner/units/:unitId',
  roles: PARTNER,
  description: 'A unit’s card at the agency’s level, with the booking button',
  objects: [...BOARD_OBJECTS, unitChange, importBatch],
  params: z.object({ unitId: z.string().max(64) }),
  handler: (request, ctx) =>
    orProblem(ctx, async () => {
      const card = await loadUnitCard(ctx.reader, ctx.links, request.params.unitId);
      const bookable = card.status?.label === unitStatusRu('FREE');
      return page(ctx, card.title, '/partner/units', unitCardContent(card, bookable));
    }),
});

const bookPageRoute = defineRoute({
  method: 'GET',
  path: '/partner/book',
  roles: PARTNER,
  description: 'The booking request form for a unit of the scope',
  objects: [...BOARD_OBJECTS, unitChange, importBatch],
  query: z.object({ unit: z.string().max(64) }),
  handler: (request, ctx) =>
    orProblem(ctx, async () => {
      const card = await loadUnitCard(ctx.reader, ctx.links, request.query.unit);
      return page(
        ctx,
        { ru: 'Бронирование', en: 'Booking' },
        '/partner/book',
        bookContent({ unitTitle: card.title, unitPlace: card.place, unitId: card.id }),
      );
    }),
});

const requestsRoute = defineRoute({
  method: 'GET',
  path: '/partner/requests',
  roles: PARTNER,
  description: 'The agency’s bookings and auction applications with their statuses',
  objects: ['booking', ...APPLICATION_OBJECTS],
  async handler(_request, ctx) {
    const [bookings, applications] = await Promise.all([listBookings(ctx), listApplications(ctx)]);
    return page(ctx, requestsPage.title, '/partner/requests', requestsContent(bookings, applications));
  },
});

const applyRoute = defineRoute({
  method: 'GET',
  path: '/partner/apply',
  roles: PARTNER,
  description: 'The auction application form: lots of the scope open for applications',
  objects: APPLICATION_OBJECTS,
  async handler(_request, ctx) {
    const rows = await ctx.reader.query(
      `select l.id::text as id, l.number, x.number as auction_number, x.application_end,
              l.start_price_amount_micros::text as start_micros, l.deposit_amount_amount_micros::text as deposit_micros,
              u.number as unit_number, coalesce(b.name, b.number) as building_name
         from {auctionLot} l join {auction} x on x.id = l.auction_id
         left join {unit} u on u.id = l.unit_id left join {building} b on b.id = u.building_id
        where x.status = 'APPLICATIONS' and l.status = 'ACTIVE'
          and (x.application_end is null or x.application_end > $1::timestamptz)
        order by x.application_end nulls last, l.number`,
      [ctx.clock.now().toISOString()],
    );
    const lots: OpenLot[] = rows.map((r) => ({
      id: String(r.id),
      number: r.number === null ? null : Number(r.number),
      auctionNumber: typeof r.auction_number === 'string' ? r.auction_number : null,
      applicationEnd: r.application_end
        ? String(r.application_end instanceof Date ? r.application_end.toISOString() : r.application_end)
        : null,
      startPriceMicros: typeof r.start_micros === 'string' ? r.start_micros : null,
      depositMicros: typeof r.deposit_micros === 'string' ? r.deposit_micros : null,
      unitTitle: `№ ${String(r.unit_number ?? '—')}${r.building_name ? `, ${String(r.building_name)}` : ''}`,
    }));
    return page(ctx, applyPage.title, '/partner/apply', applyContent(lots));
  },
});

export const portalRoutes: readonly RouteDeclaration[] = [
  loginPageRoute,
  loginRoute,
  logoutRoute,
  passwordPageRoute,
  passwordRoute,
  homeRoute,
  unitPageRoute,
  bookPageRoute,
  requestsRoute,
  applyRoute,
];
