/**
 * A contact's participation history (`/people/:id/activity` and its JSON): the interactions they
 * were on (invited, confirmed, attended, with role and stage), and — when those plugins are
 * enabled — the segments they are in and the SMS they received. Read through the caller's scoped
 * reader, so a member sees only what their grants allow; a plugin that is not enabled contributes
 * nothing (`reader.has`). One indexed query per source.
 */
import type { ScopedReader } from '../core/access/index';
import { MESSAGE_STATUS_RU } from '../sms/index';
import {
  type InteractionKind,
  type InteractionStage,
  KIND_RU,
  type ParticipantRole,
  participationRu,
  ROLE_RU,
  STAGE_RU,
} from './vocabulary';

/** The objects the history reads: a route serving it lists them in `objects`. */
export const HISTORY_OBJECTS = [
  'interaction',
  'interactionParticipant',
  'person',
  'company',
  'segment',
  'segmentMember',
  'smsCampaign',
  'smsMessage',
] as const;

const SEGMENT_STATUS_RU: Readonly<Record<string, string>> = {
  INVITED: 'приглашён(а)',
  CONFIRMED: 'подтвердил(а)',
  DECLINED: 'отказался(ась)',
  ATTENDED: 'присутствовал(а)',
};

export interface HistoryEntry {
  readonly kind: 'interaction' | 'segment' | 'sms';
  /** When it happened (ISO): the interaction's start, the membership's creation, the SMS sent. */
  readonly at: string | null;
  readonly title: string;
  /** What it was (Звонок, Сегмент, SMS). */
  readonly what: string;
  /** The person's part in it, as people read it. */
  readonly status: string;
  readonly detail: string | null;
  readonly id: string;
}

export interface ParticipationHistory {
  readonly person: { id: string; name: string; company: string | null };
  readonly entries: HistoryEntry[];
  readonly counts: { invited: number; attended: number; segments: number; sms: number };
  /** Sources not enabled here (segments, sms). */
  readonly missing: string[];
}

const SEGMENT_SOURCE = /^segments:segment:([0-9a-f-]{36})$/i;

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : typeof v === 'string' ? v : null);

export async function participationHistory(
  reader: ScopedReader,
  personId: string,
): Promise<ParticipationHistory | undefined> {
  const people = await reader.query<{
    id: string;
    first: string | null;
    last: string | null;
    company: string | null;
  }>(
    `select p.id::text, p.name_first_name as first, p.name_last_name as last, c.name as company
       from {person} p left join {company} c on c.id = p.company_id where p.id = $1::uuid`,
    [personId],
  );
  const person = people[0];
  if (!person) return undefined;
  const entries: HistoryEntry[] = [];
  // Two statements: the person's participations (by the person index), then those interactions by
  // id — the row rules are checked on these few rows, never over every interaction.
  const parts = await reader.query<{
    interaction_id: string;
    role: string | null;
    invited: boolean | null;
    confirmed: boolean | null;
    attended: boolean | null;
    source: string | null;
  }>(
    `select ip.interaction_id::text, ip.participant_role as role, ip.invited, ip.confirmed, ip.attended, ip.source
       from {interactionParticipant} ip where ip.person_id = $1::uuid`,
    [personId],
  );
  const found = await reader.query<{
    id: string;
    subject: string | null;
    kind: string | null;
    stage: string | null;
    starts_at: unknown;
  }>(
    'select i.id::text, i.subject, i.kind, i.stage, i.starts_at from {interaction} i where i.id = any($1::uuid[])',
    [[...new Set(parts.map((p) => p.interaction_id).filter((x) => !!x))]],
  );
  const byId = new Map(found.map((i) => [i.id, i]));
  // An invitation handed over by a segment names it (`segments:segment:<id>`): shown by its name.
  const segmentIds = [
    ...new Set(
      parts.flatMap((p) => (p.source ? [SEGMENT_SOURCE.exec(p.source)?.[1]] : [])).filter((x) => !!x),
    ),
  ];
  const segmentNames = new Map(
    segmentIds.length > 0 && reader.has('segment')
      ? (
          await reader.query<{ id: string; name: string | null }>(
            'select id::text, name from {segment} where id = any($1::uuid[])',
            [segmentIds],
          )
        ).map((r) => [r.id, r.name ?? ''])
      : [],
  );
  const sourceText = (source: string | null) => {
    const segment = source ? SEGMENT_SOURCE.exec(source)?.[1] : undefined;
    if (!segment) return source;
    const name = segmentNames.get(segment);
    return name ? `сегмент «${name}»` : 'сегмент';
  };
  const interactions = parts.flatMap((p) => {
    const i = byId.get(p.interaction_id);
    return i ? [{ ...i, ...p }] : [];
  });
  let invited = 0;
  let attended = 0;
  for (const r of interactions) {
    if (r.invited) invited += 1;
    if (r.attended) attended += 1;
    const stage = r.stage && r.stage in STAGE_RU ? STAGE_RU[r.stage as InteractionStage] : '—';
    const role = r.role && r.role in ROLE_RU ? ROLE_RU[r.role as ParticipantRole] : 'Участник';
    entries.push({
      kind: 'interaction',
      id: r.id,
      at: iso(r.starts_at),
      title: r.subject || 'Без темы',
      what: r.kind && r.kind in KIND_RU ? KIND_RU[r.kind as InteractionKind] : 'Взаимодействие',
      status: participationRu(r),
      detail: `${role}; этап: ${stage}${r.source ? `; пригласил(а): ${sourceText(r.source)}` : ''}`,
    });
  }
  const missing: string[] = [];
  let segments = 0;
  if (reader.has('segmentMember') && reader.has('segment')) {
    const rows = await reader.query<{
      id: string;
      name: string | null;
      status: string | null;
      created_at: unknown;
      added_by: string | null;
    }>(
      `select s.id::text, s.name, m.status, m.created_at, m.added_by
         from {segmentMember} m join {segment} s on s.id = m.segment_id
        where m.person_id = $1::uuid order by m.created_at desc`,
      [personId],
    );
    segments = rows.length;
    for (const r of rows)
      entries.push({
        kind: 'segment',
        id: r.id,
        at: iso(r.created_at),
        title: r.name || 'Сегмент без названия',
        what: 'Сегмент',
        status: (r.status && SEGMENT_STATUS_RU[r.status]) || 'в сегменте',
        detail: r.added_by ? `добавил(а): ${r.added_by}` : null,
      });
  } else missing.push('segments');
  let sms = 0;
  if (reader.has('smsMessage')) {
    const withCampaign = reader.has('smsCampaign');
    const rows = await reader.query<{
      id: string;
      name: string | null;
      status: string | null;
      sent_at: unknown;
      created_at: unknown;
      text: string | null;
    }>(
      withCampaign
        ? `select m.id::text, c.name, m.status, m.sent_at, m.created_at, m.text
             from {smsMessage} m left join {smsCampaign} c on c.id = m.campaign_id
            where m.person_id = $1::uuid order by coalesce(m.sent_at, m.created_at) desc`
        : `select m.id::text, null as name, m.status, m.sent_at, m.created_at, m.text
             from {smsMessage} m where m.person_id = $1::uuid order by coalesce(m.sent_at, m.created_at) desc`,
      [personId],
    );
    sms = rows.length;
    for (const r of rows)
      entries.push({
        kind: 'sms',
        id: r.id,
        at: iso(r.sent_at) ?? iso(r.created_at),
        title: r.name || 'SMS',
        what: 'SMS',
        status: (r.status && MESSAGE_STATUS_RU[r.status as keyof typeof MESSAGE_STATUS_RU]) || '—',
        detail: r.text,
      });
  } else missing.push('sms');
  entries.sort((a, b) => (b.at ?? '').localeCompare(a.at ?? ''));
  return {
    person: {
      id: person.id,
      name: [person.first, person.last].filter((x) => !!x).join(' ') || 'Без имени',
      company: person.company,
    },
    entries,
    counts: { invited, attended, segments, sms },
    missing,
  };
}
