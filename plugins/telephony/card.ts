/**
 * The client's card a screen pop shows: who is calling (found by the normalised number, an indexed
 * lookup on the read model), their units, contracts and auction applications (what the registry,
 * payments and auctions publish — each only when that plugin is enabled), open tasks and last
 * calls. Everything is read through the operator's own reader, so the operator's policy applies.
 */

import { ADMISSION_RU, DEPOSIT_STATUS_RU } from '../auctions/index';
import type { ScopedReader } from '../core/access/index';
import { CONTRACT_STATUS_RU } from '../payments/index';
import { UNIT_STATUS_RU } from '../registry/index';
import { normalizePhone, storedForms } from './rules/phone';
import { CALL_OUTCOME_RU, CALL_STATUS_RU } from './schema';

type Query = (sql: string, params?: readonly unknown[]) => Promise<Record<string, unknown>[]>;

export interface FoundPerson {
  id: string;
  name: string;
  phone: string;
  email: string | null;
}

const nameOf = (first: unknown, last: unknown): string =>
  [last, first].filter((v) => typeof v === 'string' && v.trim() !== '').join(' ') || 'Без имени';

/**
 * The people whose primary phone is this number (as any stored form): `from` is `{person}` for a
 * route's reader, the view's name for a system context. Uses the read model's index on the phone.
 */
export async function findPeopleByPhone(query: Query, from: string, phone: string): Promise<FoundPerson[]> {
  const e164 = normalizePhone(phone);
  if (!e164) return [];
  const rows = await query(
    `select id::text as id, name_first_name, name_last_name, phones_primary_phone_number as number,
            phones_primary_phone_calling_code as calling, emails_primary_email as email
       from ${from} where phones_primary_phone_number = any($1::text[])
      order by created_at nulls last, id limit 10`,
    [storedForms(e164)],
  );
  return rows
    .filter((r) => {
      const stored = String(r.number ?? '');
      const calling = typeof r.calling === 'string' ? r.calling : '';
      const full =
        !stored.startsWith('+') && calling && stored.replace(/\D/g, '').length === 10
          ? calling + stored
          : stored;
      return normalizePhone(full) === e164;
    })
    .map((r) => ({
      id: String(r.id),
      name: nameOf(r.name_first_name, r.name_last_name),
      phone: e164,
      email: typeof r.email === 'string' && r.email !== '' ? r.email : null,
    }));
}

export interface ClientCard {
  person: FoundPerson & { twentyUrl: string };
  units: Array<{ id: string; number: string; place: string; status: string }>;
  contracts: Array<{
    id: string;
    number: string;
    status: string;
    priceMicros: string | null;
    unit: string | null;
  }>;
  applications: Array<{
    id: string;
    auction: string;
    unit: string | null;
    admission: string;
    deposit: string;
  }>;
  tasks: Array<{ id: string; title: string; dueAt: string | null }>;
  calls: Array<{
    id: string;
    startedAt: string | null;
    direction: string;
    status: string;
    outcome: string | null;
    notes: string | null;
  }>;
  /** Parts not shown because their plugin is not enabled. */
  missing: string[];
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const iso = (v: unknown): string | null => (v instanceof Date ? v.toISOString() : str(v));

export async function loadClientCard(
  reader: ScopedReader,
  person: FoundPerson,
  twentyRecord: (object: string, id: string) => string,
  /** The call on screen: not among the last calls. */
  exceptCallId?: string,
): Promise<ClientCard> {
  const missing: string[] = [];
  const q = (sql: string, params: readonly unknown[]) => reader.query(sql, params);
  const withUnits = reader.has('unit') && reader.has('building');
  const unitsById = new Map<string, ClientCard['units'][number]>();
  const unitCols = withUnits
    ? `, u.id::text as unit_id, u.number as unit_number, u.status as unit_status, b.name as building_name`
    : '';
  const unitJoin = (col: string) =>
    withUnits ? `left join {unit} u on u.id = ${col} left join {building} b on b.id = u.building_id` : '';
  const noteUnit = (r: Record<string, unknown>): string | null => {
    if (!r.unit_id) return null;
    const number = str(r.unit_number) ?? '—';
    unitsById.set(String(r.unit_id), {
      id: String(r.unit_id),
      number,
      place: str(r.building_name) ?? '',
      status: UNIT_STATUS_RU[r.unit_status as keyof typeof UNIT_STATUS_RU] ?? str(r.unit_status) ?? '—',
    });
    return `№ ${number}${r.building_name ? `, ${r.building_name}` : ''}`;
  };

  let contracts: ClientCard['contracts'] = [];
  if (reader.has('saleContract')) {
    const rows = await q(
      `select c.id::text as id, c.number, c.status, c.price_amount_micros::text as price${unitCols}
         from {saleContract} c ${unitJoin('c.unit_id')} where c.buyer_id = $1 order by c.created_at desc limit 20`,
      [person.id],
    );
    contracts = rows.map((r) => ({
      id: String(r.id),
      number: str(r.number) ?? '—',
      status: CONTRACT_STATUS_RU[r.status as keyof typeof CONTRACT_STATUS_RU] ?? str(r.status) ?? '—',
      priceMicros: str(r.price),
      unit: noteUnit(r),
    }));
  } else missing.push('договоры');

  let applications: ClientCard['applications'] = [];
  if (reader.has('auctionApplication') && reader.has('auctionLot') && reader.has('auction')) {
    const rows = await q(
      `select a.id::text as id, a.admission, a.deposit_status, au.number as auction_number${unitCols}
         from {auctionApplication} a left join {auctionLot} l on l.id = a.lot_id
         left join {auction} au on au.id = l.auction_id ${unitJoin('l.unit_id')}
        where a.applicant_id = $1 order by a.created_at desc limit 20`,
      [person.id],
    );
    applications = rows.map((r) => ({
      id: String(r.id),
      auction: str(r.auction_number) ?? '—',
      unit: noteUnit(r),
      admission: ADMISSION_RU[r.admission as keyof typeof ADMISSION_RU] ?? str(r.admission) ?? '—',
      deposit:
        DEPOSIT_STATUS_RU[r.deposit_status as keyof typeof DEPOSIT_STATUS_RU] ?? str(r.deposit_status) ?? '—',
    }));
  } else missing.push('заявки на аукционы');
  if (!withUnits) missing.push('помещения');

  const tasks = (
    await q(
      `select t.id::text as id, t.title, t.due_at from {task} t
        where coalesce(t.status, '') <> 'DONE'
          and t.id in (select tt.task_id from {taskTarget} tt where tt.person_id = $1)
        order by t.due_at nulls last, t.created_at limit 20`,
      [person.id],
    )
  ).map((r) => ({ id: String(r.id), title: str(r.title) ?? 'Без названия', dueAt: iso(r.due_at) }));

  const calls = (
    await q(
      `select id::text as id, started_at, direction, status, outcome, notes from {phoneCall}
        where person_id = $1 and id is distinct from $2::uuid order by started_at desc nulls last limit 5`,
      [person.id, exceptCallId ?? null],
    )
  ).map((r) => ({
    id: String(r.id),
    startedAt: iso(r.started_at),
    direction: r.direction === 'OUTGOING' ? 'Исходящий' : 'Входящий',
    status: CALL_STATUS_RU[String(r.status)] ?? 'Идёт',
    outcome: r.outcome
      ? (CALL_OUTCOME_RU[r.outcome as keyof typeof CALL_OUTCOME_RU] ?? String(r.outcome))
      : null,
    notes: str(r.notes),
  }));

  return {
    person: { ...person, twentyUrl: twentyRecord('person', person.id) },
    units: [...unitsById.values()],
    contracts,
    applications,
    tasks,
    calls,
    missing,
  };
}
