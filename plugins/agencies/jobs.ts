/**
 * The staff's view of each agency in Twenty, kept current: active users,
 * partner requests this month (from the access log), bookings, auction
 * applications, sales and the active grants in words — written to the agency
 * record only when a figure changed. Every 10 minutes, and on demand
 * (`realty agency-user stats`).
 */
import { countApplicationsBy } from '../auctions/index';
import { every, type PluginContext } from '../core/plugin/index';
import { readModelView } from '../core/read-model/index';
import { moscowToday } from '../core/runtime/index';
import { countSaleContractsBy } from '../payments/index';
import { placeNames } from '../registry/index';
import { systemStorage } from './gateway/store';
import { describeGrant, type GrantRow, grantActive } from './rules/scope';
import { agenciesSettingsOf } from './settings';

interface Figures {
  activeUsers: number;
  requestsThisMonth: number;
  bookingsCount: number;
  applicationsCount: number;
  salesCount: number;
  scopeSummary: string;
}

/** Rows per agency of one of the agencies plugin's own objects (`agencyUser`, `booking`). */
const countBy = async (ctx: PluginContext, object: string, where = 'true'): Promise<Map<string, number>> => {
  const r = await ctx.store.sql.query<{ agency_id: string; n: number }>(
    `select agency_id::text as agency_id, count(*)::int as n from ${readModelView(object)}
      where agency_id is not null and ${where} group by agency_id`,
  );
  return new Map(r.rows.map((row) => [row.agency_id, Number(row.n)]));
};

export async function agencyFigures(ctx: PluginContext): Promise<Map<string, Figures>> {
  const now = ctx.clock.now();
  const today = moscowToday(now);
  const monthStart = `${today.slice(0, 8)}01`;
  const agencies = await ctx.store.sql.query<{ id: string }>(
    `select id::text as id from ${readModelView('agency')}`,
  );
  const users = await countBy(ctx, 'agencyUser', 'active is true');
  const bookings = await countBy(ctx, 'booking');
  // Applications and sales through what auctions and payments publish (agencyId is our extension).
  const applications = await countApplicationsBy(ctx, 'agencyId');
  const sales = await countSaleContractsBy(ctx, 'agencyId');
  const requests = await systemStorage(ctx).query<{ agency_id: string; n: number }>(
    `select agency_id::text as agency_id, count(*)::int as n from agencies_access_log
      where agency_id is not null and at >= ($1::date::timestamp at time zone 'Europe/Moscow') group by agency_id`,
    [monthStart],
  );
  const requestsBy = new Map(requests.map((r) => [r.agency_id, Number(r.n)]));
  const grants = (
    await ctx.store.sql.query<GrantRow & { agency_id: string }>(
      `select g.agency_id::text as agency_id, g.complex_id::text as "complexId", g.building_id::text as "buildingId",
              g.section_id::text as "sectionId", g.kinds, g.statuses, g.valid_from::text as "validFrom",
              g.valid_to::text as "validTo", g.field_level as "fieldLevel"
         from ${readModelView('agencyAccess')} g
        order by g.valid_from nulls first, g.id`,
    )
  ).rows;
  const ids = (pick: (g: GrantRow) => string | null) => grants.flatMap((g) => pick(g) ?? []);
  // The places' names through what the registry publishes.
  const names = await placeNames(ctx, {
    complexIds: ids((g) => g.complexId),
    buildingIds: ids((g) => g.buildingId),
    sectionIds: ids((g) => g.sectionId),
  });
  const out = new Map<string, Figures>();
  for (const { id } of agencies.rows) {
    const active = grants.filter((g) => g.agency_id === id && grantActive(g, today));
    out.set(id, {
      activeUsers: users.get(id) ?? 0,
      requestsThisMonth: requestsBy.get(id) ?? 0,
      bookingsCount: bookings.get(id) ?? 0,
      applicationsCount: applications.get(id) ?? 0,
      salesCount: sales.get(id) ?? 0,
      scopeSummary:
        active.length === 0
          ? 'нет действующих доступов'
          : active
              .map((g) => {
                const section = g.sectionId ? names.sections.get(g.sectionId) : undefined;
                const buildingId = g.buildingId ?? section?.buildingId ?? null;
                return describeGrant(g, {
                  complex: g.complexId ? (names.complexes.get(g.complexId) ?? null) : null,
                  building: buildingId ? (names.buildings.get(buildingId) ?? null) : null,
                  section: section?.number ?? null,
                });
              })
              .join('; '),
    });
  }
  return out;
}

/** Writes the figures that changed; returns how many agencies were updated. */
export async function refreshAgencyFigures(ctx: PluginContext): Promise<number> {
  const figures = await agencyFigures(ctx);
  const current = await ctx.store.sql.query<Record<string, unknown> & { id: string }>(
    `select id::text as id, active_users, requests_this_month, bookings_count, applications_count, sales_count, scope_summary
       from ${readModelView('agency')}`,
  );
  const at = ctx.clock.now().toISOString();
  let updated = 0;
  for (const row of current.rows) {
    const f = figures.get(row.id);
    if (!f) continue;
    const same =
      Number(row.active_users) === f.activeUsers &&
      Number(row.requests_this_month) === f.requestsThisMonth &&
      Number(row.bookings_count) === f.bookingsCount &&
      Number(row.applications_count) === f.applicationsCount &&
      Number(row.sales_count) === f.salesCount &&
      row.scope_summary === f.scopeSummary;
    if (same) continue;
    await ctx.twenty.records('agency').update(row.id, { ...f, statsUpdatedAt: at });
    updated += 1;
  }
  return updated;
}

/** Deletes access-log rows older than AGENCIES_ACCESS_LOG_DAYS, ended sessions and spent links. */
export async function pruneAgencyTables(ctx: PluginContext): Promise<number> {
  const storage = systemStorage(ctx);
  const now = ctx.clock.now();
  const cutoff = new Date(now.getTime() - agenciesSettingsOf(ctx).accessLogDays * 86_400_000);
  const deleted = await storage.query('delete from agencies_access_log where at < $1 returning 1', [cutoff]);
  await storage.query('delete from agencies_sessions where expires_at < $1', [now]);
  await storage.query('delete from agencies_password_links where expires_at < $1', [now]);
  return deleted.length;
}

export const agencyPruneJob = every('30 3 * * *', 'agencies:prune', async (_event, ctx) => {
  await pruneAgencyTables(ctx);
});

export const agencyFiguresJob = every('*/10 * * * *', 'agencies:figures', async (_event, ctx) => {
  await refreshAgencyFigures(ctx);
});
