/**
 * The audience filter and the candidates it finds, through the caller's scoped reader over the
 * published views (registry: unit, building, residentialComplex; payments: saleContract; auctions:
 * auctionLot, auctionApplication; the person view with the SMS fields this plugin adds):
 * - owners — buyers under a sale contract (not refused or cancelled) of a unit in a district,
 *   complex or building;
 * - auction — applicants of an auction (or of every auction), admitted ones only if asked;
 * - contractsDue — buyers whose contract awaits signature by a date within N days;
 * - segment — the members of a segment (the segments plugin's published segmentMember), except
 *   those who declined.
 */
import { z } from 'zod';
import type { ScopedReader } from '../core/access/index';
import { RouteError } from '../core/plugin/index';
import { moscowToday } from '../core/runtime/index';
import type { Candidate } from './rules/audience';
import { AUDIENCE_SOURCE_RU, AUDIENCE_SOURCES, type AudienceSource } from './vocabulary';

const uuid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'это не идентификатор записи');

export const audienceFilterShape = {
  source: z.enum(AUDIENCE_SOURCES).describe('who: owners | auction | contractsDue | segment'),
  district: z.string().trim().max(200).optional().describe('district of the complex (owners)'),
  complexId: uuid.optional().describe('residential complex id (owners)'),
  buildingId: uuid.optional().describe('building id (owners)'),
  auctionId: uuid.optional().describe('auction id (auction; empty: every auction)'),
  admittedOnly: z.boolean().optional().describe('only admitted applicants (auction)'),
  dueWithinDays: z
    .number()
    .int()
    .min(0)
    .max(366)
    .optional()
    .describe('contracts to sign within N days (contractsDue)'),
  segmentId: z.string().optional().describe('a segment (when the segments plugin is installed)'),
};
export const audienceFilter = z.object(audienceFilterShape);
export type AudienceFilter = z.infer<typeof audienceFilter>;

export const AUDIENCE_OBJECTS = [
  'person',
  'saleContract',
  'unit',
  'building',
  'residentialComplex',
  'auction',
  'auctionLot',
  'auctionApplication',
  'segmentMember',
] as const;

const PERSON_COLUMNS = `p.id::text as person_id, p.name_first_name as first_name, p.name_last_name as last_name,
  p.phones_primary_phone_number as phone, p.phones_primary_phone_calling_code as calling_code,
  p.sms_consent as consent, p.sms_opt_out_at::text as opted_out_at`;

const PLACE_COLUMNS = `u.number as unit_number, b.number as building, c.name as complex`;

interface CandidateRow extends Record<string, unknown> {
  person_id: string;
  first_name: string | null;
  last_name: string | null;
  phone: string | null;
  calling_code: string | null;
  consent: boolean | null;
  opted_out_at: string | null;
  unit_number: string | null;
  building: string | null;
  complex: string | null;
}

function toCandidate(r: CandidateRow): Candidate {
  return {
    personId: r.person_id,
    firstName: r.first_name,
    lastName: r.last_name,
    phone: r.phone,
    callingCode: r.calling_code,
    consent: r.consent,
    optedOutAt: r.opted_out_at,
    unitNumber: r.unit_number,
    building: r.building,
    complex: r.complex,
  };
}

const notInstalled = (what: string) =>
  new RouteError(409, 'sms_source_unavailable', {
    ru: `Источник аудитории недоступен: ${what} не установлен`,
    en: `the audience source is unavailable: ${what} is not installed`,
  });

export async function findCandidates(
  reader: ScopedReader,
  filter: AudienceFilter,
  now: Date,
): Promise<Candidate[]> {
  switch (filter.source) {
    case 'owners': {
      if (!reader.has('saleContract')) throw notInstalled('модуль «Платежи и договоры»');
      // Narrow rows first (materialised), people only of those contracts: the views compute their
      // columns from JSON, and wide rows joined by hash spill to disk at 50,000 contracts.
      const rows = await reader.query<CandidateRow>(
        `with places as materialized (
           select u.id, u.number as unit_number, b.number as building, c.name as complex
             from {unit} u
             left join {building} b on b.id = u.building_id
             left join {residentialComplex} c on c.id = b.complex_id
            where ($1::text is null or lower(c.district) = lower($1::text))
              and ($2::uuid is null or c.id = $2::uuid)
              and ($3::uuid is null or b.id = $3::uuid)),
         owned as materialized (
           select sc.buyer_id, places.* from {saleContract} sc join places on places.id = sc.unit_id
            where coalesce(sc.status, '') not in ('REFUSED', 'CANCELLED') and sc.buyer_id is not null),
         people as materialized (
           select p.id, p.name_first_name, p.name_last_name, p.phones_primary_phone_number,
                  p.phones_primary_phone_calling_code, p.sms_consent, p.sms_opt_out_at
             from {person} p where p.id in (select buyer_id from owned))
         select p.id::text as person_id, p.name_first_name as first_name, p.name_last_name as last_name,
                p.phones_primary_phone_number as phone, p.phones_primary_phone_calling_code as calling_code,
                p.sms_consent as consent, p.sms_opt_out_at::text as opted_out_at,
                o.unit_number, o.building, o.complex
           from owned o join people p on p.id = o.buyer_id
          order by p.id, o.unit_number`,
        [filter.district || null, filter.complexId ?? null, filter.buildingId ?? null],
      );
      return rows.map(toCandidate);
    }
    case 'auction': {
      if (!reader.has('auctionApplication')) throw notInstalled('модуль «Аукционы»');
      const rows = await reader.query<CandidateRow>(
        `select ${PERSON_COLUMNS}, ${PLACE_COLUMNS}
           from {auctionApplication} a
           join {person} p on p.id = a.applicant_id
           left join {auctionLot} l on l.id = a.lot_id
           left join {unit} u on u.id = l.unit_id
           left join {building} b on b.id = u.building_id
           left join {residentialComplex} c on c.id = b.complex_id
          where ($1::uuid is null or l.auction_id = $1::uuid)
            and (not $2::boolean or a.admission = 'ADMITTED')
          order by p.id, u.number`,
        [filter.auctionId ?? null, filter.admittedOnly === true],
      );
      return rows.map(toCandidate);
    }
    case 'contractsDue': {
      if (!reader.has('saleContract')) throw notInstalled('модуль «Платежи и договоры»');
      const days = filter.dueWithinDays ?? 14;
      const today = moscowToday(now);
      const rows = await reader.query<CandidateRow>(
        `select ${PERSON_COLUMNS}, ${PLACE_COLUMNS}
           from {saleContract} sc
           join {person} p on p.id = sc.buyer_id
           left join {unit} u on u.id = sc.unit_id
           left join {building} b on b.id = u.building_id
           left join {residentialComplex} c on c.id = b.complex_id
          where sc.status = 'AWAITING_SIGNATURE' and sc.planned_date is not null
            and sc.planned_date <= ($1::date + $2::int)
          order by p.id, sc.planned_date`,
        [today, days],
      );
      return rows.map(toCandidate);
    }
    case 'segment': {
      if (!reader.has('segmentMember')) throw notInstalled('модуль «Сегменты»');
      if (!filter.segmentId || !uuid.safeParse(filter.segmentId).success)
        throw new RouteError(
          400,
          'sms_segment_missing',
          { ru: 'Выберите сегмент, которому отправить рассылку', en: 'choose a segment' },
          { field: 'segmentId' },
        );
      const rows = await reader.query<CandidateRow>(
        `select ${PERSON_COLUMNS}, null::text as unit_number, null::text as building, null::text as complex
           from {segmentMember} m
           join {person} p on p.id = m.person_id
          where m.segment_id = $1::uuid and coalesce(m.status, '') <> 'DECLINED'
          order by p.id`,
        [filter.segmentId],
      );
      return rows.map(toCandidate);
    }
    default: {
      const never: never = filter.source;
      return never;
    }
  }
}

/** The filter as people read it: «владельцы и покупатели помещений · район Хамовники». */
export function describeFilter(
  filter: AudienceFilter,
  names: { complex?: string; building?: string } = {},
): string {
  const parts: string[] = [AUDIENCE_SOURCE_RU[filter.source as AudienceSource]];
  if (filter.source === 'owners') {
    if (filter.district) parts.push(`район ${filter.district}`);
    if (filter.complexId) parts.push(`ЖК ${names.complex ?? 'выбранный'}`);
    if (filter.buildingId) parts.push(`корпус ${names.building ?? 'выбранный'}`);
  }
  if (filter.source === 'auction') {
    parts.push(filter.auctionId ? 'одного аукциона' : 'всех аукционов');
    if (filter.admittedOnly) parts.push('только допущенные');
  }
  if (filter.source === 'contractsDue')
    parts.push(`срок подписания в ближайшие ${filter.dueWithinDays ?? 14} дн.`);
  return parts.join(' · ');
}
