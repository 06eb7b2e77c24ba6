/**
 * The inputs of grant computation as the read model holds them: teams, memberships, tags, and
 * the links around their deals (company, contacts, tasks and notes through taskTargets and
 * noteTargets, the revenue plugin's records through its published read when it is enabled,
 * workspace members). Jobs and handlers act as the project, so these reads go to the views
 * directly (never from a route).
 */
import type { PluginContext } from '../core/plugin/index';
import { readModelTable, readModelView } from '../core/read-model/index';
import { revenueRecordsOfDeals } from '../revenue/index';
import type { DealRow, LinkedRecord, LinkGraph, MemberRow, TargetRow, TeamRow } from './rules/grants';

type Sql = PluginContext['store']['sql'];

export interface TeamInputs {
  readonly teams: TeamRow[];
  /** What the replica shows now: each membership's status and problem, each team's problem. */
  readonly shown: {
    readonly members: Map<string, { status: string | null; problem: string | null }>;
    readonly teams: Map<string, string | null>;
  };
  readonly members: Map<string, MemberRow[]>;
  readonly targets: Map<string, TargetRow[]>;
}

const TARGET_OBJECTS = ['person', 'company', 'opportunity', 'task', 'note'] as const;

const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
};

/** Teams (all, or those named), with their memberships and tags. */
export async function loadTeamInputs(sql: Sql, teamIds?: readonly string[]): Promise<TeamInputs> {
  const only = teamIds ? 'where id = any($1::uuid[])' : '';
  const onlyTeam = teamIds ? 'where team_id = any($1::uuid[])' : '';
  const params = teamIds ? [teamIds] : [];
  const teams = await sql.query<{
    id: string;
    name: string | null;
    opportunity_id: string | null;
    lead_id: string | null;
    problem: string | null;
  }>(
    `select id::text, name, opportunity_id::text, lead_id::text, problem from ${readModelView('projectTeam')} ${only}`,
    params,
  );
  const members = await sql.query<{
    id: string;
    team_id: string | null;
    member_id: string | null;
    access_level: string | null;
    valid_from: string | null;
    valid_to: string | null;
    status: string | null;
    problem: string | null;
    created_at: string | null;
  }>(
    `select id::text, team_id::text, member_id::text, access_level, valid_from::text, valid_to::text, status,
            problem, created_at::text from ${readModelView('projectTeamMember')} ${onlyTeam}`,
    params,
  );
  const targets = await sql.query<Record<string, string | null> & { id: string; team_id: string | null }>(
    `select id::text, team_id::text, person_id::text, company_id::text, opportunity_id::text, task_id::text,
            note_id::text, target_object, target_record_id from ${readModelView('projectTeamTarget')} ${onlyTeam}`,
    params,
  );
  const memberMap = new Map<string, MemberRow[]>();
  for (const m of members.rows) {
    if (!m.team_id) continue;
    push(memberMap, m.team_id, {
      id: m.id,
      teamId: m.team_id,
      memberId: m.member_id,
      accessLevel: m.access_level,
      validFrom: m.valid_from,
      validTo: m.valid_to,
      status: m.status,
      createdAt: m.created_at,
    });
  }
  const targetMap = new Map<string, TargetRow[]>();
  for (const t of targets.rows) {
    if (!t.team_id) continue;
    for (const object of TARGET_OBJECTS) {
      const id = t[`${object === 'opportunity' ? 'opportunity' : object}_id`];
      if (id) push(targetMap, t.team_id, { id: t.id, teamId: t.team_id, objectName: object, recordId: id });
    }
    if (t.target_object && t.target_record_id)
      push(targetMap, t.team_id, {
        id: t.id,
        teamId: t.team_id,
        objectName: t.target_object,
        recordId: t.target_record_id,
      });
  }
  return {
    shown: {
      members: new Map(members.rows.map((m) => [m.id, { status: m.status, problem: m.problem }])),
      teams: new Map(teams.rows.map((t) => [t.id, t.problem])),
    },
    teams: teams.rows.map((t) => ({
      id: t.id,
      name: t.name,
      opportunityId: t.opportunity_id,
      leadId: t.lead_id,
    })),
    members: memberMap,
    targets: targetMap,
  };
}

/** An in-memory link graph (the bench builds one directly). */
export function memoryGraph(input: {
  deals: Iterable<DealRow>;
  people?: Iterable<{ id: string; companyId: string | null }>;
  taskLinks?: Iterable<{ taskId: string; dealId: string }>;
  noteLinks?: Iterable<{ noteId: string; dealId: string }>;
  revenue?: Iterable<LinkedRecord & { dealId: string }>;
  /** null: every member counts as active. */
  activeMembers?: ReadonlySet<string> | null;
  deletedMembers?: ReadonlySet<string>;
}): LinkGraph {
  const deals = new Map<string, DealRow>();
  for (const d of input.deals) deals.set(d.id, d);
  const people = new Map<string, string[]>();
  for (const p of input.people ?? []) if (p.companyId) push(people, p.companyId, p.id);
  const tasks = new Map<string, string[]>();
  for (const t of input.taskLinks ?? []) push(tasks, t.dealId, t.taskId);
  const notes = new Map<string, string[]>();
  for (const n of input.noteLinks ?? []) push(notes, n.dealId, n.noteId);
  const revenue = new Map<string, LinkedRecord[]>();
  for (const r of input.revenue ?? [])
    push(revenue, r.dealId, { objectName: r.objectName, recordId: r.recordId });
  const active = input.activeMembers ?? null;
  const deleted = input.deletedMembers ?? new Set<string>();
  const none: readonly never[] = [];
  return {
    deal: (id) => deals.get(id),
    peopleOfCompany: (id) => people.get(id) ?? none,
    tasksOfDeal: (id) => tasks.get(id) ?? none,
    notesOfDeal: (id) => notes.get(id) ?? none,
    revenueOfDeal: (id) => revenue.get(id) ?? none,
    memberActive: (id) => !deleted.has(id) && (active === null || active.has(id)),
  };
}

/** The links around the named deals (all deals when omitted). */
export async function loadLinkGraph(sql: Sql, dealIds?: readonly string[]): Promise<LinkGraph> {
  const params = dealIds ? [dealIds] : [];
  const dealFilter = (column: string) => (dealIds ? `${column} = any($1::uuid[])` : 'true');
  const deals = await sql.query<{
    id: string;
    name: string | null;
    company_id: string | null;
    point_of_contact_id: string | null;
    owner_id: string | null;
  }>(
    `select id::text, name, company_id::text, point_of_contact_id::text, owner_id::text
       from ${readModelView('opportunity')} where ${dealFilter('id')}`,
    params,
  );
  const companies = [...new Set(deals.rows.map((d) => d.company_id).filter((c): c is string => !!c))];
  const ids = deals.rows.map((d) => d.id);
  // One round trip for the links: contacts of the companies, tasks and notes of the deals.
  const links = await sql.query<{ kind: string; id: string; owner: string }>(
    `select 'person' as kind, id::text, company_id::text as owner from ${readModelView('person')}
      where company_id = any($1::uuid[])
     union all
     select 'task', t.task_id::text, t.opportunity_id::text from ${readModelView('taskTarget')} t
       join ${readModelView('task')} k on k.id = t.task_id
      where t.opportunity_id is not null and ${dealIds ? 't.opportunity_id = any($2::uuid[])' : 'true'}
     union all
     select 'note', t.note_id::text, t.opportunity_id::text from ${readModelView('noteTarget')} t
       join ${readModelView('note')} n on n.id = t.note_id
      where t.opportunity_id is not null and ${dealIds ? 't.opportunity_id = any($2::uuid[])' : 'true'}`,
    dealIds ? [companies, ids] : [companies],
  );
  const people = {
    rows: links.rows.filter((l) => l.kind === 'person').map((l) => ({ id: l.id, company_id: l.owner })),
  };
  const tasks = {
    rows: links.rows.filter((l) => l.kind === 'task').map((l) => ({ task_id: l.id, deal_id: l.owner })),
  };
  const notes = {
    rows: links.rows.filter((l) => l.kind === 'note').map((l) => ({ note_id: l.id, deal_id: l.owner })),
  };
  // Revenue's published read (teams `uses` revenue): no records when revenue is not enabled.
  const revenue = await revenueRecordsOfDeals(sql, dealIds);
  const members = await sql.query<{ id: string; deleted: boolean }>(
    `select id::text, deleted_at is not null as deleted from ${readModelTable('workspaceMember')}`,
  );
  const live = members.rows.filter((m) => !m.deleted).map((m) => m.id);
  return memoryGraph({
    deals: deals.rows.map((d) => ({
      id: d.id,
      name: d.name,
      companyId: d.company_id,
      pointOfContactId: d.point_of_contact_id,
      ownerId: d.owner_id,
    })),
    people: people.rows.map((p) => ({ id: p.id, companyId: p.company_id })),
    taskLinks: tasks.rows.map((t) => ({ taskId: t.task_id, dealId: t.deal_id })),
    noteLinks: notes.rows.map((n) => ({ noteId: n.note_id, dealId: n.deal_id })),
    revenue,
    // Before the members are replicated at all, nobody is taken for deactivated.
    activeMembers: live.length > 0 ? new Set(live) : null,
    deletedMembers: new Set(members.rows.filter((m) => m.deleted).map((m) => m.id)),
  });
}
