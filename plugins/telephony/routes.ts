/**
 * HTTP routes of the telephony plugin: the PBX's webhooks (webhook-routes.ts), and for the call
 * center the `/calls` page, its live stream, the call card (read, notes/outcome, recording),
 * click-to-call and the new-client form — through the operator's reader and writer.
 */
import { z } from 'zod';
import { dataAccessOf, type StaffPrincipal } from '../core/access/index';
import { defineRoute, type RouteContext, type RouteDeclaration, RouteError } from '../core/plugin/index';
import { type ClientCard, type FoundPerson, findPeopleByPhone, loadClientCard } from './card';
import { type CallRow, callRow } from './inbox';
import { openCallStream } from './live';
import { originateCall, PROVIDER_RU, zadarmaRecordingLink } from './originate';
import { CALLS_PAGE_PATH, CALLS_ROLES, callFilters, loadCallList, renderCallsPage } from './pages/calls-page';
import { formatPhone, nationalPart, normalizePhone } from './rules/phone';
import { CALL_OUTCOMES, CALL_STATUS_RU, DIRECTION_RU, phoneCall } from './schema';
import { extensionOfMember, memberAtExtension, originateProviderOf, telephonySettingsOf } from './settings';
import { type SyncLookups, syncClaimed } from './sync';
import { webhookRoutes } from './webhook-routes';

/** What the call center's routes read: the card's sources (published views of the plugins used). */
export const CALL_OBJECTS = [
  phoneCall,
  'person',
  'task',
  'taskTarget',
  'workspaceMember',
  'unit',
  'building',
  'saleContract',
  'auction',
  'auctionLot',
  'auctionApplication',
] as const;

const uuid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'не идентификатор записи');

const staffOf = (ctx: RouteContext): StaffPrincipal => {
  if (ctx.principal.kind !== 'staff')
    throw new RouteError(403, 'telephony_staff_only', 'Только для сотрудников');
  return ctx.principal;
};

export interface PopPayload {
  callId: string;
  phase: 'ringing' | 'talking' | 'ended';
  phaseRu: string;
  status: string | null;
  statusRu: string | null;
  direction: string;
  directionRu: string;
  phone: string | null;
  phoneText: string;
  startedAt: string;
  extension: string | null;
  provider: string;
  client: ClientCard | null;
  /** Several people hold this number: the first is shown, the count says so. */
  matches: number;
  newClient: { phone: string; phoneText: string; national: string } | null;
  canCall: boolean;
}

const PHASE_RU = { ringing: 'Звонит', talking: 'Разговор', ended: 'Завершён' } as const;

/** The pop as the principal may see it: the call, and the client's card or the new-client form. */
export async function buildPop(ctx: RouteContext, row: CallRow): Promise<PopPayload> {
  const { state } = row;
  const phone = normalizePhone(state.clientNumber) ?? null;
  let people: FoundPerson[] = phone ? await findPeopleByPhone(ctx.reader.query, '{person}', phone) : [];
  if (row.personId && !people.some((p) => p.id === row.personId)) {
    // The operator linked this call to a client the read model may not hold yet.
    const linked = (await ctx.reader.get('person', row.personId)) as
      | { id: string; name?: { firstName?: string; lastName?: string }; emails?: { primaryEmail?: string } }
      | undefined;
    if (linked)
      people = [
        {
          id: linked.id,
          name: [linked.name?.lastName, linked.name?.firstName].filter(Boolean).join(' ') || 'Без имени',
          phone: phone ?? '',
          email: linked.emails?.primaryEmail || null,
        },
        ...people,
      ];
  }
  const first = people.find((p) => p.id === row.personId) ?? people[0];
  const client = first ? await loadClientCard(ctx.reader, first, ctx.links.twentyRecord, row.id) : null;
  return {
    callId: row.id,
    phase: state.phase,
    phaseRu: PHASE_RU[state.phase],
    status: state.status,
    statusRu: state.status ? (CALL_STATUS_RU[state.status] ?? state.status) : null,
    direction: state.direction,
    directionRu: DIRECTION_RU[state.direction] ?? state.direction,
    phone,
    phoneText: phone ? formatPhone(phone) : (state.clientNumber ?? 'номер скрыт'),
    startedAt: state.startedAt,
    extension: state.extension,
    provider: state.provider,
    client,
    matches: people.length,
    newClient:
      !client && phone ? { phone, phoneText: formatPhone(phone), national: nationalPart(phone) } : null,
    canCall: phone !== null,
  };
}

const lookupsFor = (ctx: RouteContext): SyncLookups => ({
  people: (phone) => findPeopleByPhone(ctx.reader.query, '{person}', phone),
  memberExists: async (memberId) => (await ctx.reader.get('workspaceMember', memberId)) !== undefined,
});

const streamRoute = defineRoute({
  method: 'GET',
  path: '/api/telephony/stream',
  roles: CALLS_ROLES,
  description: 'Server-sent events: screen pops and call updates for the operator’s /calls page',
  objects: [...CALL_OBJECTS],
  handler(_request, ctx) {
    const me = staffOf(ctx);
    const settings = telephonySettingsOf(ctx);
    const access = dataAccessOf(ctx, 'telephony');
    const body = openCallStream({
      storage: ctx.storage,
      // The operator the PBX rings; a call naming nobody we know goes to every open page.
      admits: (row) => {
        const target = memberAtExtension(settings, row.state.extension);
        return target === undefined || me.role === 'admin' || target === me.memberId.toLowerCase();
      },
      build: (row) => buildPop(ctx, row),
      // The first page to see a fresh version writes the call card (the sync job does it otherwise).
      after: async (row) => {
        await syncClaimed(access, row, lookupsFor(ctx), settings);
      },
      now: () => ctx.clock.now(),
      signal: ctx.signal,
      onError: (error) => ctx.log.warn({ err: error }, 'telephony: a screen pop or its call card failed'),
    });
    return {
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
      },
      body,
    };
  },
});

async function rowOrMissing(ctx: RouteContext, id: string): Promise<CallRow> {
  const row = await callRow(ctx.storage, id);
  if (!row)
    throw new RouteError(404, 'telephony_call_not_found', { ru: 'Такого звонка нет', en: 'no such call' });
  return row;
}

const callCardRoute = defineRoute({
  method: 'GET',
  path: '/api/telephony/calls/:id',
  roles: CALLS_ROLES,
  description: 'One call with its client’s card (as a pop shows it) and its notes and outcome',
  objects: [...CALL_OBJECTS],
  params: z.object({ id: uuid }),
  async handler(request, ctx) {
    const row = await rowOrMissing(ctx, request.params.id);
    const pop = await buildPop(ctx, row);
    const card = await ctx.reader.get(phoneCall, row.id);
    return {
      body: {
        ...pop,
        notes: (card as { notes?: string | null } | undefined)?.notes ?? null,
        outcome: (card as { outcome?: string | null } | undefined)?.outcome ?? null,
      },
    };
  },
});

const recordingRoute = defineRoute({
  method: 'GET',
  path: '/api/telephony/calls/:id/recording',
  roles: [...CALLS_ROLES, 'sales'],
  description: 'The call’s recording: a fresh link from the provider (they expire), as a redirect',
  objects: [],
  params: z.object({ id: uuid }),
  async handler(request, ctx) {
    const row = await rowOrMissing(ctx, request.params.id);
    if (row.state.provider !== 'zadarma' || !row.state.recordingId)
      throw new RouteError(404, 'telephony_no_recording', {
        ru: 'У этого звонка нет записи',
        en: 'no recording',
      });
    const link = await zadarmaRecordingLink(telephonySettingsOf(ctx), row.state.recordingId);
    return { status: 302, headers: { location: link, 'cache-control': 'no-store' }, body: '' };
  },
});

const noteBody = z.strictObject({
  notes: z.string().max(5000, 'не длиннее 5000 знаков').optional(),
  outcome: z.enum(CALL_OUTCOMES, { message: 'выберите результат из списка' }).nullable().optional(),
});

const saveNotesRoute = defineRoute({
  method: 'PATCH',
  path: '/api/telephony/calls/:id',
  roles: CALLS_ROLES,
  description: 'The operator’s notes and outcome on the call card',
  objects: [...CALL_OBJECTS],
  params: z.object({ id: uuid }),
  body: noteBody,
  labels: { notes: 'Заметки', outcome: 'Результат' },
  async handler(request, ctx) {
    const row = await rowOrMissing(ctx, request.params.id);
    const settings = telephonySettingsOf(ctx);
    // The card may not be written yet (nobody's page was open): write it first.
    await syncClaimed(dataAccessOf(ctx, 'telephony'), row, lookupsFor(ctx), settings);
    const values = {
      ...(request.body.notes !== undefined ? { notes: request.body.notes } : {}),
      ...(request.body.outcome !== undefined ? { outcome: request.body.outcome } : {}),
    };
    const saved = await ctx.writer.records(phoneCall).update(row.id, values);
    return { body: { id: saved.id, notes: saved.notes ?? null, outcome: saved.outcome ?? null } };
  },
});

const phoneText = z.string().max(40, 'не длиннее 40 знаков');

const originateRoute = defineRoute({
  method: 'POST',
  path: '/api/telephony/originate',
  roles: CALLS_ROLES,
  description: 'Click-to-call: the PBX rings the operator’s extension, then the client',
  objects: [],
  body: z.strictObject({ phone: phoneText }),
  labels: { phone: 'Телефон' },
  async handler(request, ctx) {
    const me = staffOf(ctx);
    const settings = telephonySettingsOf(ctx);
    const e164 = normalizePhone(request.body.phone);
    if (!e164)
      throw new RouteError(
        400,
        'telephony_bad_phone',
        {
          ru: `«Телефон»: «${request.body.phone}» — не номер телефона (например, +7 916 123-45-67 или 8 916 123 45 67)`,
          en: 'phone: not a phone number',
        },
        { field: 'phone' },
      );
    const extension = extensionOfMember(settings, me.memberId);
    if (!extension)
      throw new RouteError(409, 'telephony_no_extension', {
        ru: 'Вам не назначен внутренний номер АТС: администратор добавляет его в TELEPHONY_OPERATORS (101=ваш id участника)',
        en: 'you have no extension (TELEPHONY_OPERATORS)',
      });
    const provider = originateProviderOf(settings);
    if (!provider)
      throw new RouteError(503, 'telephony_not_configured', {
        ru: 'АТС не настроена: задайте ключи Mango Office или Zadarma (TELEPHONY_…)',
        en: 'no PBX is configured',
      });
    const commandId = `realty-${ctx.clock.now().getTime().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    const placed = await originateCall(settings, provider, { commandId, extension, e164 });
    await ctx.storage.query(
      `insert into telephony_originations (command_id, member_id, provider, to_number, at, answer)
       values ($1, $2, $3, $4, $5, $6) on conflict do nothing`,
      [commandId, me.memberId, provider, e164, ctx.clock.now().toISOString(), placed.answer],
    );
    return {
      body: {
        ok: true,
        provider,
        commandId,
        message: `${PROVIDER_RU[provider]} звонит на ваш номер ${extension}, затем соединит с ${formatPhone(e164)}`,
      },
    };
  },
});

const newClientBody = z.strictObject({
  firstName: z.string().trim().min(1, 'укажите имя').max(100, 'не длиннее 100 знаков'),
  lastName: z.string().trim().max(100, 'не длиннее 100 знаков').optional(),
  phone: phoneText,
  email: z.email('не адрес электронной почты').optional().or(z.literal('')),
  callId: uuid.optional(),
});

const newClientRoute = defineRoute({
  method: 'POST',
  path: '/api/telephony/clients',
  roles: CALLS_ROLES,
  description: 'The “new client” form of a pop for an unknown number: creates the person and links the call',
  objects: [...CALL_OBJECTS],
  body: newClientBody,
  labels: { firstName: 'Имя', lastName: 'Фамилия', phone: 'Телефон', email: 'Эл. почта' },
  async handler(request, ctx) {
    const e164 = normalizePhone(request.body.phone);
    if (!e164)
      throw new RouteError(
        400,
        'telephony_bad_phone',
        {
          ru: `«Телефон»: «${request.body.phone}» — не номер телефона (например, +7 916 123-45-67)`,
          en: 'phone: not a phone number',
        },
        { field: 'phone' },
      );
    const person = await ctx.writer.records('person').create({
      name: { firstName: request.body.firstName, lastName: request.body.lastName ?? '' },
      phones: {
        primaryPhoneNumber: nationalPart(e164),
        primaryPhoneCountryCode: 'RU',
        primaryPhoneCallingCode: '+7',
        additionalPhones: null,
      },
      ...(request.body.email ? { emails: { primaryEmail: request.body.email, additionalEmails: null } } : {}),
    });
    if (request.body.callId) {
      const row = await rowOrMissing(ctx, request.body.callId);
      await ctx.storage.query('update telephony_calls set person_id = $2, synced_version = 0 where id = $1', [
        row.id,
        person.id,
      ]);
      const fresh = await rowOrMissing(ctx, row.id);
      await syncClaimed(dataAccessOf(ctx, 'telephony'), fresh, lookupsFor(ctx), telephonySettingsOf(ctx));
    }
    return {
      status: 201,
      body: { id: person.id, phone: e164, twentyUrl: ctx.links.twentyRecord('person', person.id) },
    };
  },
});

const pageRoute = defineRoute({
  method: 'GET',
  path: CALLS_PAGE_PATH,
  roles: CALLS_ROLES,
  description: 'The call center: live screen pops, the call list with filters, the call card',
  objects: [...CALL_OBJECTS],
  query: callFilters,
  labels: { status: 'Статус', from: 'С даты', to: 'По дату', operator: 'Оператор' },
  async handler(request, ctx) {
    const list = await loadCallList(ctx.reader, request.query);
    const settings = telephonySettingsOf(ctx);
    const me = ctx.principal.kind === 'staff' ? ctx.principal : undefined;
    return {
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: renderCallsPage({
        principal: ctx.principal,
        pages: ctx.pages,
        list,
        filters: request.query,
        extension: me ? extensionOfMember(settings, me.memberId) : undefined,
        provider: originateProviderOf(settings),
      }),
    };
  },
});

export const telephonyRoutes: RouteDeclaration[] = [
  ...webhookRoutes,
  pageRoute,
  streamRoute,
  callCardRoute,
  saveNotesRoute,
  recordingRoute,
  originateRoute,
  newClientRoute,
];
