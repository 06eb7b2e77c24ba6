/**
 * Grant computation, pure: a team, its members and tags, and the links around its deal → the
 * grants each member holds, with their level, reason and expiry, and the status each membership
 * should show. A member gets the deal, its company, the company's contacts and the deal's point
 * of contact, the deal's tasks and notes (taskTargets/noteTargets), the revenue plugin's records
 * of the deal when it is installed, and every record tagged with the team; the deal's owner and
 * the team's lead hold OWNER on all of it. One grant per member,
 * record and team: removing a member, ending its dates, deleting the deal or unlinking a record
 * removes exactly the grants that cause produced; a record reached through two teams keeps both
 * grants and the highest level counts (`effectiveLevel`).
 */
import {
  type AccessLevel,
  higherLevel,
  isAccessLevel,
  LINK_RU,
  type LinkKind,
  type MemberStatus,
} from '../vocabulary';

export interface TeamRow {
  readonly id: string;
  readonly name: string | null;
  readonly opportunityId: string | null;
  readonly leadId?: string | null;
}

export interface MemberRow {
  readonly id: string;
  readonly teamId: string | null;
  readonly memberId: string | null;
  readonly accessLevel: string | null;
  /** YYYY-MM-DD. */
  readonly validFrom: string | null;
  readonly validTo: string | null;
  readonly status: string | null;
  readonly createdAt: string | null;
}

export interface TargetRow {
  readonly id: string;
  readonly teamId: string | null;
  readonly objectName: string;
  readonly recordId: string;
}

export interface DealRow {
  readonly id: string;
  readonly name: string | null;
  readonly companyId: string | null;
  readonly pointOfContactId: string | null;
  readonly ownerId: string | null;
}

export interface LinkedRecord {
  readonly objectName: string;
  readonly recordId: string;
}

/** The links around deals, as the read model holds them (built by `graph.ts`, or by a bench). */
export interface LinkGraph {
  deal(id: string): DealRow | undefined;
  peopleOfCompany(companyId: string): readonly string[];
  tasksOfDeal(dealId: string): readonly string[];
  notesOfDeal(dealId: string): readonly string[];
  /** revenueScenario / revenuePlanLine / revenueAllocation of the deal (empty without the revenue plugin). */
  revenueOfDeal(dealId: string): readonly LinkedRecord[];
  /** Whether a workspace member exists and is not deleted. */
  memberActive(memberId: string): boolean;
}

export interface Grant {
  /** member:object:record:team — one grant per cause; Twenty's record id is assigned when it is written. */
  readonly key: string;
  readonly memberId: string;
  readonly memberRowId: string;
  readonly teamId: string;
  readonly dealId: string;
  readonly objectName: string;
  readonly recordId: string;
  readonly level: AccessLevel;
  readonly reason: string;
  /** ISO instant: the end of the member's `validTo` day in Moscow; null = open-ended. */
  readonly expiresAt: string | null;
}

export interface MemberVerdict {
  readonly status: MemberStatus;
  readonly problem: string | null;
}

export interface TeamGrants {
  readonly teamId: string;
  readonly grants: readonly Grant[];
  readonly members: ReadonlyMap<string, MemberVerdict>;
  readonly teamProblem: string | null;
}

export const grantKey = (memberId: string, objectName: string, recordId: string, teamId: string) =>
  `${memberId}:${objectName}:${recordId}:${teamId}`;

/** 23:59:59.999 of a Moscow date (UTC+3, no DST since 2014), as an ISO instant. */
export function endOfMoscowDay(date: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59, 59, 999) - 3 * 3_600_000;
  return new Date(ms).toISOString();
}

/** Today in Moscow, YYYY-MM-DD. */
export function moscowDate(now: Date): string {
  return new Date(now.getTime() + 3 * 3_600_000).toISOString().slice(0, 10);
}

const day = (value: string | null) => (value ? value.slice(0, 10) : null);

/** Whether the membership's dates include `today` (both ends inclusive). */
export function withinDates(member: Pick<MemberRow, 'validFrom' | 'validTo'>, today: string): boolean {
  const from = day(member.validFrom);
  const to = day(member.validTo);
  return (from === null || from <= today) && (to === null || to >= today);
}

/**
 * Each membership's status, decided from the state alone (ABOVE_ADDER, decided when the member
 * was added, is kept): the deal is gone, the account is deactivated, or the member is already on
 * the team through an earlier row that has not ended.
 */
export function memberVerdicts(
  team: TeamRow,
  members: readonly MemberRow[],
  graph: LinkGraph,
  today: string,
): Map<string, MemberVerdict> {
  const verdicts = new Map<string, MemberVerdict>();
  const deal = team.opportunityId ? graph.deal(team.opportunityId) : undefined;
  const ordered = [...members].sort(
    (a, b) => (a.createdAt ?? '').localeCompare(b.createdAt ?? '') || a.id.localeCompare(b.id),
  );
  const seen = new Map<string, MemberRow>();
  for (const m of ordered) {
    if (m.status === 'ABOVE_ADDER') {
      verdicts.set(m.id, {
        status: 'ABOVE_ADDER',
        problem: 'уровень доступа выше, чем у добавившего; измените уровень',
      });
      continue;
    }
    if (!deal) {
      verdicts.set(m.id, { status: 'NO_DEAL', problem: 'сделка команды удалена или не указана' });
      continue;
    }
    if (!m.memberId || !graph.memberActive(m.memberId)) {
      verdicts.set(m.id, {
        status: 'INACTIVE_MEMBER',
        problem: 'учётная запись участника отключена или удалена в Twenty',
      });
      continue;
    }
    const ended = m.validTo !== null && day(m.validTo)! < today;
    const first = seen.get(m.memberId);
    if (first && !ended) {
      verdicts.set(m.id, {
        status: 'DUPLICATE',
        problem: `участник уже в команде (запись от ${day(first.createdAt) ?? 'ранее'}); измените ту запись`,
      });
      continue;
    }
    if (!ended) seen.set(m.memberId, m);
    verdicts.set(m.id, { status: 'ACTIVE', problem: null });
  }
  return verdicts;
}

/** The records a deal reaches, each with why. */
export function dealLinks(
  deal: DealRow,
  graph: LinkGraph,
): Map<string, { objectName: string; recordId: string; links: Set<LinkKind> }> {
  const out = new Map<string, { objectName: string; recordId: string; links: Set<LinkKind> }>();
  const add = (objectName: string, recordId: string | null, link: LinkKind) => {
    if (!recordId) return;
    const key = `${objectName}:${recordId}`;
    const entry = out.get(key) ?? { objectName, recordId, links: new Set<LinkKind>() };
    entry.links.add(link);
    out.set(key, entry);
  };
  add('opportunity', deal.id, 'deal');
  add('company', deal.companyId, 'company');
  add('person', deal.pointOfContactId, 'pointOfContact');
  if (deal.companyId) for (const p of graph.peopleOfCompany(deal.companyId)) add('person', p, 'contact');
  for (const t of graph.tasksOfDeal(deal.id)) add('task', t, 'task');
  for (const n of graph.notesOfDeal(deal.id)) add('note', n, 'note');
  for (const r of graph.revenueOfDeal(deal.id)) add(r.objectName, r.recordId, 'revenue');
  return out;
}

export function grantReason(
  teamName: string | null,
  dealName: string | null,
  links: Iterable<LinkKind>,
): string {
  const why = [...links].map((l) => LINK_RU[l]).join(', ');
  return `Команда «${teamName || 'без названия'}» сделки «${dealName || 'без названия'}»: ${why}`;
}

/** Every grant one team gives, and the status each of its memberships should show. */
export function teamGrants(
  team: TeamRow,
  members: readonly MemberRow[],
  targets: readonly TargetRow[],
  graph: LinkGraph,
  today: string,
): TeamGrants {
  const verdicts = memberVerdicts(team, members, graph, today);
  const deal = team.opportunityId ? graph.deal(team.opportunityId) : undefined;
  if (!deal)
    return {
      teamId: team.id,
      grants: [],
      members: verdicts,
      teamProblem: 'сделка команды удалена или не указана: команда не даёт доступа',
    };
  const reached = dealLinks(deal, graph);
  for (const t of targets) {
    const key = `${t.objectName}:${t.recordId}`;
    const entry = reached.get(key) ?? {
      objectName: t.objectName,
      recordId: t.recordId,
      links: new Set<LinkKind>(),
    };
    entry.links.add('tagged');
    reached.set(key, entry);
  }
  const grants: Grant[] = [];
  const byKey = new Map<string, number>();
  // The deal's owner and the team's lead hold OWNER on everything the team reaches, like its members.
  const implicit = [
    { memberId: deal.ownerId, why: `владелец сделки «${deal.name || 'без названия'}»` },
    { memberId: team.leadId ?? null, why: `руководитель команды «${team.name || 'без названия'}»` },
  ].filter((x): x is { memberId: string; why: string } => !!x.memberId && graph.memberActive(x.memberId));
  const granting = [
    ...members
      .filter((m) => verdicts.get(m.id)?.status === 'ACTIVE' && !!m.memberId && withinDates(m, today))
      .map((m) => ({
        memberId: m.memberId as string,
        rowId: m.id,
        level: (isAccessLevel(m.accessLevel) ? m.accessLevel : 'READ') as AccessLevel,
        expiresAt: m.validTo ? endOfMoscowDay(m.validTo) : null,
        why: null as string | null,
      })),
    ...implicit.map((x) => ({
      memberId: x.memberId,
      rowId: team.id,
      level: 'OWNER' as AccessLevel,
      expiresAt: null,
      why: x.why,
    })),
  ];
  for (const m of granting) {
    const { level, expiresAt } = m;
    for (const r of reached.values()) {
      const key = grantKey(m.memberId, r.objectName, r.recordId, team.id);
      const grant: Grant = {
        key,
        memberId: m.memberId,
        memberRowId: m.rowId,
        teamId: team.id,
        dealId: deal.id,
        objectName: r.objectName,
        recordId: r.recordId,
        level,
        reason: m.why
          ? `${grantReason(team.name, deal.name, r.links)} (${m.why})`
          : grantReason(team.name, deal.name, r.links),
        expiresAt,
      };
      const at = byKey.get(key);
      if (at === undefined) {
        byKey.set(key, grants.length);
        grants.push(grant);
      } else {
        // Reached twice (a member who is also the owner or lead): the higher level, the membership's dates.
        const prev = grants[at] as Grant;
        grants[at] = {
          ...prev,
          level: higherLevel(prev.level, level),
          expiresAt: level === 'OWNER' && m.why ? null : prev.expiresAt,
        };
      }
    }
  }
  return { teamId: team.id, grants, members: verdicts, teamProblem: null };
}

/** The level a member holds on a record across every grant (null: none). */
export function effectiveLevel(
  grants: readonly Pick<Grant, 'memberId' | 'level'>[],
  memberId: string,
): AccessLevel | null {
  let best: AccessLevel | null = null;
  for (const g of grants) if (g.memberId === memberId) best = best ? higherLevel(best, g.level) : g.level;
  return best;
}

export interface StoredGrantState {
  /** Twenty's id of the recordAccessGrant. */
  readonly id: string;
  readonly level: string;
  readonly reason: string;
  readonly expiresAt: string | null;
}

export interface GrantDiff {
  readonly create: Grant[];
  /** Changed grants with the Twenty id they keep. */
  readonly update: (Grant & { readonly id: string })[];
  /** Twenty ids to destroy. */
  readonly remove: string[];
}

/** What to write so that `current` (by grant key) becomes `desired`; `extra` ids (duplicates) go too. */
export function diffGrants(
  current: ReadonlyMap<string, StoredGrantState>,
  desired: readonly Grant[],
  extra: readonly string[] = [],
): GrantDiff {
  const create: Grant[] = [];
  const update: (Grant & { id: string })[] = [];
  const keep = new Set<string>();
  for (const g of desired) {
    keep.add(g.key);
    const now = current.get(g.key);
    if (!now) create.push(g);
    else if (now.level !== g.level || now.reason !== g.reason || (now.expiresAt ?? null) !== g.expiresAt)
      update.push({ ...g, id: now.id });
  }
  const remove = [...extra];
  for (const [key, state] of current) if (!keep.has(key)) remove.push(state.id);
  return { create, update, remove };
}
