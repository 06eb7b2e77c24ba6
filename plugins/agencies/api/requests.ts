/**
 * What an agency files and follows: booking requests and auction applications
 * for its clients. Reads go through the route's reader (the policies admit the
 * agency's own records only); writes through its writer (the policies refuse
 * another agency, another status, a field the agency cannot see). The
 * client's details go to the plugin's store with the record's id; a handler
 * links the record to a person in Twenty.
 */
import type { PartnerPrincipal } from '../../core/access/index';
import { type RouteContext, RouteError } from '../../core/plugin/index';
import { type ClientDetails, clientsOf, rememberClient } from '../gateway/store';

export interface ClientInput {
  name: string;
  phone?: string | undefined;
  email?: string | undefined;
}

function partnerOf(ctx: RouteContext): PartnerPrincipal {
  if (ctx.principal.kind !== 'partner')
    throw new RouteError(403, 'partner_only', 'this route serves agency users');
  return ctx.principal;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const iso = (value: unknown): string | null =>
  value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : null;

export interface BookingView {
  id: string;
  status: string | null;
  requestedAt: string | null;
  comment: string | null;
  client: ClientDetails | null;
  unit: { id: string; number: string | null; kind: string | null; buildingName: string | null } | null;
}

export async function listBookings(ctx: RouteContext, ids?: readonly string[]): Promise<BookingView[]> {
  const params: unknown[] = [];
  let only = '';
  if (ids) {
    params.push([...ids]);
    only = 'where k.id = any($1::uuid[])';
  }
  const rows = await ctx.reader.query(
    `select k.id::text as id, k.status, k.requested_at, k.comment, k.client_name, k.client_phone, k.client_email,
            u.id::text as unit_id, u.number as unit_number, u.kind as unit_kind,
            coalesce(b.name, b.number) as building_name
       from {booking} k
       left join {unit} u on u.id = k.unit_id
       left join {building} b on b.id = u.building_id
       ${only}
      order by k.requested_at desc nulls last, k.id
      limit 500`,
    params,
  );
  return rows.map((r) => ({
    id: String(r.id),
    status: text(r.status),
    requestedAt: iso(r.requested_at),
    comment: text(r.comment),
    client: text(r.client_name)
      ? {
          name: String(r.client_name),
          phone: text(r.client_phone) ?? undefined,
          email: text(r.client_email) ?? undefined,
        }
      : null,
    unit: r.unit_id
      ? {
          id: String(r.unit_id),
          number: text(r.unit_number),
          kind: text(r.unit_kind),
          buildingName: text(r.building_name),
        }
      : null,
  }));
}

/** Units an agency may request: free ones (another status is a 409 naming it). */
export const BOOKABLE_STATUSES: readonly string[] = ['FREE'];

export async function submitBooking(
  ctx: RouteContext,
  body: { unitId: string; client: ClientInput; comment?: string | undefined },
): Promise<BookingView> {
  const partner = partnerOf(ctx);
  const unitId = body.unitId.toLowerCase();
  const unit = await ctx.reader.get('unit', unitId);
  if (!unit)
    throw new RouteError(404, 'partner_unit_not_found', `unit ${unitId} is not in your agency’s scope`, {
      field: 'unitId',
    });
  if (typeof unit.status === 'string' && !BOOKABLE_STATUSES.includes(unit.status))
    throw new RouteError(
      409,
      'partner_unit_not_free',
      `unit ${String(unit.number ?? unitId)} is ${unit.status}, not free`,
      {
        field: 'unitId',
      },
    );
  const created = await ctx.writer.records('booking').create({
    unitId,
    agencyId: partner.agencyId,
    agencyUserId: partner.userId,
    clientName: body.client.name,
    clientPhone: body.client.phone ?? null,
    clientEmail: body.client.email ?? null,
    status: 'REQUESTED',
    requestedAt: ctx.clock.now().toISOString(),
    comment: body.comment ?? null,
  });
  await rememberClient(ctx.storage, {
    object: 'booking',
    recordId: created.id,
    agencyId: partner.agencyId,
    client: body.client,
  });
  return {
    id: created.id,
    status: 'REQUESTED',
    requestedAt: text(created.requestedAt),
    comment: body.comment ?? null,
    client: body.client,
    unit: { id: unitId, number: text(unit.number), kind: text(unit.kind), buildingName: null },
  };
}

export interface ApplicationView {
  id: string;
  submittedAt: string | null;
  admission: string | null;
  rejectionReason: string | null;
  client: ClientDetails | null;
  lot: { id: string; number: number | null; status: string | null } | null;
  auction: { id: string; number: string | null; status: string | null } | null;
  unit: { id: string; number: string | null; buildingName: string | null } | null;
}

export async function listApplications(ctx: RouteContext): Promise<ApplicationView[]> {
  const rows = await ctx.reader.query(
    `select a.id::text as id, a.submitted_at, a.admission, a.rejection_reason,
            l.id::text as lot_id, l.number as lot_number, l.status as lot_status,
            x.id::text as auction_id, x.number as auction_number, x.status as auction_status,
            u.id::text as unit_id, u.number as unit_number, coalesce(b.name, b.number) as building_name
       from {auctionApplication} a
       left join {auctionLot} l on l.id = a.lot_id
       left join {auction} x on x.id = l.auction_id
       left join {unit} u on u.id = l.unit_id
       left join {building} b on b.id = u.building_id
      order by a.submitted_at desc nulls last, a.id
      limit 500`,
  );
  const clients = await clientsOf(
    ctx.storage,
    'auctionApplication',
    rows.map((r) => String(r.id)),
  );
  return rows.map((r) => ({
    id: String(r.id),
    submittedAt: iso(r.submitted_at),
    admission: text(r.admission),
    rejectionReason: text(r.rejection_reason),
    client: clients.get(String(r.id)) ?? null,
    lot: r.lot_id
      ? {
          id: String(r.lot_id),
          number: r.lot_number === null ? null : Number(r.lot_number),
          status: text(r.lot_status),
        }
      : null,
    auction: r.auction_id
      ? { id: String(r.auction_id), number: text(r.auction_number), status: text(r.auction_status) }
      : null,
    unit: r.unit_id
      ? { id: String(r.unit_id), number: text(r.unit_number), buildingName: text(r.building_name) }
      : null,
  }));
}

export async function submitApplication(
  ctx: RouteContext,
  body: { lotId: string; client: ClientInput },
): Promise<ApplicationView> {
  const partner = partnerOf(ctx);
  const lotId = body.lotId.toLowerCase();
  const rows = await ctx.reader.query(
    `select l.id::text as id, l.number, l.status, x.id::text as auction_id, x.number as auction_number,
            x.status as auction_status, x.application_start, x.application_end
       from {auctionLot} l join {auction} x on x.id = l.auction_id
      where l.id = $1::uuid`,
    [lotId],
  );
  const lot = rows[0];
  if (!lot)
    throw new RouteError(404, 'partner_lot_not_found', `lot ${lotId} is not open to your agency`, {
      field: 'lotId',
    });
  const now = ctx.clock.now().getTime();
  const start = lot.application_start ? new Date(String(lot.application_start)).getTime() : undefined;
  const end = lot.application_end ? new Date(String(lot.application_end)).getTime() : undefined;
  if (
    lot.auction_status !== 'APPLICATIONS' ||
    lot.status !== 'ACTIVE' ||
    (start !== undefined && now < start) ||
    (end !== undefined && now > end)
  )
    throw new RouteError(
      409,
      'partner_applications_closed',
      `auction ${String(lot.auction_number ?? '')} does not take applications now (status ${String(lot.auction_status)})`,
      { field: 'lotId' },
    );
  const created = await ctx.writer.records('auctionApplication').create({
    lotId,
    agencyId: partner.agencyId,
    submittedAt: ctx.clock.now().toISOString(),
  });
  await rememberClient(ctx.storage, {
    object: 'auctionApplication',
    recordId: created.id,
    agencyId: partner.agencyId,
    client: body.client,
  });
  return {
    id: created.id,
    submittedAt: text(created.submittedAt),
    admission: 'PENDING',
    rejectionReason: null,
    client: body.client,
    lot: { id: lotId, number: lot.number === null ? null : Number(lot.number), status: text(lot.status) },
    auction: {
      id: String(lot.auction_id),
      number: text(lot.auction_number),
      status: text(lot.auction_status),
    },
    unit: null,
  };
}
