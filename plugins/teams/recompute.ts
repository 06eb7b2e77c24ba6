/**
 * Recomputation: the grants of some teams (or all) from the read model, compared with what the
 * plugin last wrote (its `teams_grant` table), and only the difference written to Twenty —
 * recordAccessGrant rows created, updated or destroyed, the `teamAccess` field of every record
 * whose grantees changed, each membership's status and each team's problem. Webhook handlers
 * call it for the teams an event touches; the sweep job for the teams whose inputs changed, and
 * hourly for all.
 */
import { randomUUID } from 'node:crypto';
import { type PluginContext, uuidV5 } from '../core/plugin/index';
import { readModelView } from '../core/read-model/index';
import { loadLinkGraph, loadTeamInputs } from './graph';
import {
  diffGrants,
  type Grant,
  grantKey,
  moscowDate,
  type StoredGrantState,
  teamGrants,
} from './rules/grants';
import { TEAM_MARKER_COLUMNS } from './schema';
import { TEAM_PAGE_LABEL, teamPageUrl } from './team-links';
import { ACCESS_LEVEL_RU, type AccessLevel, COVERED_OBJECTS, OBJECT_RU } from './vocabulary';

type Sql = PluginContext['store']['sql'];

export const GRANTS_TABLE = 'teams_grant';

export const teamsStorageMigration = {
  id: '001-teams-grant-table',
  description: 'the grants the teams plugin has written to Twenty',
  async run(ctx: PluginContext) {
    await ctx.store.sql.exec(`
      create table if not exists ${GRANTS_TABLE} (
        id uuid primary key,
        member_id uuid not null,
        member_row_id uuid not null,
        team_id uuid not null,
        deal_id uuid,
        object_name text not null,
        record_id text not null,
        level text not null,
        reason text not null,
        expires_at text,
        written_at timestamptz not null default now()
      );
      create unique index if not exists ${GRANTS_TABLE}_cause on ${GRANTS_TABLE} (member_id, object_name, record_id, team_id);
      create index if not exists ${GRANTS_TABLE}_team on ${GRANTS_TABLE} (team_id);
      create index if not exists ${GRANTS_TABLE}_record on ${GRANTS_TABLE} (object_name, record_id);
      create index if not exists ${GRANTS_TABLE}_member on ${GRANTS_TABLE} (member_id);
      create index if not exists ${GRANTS_TABLE}_member_row on ${GRANTS_TABLE} (member_row_id);
      create table if not exists teams_checkpoint (name text primary key, at timestamptz not null);
      create table if not exists teams_member_flag (member_row_id uuid primary key, status text not null, at timestamptz not null default now());`);
  },
};

export interface RecomputeSummary {
  teams: number;
  created: number;
  updated: number;
  removed: number;
  teamAccessUpdated: number;
  membersFlagged: number;
}

interface StoredGrant {
  id: string;
  member_id: string | null;
  team_id: string | null;
  level: string | null;
  reason: string | null;
  expires_at: string | null;
  object_name: string;
  record_id: string;
}

const RELATION_OF: Readonly<Record<string, string>> = {
  opportunity: 'opportunityId',
  company: 'companyId',
  person: 'personId',
  task: 'taskId',
  note: 'noteId',
};

/** A grant as a recordAccessGrant record in Twenty. */
export function grantRecord(g: Grant & { id: string }): Record<string, unknown> {
  const relation = RELATION_OF[g.objectName];
  return {
    id: g.id,
    name: `${ACCESS_LEVEL_RU[g.level as AccessLevel]} · ${OBJECT_RU[g.objectName] ?? g.objectName}`,
    memberId: g.memberId,
    objectName: g.objectName,
    recordId: g.recordId,
    level: g.level,
    reason: g.reason,
    teamId: g.teamId,
    expiresAt: g.expiresAt,
    ...(relation ? { [relation]: g.recordId } : {}),
  };
}

async function storeGrants(sql: Sql, writes: readonly (Grant & { id: string })[]): Promise<void> {
  await sql.transaction(async (tx) => {
    for (let i = 0; i < writes.length; i += 500) {
      const chunk = writes.slice(i, i + 500);
      await tx.query(
        `insert into ${GRANTS_TABLE} (id, member_id, member_row_id, team_id, deal_id, object_name, record_id, level, reason, expires_at)
           select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
           on conflict (member_id, object_name, record_id, team_id) do update set id = excluded.id,
             member_row_id = excluded.member_row_id, level = excluded.level,
             reason = excluded.reason, expires_at = excluded.expires_at, written_at = now()`,
        [
          chunk.map((g) => g.id),
          chunk.map((g) => g.memberId),
          chunk.map((g) => g.memberRowId),
          chunk.map((g) => g.teamId),
          chunk.map((g) => g.dealId),
          chunk.map((g) => g.objectName),
          chunk.map((g) => g.recordId),
          chunk.map((g) => g.level),
          chunk.map((g) => g.reason),
          chunk.map((g) => g.expiresAt),
        ],
      );
    }
  });
}

/** Teams whose grants exist in storage but are unknown to the read model (deleted teams). */
async function storedTeams(sql: Sql): Promise<string[]> {
  const r = await sql.query<{ team_id: string }>(`select distinct team_id::text from ${GRANTS_TABLE}`);
  return r.rows.map((row) => row.team_id);
}

async function destroyGrants(ctx: PluginContext, ids: readonly string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 80) {
    const chunk = ids.slice(i, i + 80);
    await ctx.twenty.request({
      method: 'DELETE',
      path: '/rest/recordAccessGrants',
      query: { filter: `id[in]:[${chunk.join(',')}]` },
    });
  }
}

/** Recomputes the named teams (`all`: every team, and drops the grants of teams that are gone). */
export async function recomputeTeams(
  ctx: PluginContext,
  teamIds: readonly string[] | 'all',
  options: {
    /** Membership statuses just decided by a handler (the read model shows them only after the echo). */
    statusOverrides?: ReadonlyMap<string, string>;
    /** Count what would change (grants, flagged members) and write nothing. */
    dryRun?: boolean;
  } = {},
): Promise<RecomputeSummary> {
  return serialised(ctx.store, () =>
    recompute(ctx, teamIds, options.statusOverrides, options.dryRun === true),
  );
}

const running = new WeakMap<object, Promise<unknown>>();

/**
 * One recomputation at a time per store in this process: two handlers recomputing the same team
 * concurrently could otherwise write an older state after a newer one.
 */
function serialised<T>(key: object, run: () => Promise<T>): Promise<T> {
  const before = running.get(key) ?? Promise.resolve();
  const next = before.then(run, run);
  running.set(
    key,
    next.catch(() => undefined),
  );
  return next;
}

async function recompute(
  ctx: PluginContext,
  teamIds: readonly string[] | 'all',
  statusOverrides: ReadonlyMap<string, string> | undefined,
  dryRun = false,
): Promise<RecomputeSummary> {
  const sql = ctx.store.sql;
  const now = ctx.clock.now();
  const today = moscowDate(now);
  const inputs = await loadTeamInputs(sql, teamIds === 'all' ? undefined : teamIds);
  // ABOVE_ADDER is decided by handlers (only they know the adder) and kept in the plugin's table;
  // the replica's status may lag behind it.
  const flags = new Map(
    (
      await sql.query<{ id: string; status: string }>(
        'select member_row_id::text as id, status from teams_member_flag',
      )
    ).rows.map((r) => [r.id, r.status]),
  );
  for (const [team, rows] of inputs.members)
    inputs.members.set(
      team,
      rows.map((m) => {
        const status =
          statusOverrides?.get(m.id) ?? flags.get(m.id) ?? (m.status === 'ABOVE_ADDER' ? 'ACTIVE' : m.status);
        return { ...m, status };
      }),
    );
  const scope =
    teamIds === 'all'
      ? [...new Set([...inputs.teams.map((t) => t.id), ...(await storedTeams(sql))])]
      : [...teamIds];
  const summary: RecomputeSummary = {
    teams: scope.length,
    created: 0,
    updated: 0,
    removed: 0,
    teamAccessUpdated: 0,
    membersFlagged: 0,
  };
  if (scope.length === 0) return summary;
  const dealIds = [...new Set(inputs.teams.map((t) => t.opportunityId).filter((d): d is string => !!d))];
  const graph = await loadLinkGraph(sql, teamIds === 'all' ? undefined : dealIds);

  const desired: Grant[] = [];
  const memberFixes: { id: string; status: string; problem: string | null }[] = [];
  const teamFixes: { id: string; problem: string | null }[] = [];
  const known = inputs.shown;
  for (const team of inputs.teams) {
    const result = teamGrants(
      team,
      inputs.members.get(team.id) ?? [],
      inputs.targets.get(team.id) ?? [],
      graph,
      today,
    );
    desired.push(...result.grants);
    for (const [id, verdict] of result.members) {
      const was = known.members.get(id);
      if (!was || was.status !== verdict.status || (was.problem ?? null) !== verdict.problem)
        memberFixes.push({ id, status: verdict.status, problem: verdict.problem });
    }
    if ((known.teams.get(team.id) ?? null) !== result.teamProblem)
      teamFixes.push({ id: team.id, problem: result.teamProblem });
  }

  // A full run compares with what Twenty holds (the replica), so grants lost or added by hand are
  // repaired too; an incremental one with what the plugin wrote (fresh, unlike the replica).
  const stored =
    teamIds === 'all'
      ? await sql.query<StoredGrant>(
          `select id::text, member_id::text, team_id::text, level, reason, expires_at::text as expires_at, object_name, record_id
             from ${readModelView('recordAccessGrant')} order by created_at, id`,
        )
      : await sql.query<StoredGrant>(
          `select id::text, member_id::text, team_id::text, level, reason, expires_at, object_name, record_id
             from ${GRANTS_TABLE} where team_id = any($1::uuid[])`,
          [scope],
        );
  const current = new Map<string, StoredGrantState>();
  const duplicates: string[] = [];
  for (const r of stored.rows) {
    const key = grantKey(r.member_id ?? '', r.object_name, r.record_id, r.team_id ?? '');
    if (current.has(key)) {
      duplicates.push(r.id);
      continue;
    }
    // The replica's timestamps come back in the database's format: compare instants.
    const expiresAt = r.expires_at && teamIds === 'all' ? new Date(r.expires_at).toISOString() : r.expires_at;
    current.set(key, { id: r.id, level: r.level ?? '', reason: r.reason ?? '', expiresAt });
  }
  const diff = diffGrants(current, desired, duplicates);
  if (dryRun)
    return {
      ...summary,
      created: diff.create.length,
      updated: diff.update.length,
      removed: diff.remove.length,
      membersFlagged: memberFixes.filter((f) => f.status !== 'ACTIVE').length,
    };

  const records = ctx.twenty.records('recordAccessGrant');
  const writes = [...diff.create.map((g) => ({ ...g, id: randomUUID() })), ...diff.update];
  if (writes.length > 0) {
    await records.createMany(writes.map(grantRecord), { upsert: true });
    await storeGrants(sql, writes);
  }
  const removing = new Set(diff.remove);
  const removed = stored.rows.filter((r) => removing.has(r.id));
  if (diff.remove.length > 0) {
    await destroyGrants(ctx, diff.remove);
    await sql.query(`delete from ${GRANTS_TABLE} where id = any($1::uuid[])`, [diff.remove]);
  }
  if (teamIds === 'all') {
    // Storage follows Twenty after a full run: what it holds now, by cause.
    const kept = desired.flatMap((g) => {
      const state = current.get(g.key);
      return state ? [{ ...g, id: state.id }] : [];
    });
    const gone = await sql.query<{ object_name: string; record_id: string }>(
      `delete from ${GRANTS_TABLE} where not (id = any($1::uuid[])) returning object_name, record_id`,
      [[...kept.map((g) => g.id), ...writes.map((g) => g.id)]],
    );
    for (const r of gone.rows)
      removed.push({
        ...r,
        id: '',
        member_id: null,
        team_id: null,
        level: null,
        reason: null,
        expires_at: null,
      });
    if (kept.length > 0) await storeGrants(sql, kept);
  }
  summary.created = diff.create.length;
  summary.updated = diff.update.length;
  summary.removed = diff.remove.length;

  // Every record the teams reach (a renamed team or a member's department changes their markers
  // without changing a grant) and every record that lost a grant.
  const touched = new Map<string, { objectName: string; recordId: string }>();
  for (const g of [...desired, ...removed.map((r) => ({ objectName: r.object_name, recordId: r.record_id }))])
    touched.set(`${g.objectName}:${g.recordId}`, { objectName: g.objectName, recordId: g.recordId });
  summary.teamAccessUpdated = await syncTeamAccess(ctx, [...touched.values()]);

  for (const fix of memberFixes) {
    await ctx.twenty
      .records('projectTeamMember')
      .update(fix.id, { status: fix.status, problem: fix.problem });
    if (fix.status !== 'ACTIVE') summary.membersFlagged += 1;
  }
  // Every deal with a team links to its team page from Twenty.
  const unlinked = await sql.query<{ id: string }>(
    `select id::text from ${readModelView('opportunity')}
      where id = any($1::uuid[]) and coalesce(project_team_page_primary_link_url, '') = ''`,
    [dealIds],
  );
  for (const deal of unlinked.rows)
    await ctx.twenty.records('opportunity').update(deal.id, {
      projectTeamPage: {
        primaryLinkUrl: teamPageUrl(ctx.config.publicUrl, deal.id),
        primaryLinkLabel: TEAM_PAGE_LABEL,
        secondaryLinks: null,
      },
    });
  for (const fix of teamFixes)
    await ctx.twenty.records('projectTeam').update(fix.id, { problem: fix.problem });
  return summary;
}

/**
 * Objects of other plugins that carry the readable markers (`...teamMarkerFields()` in their
 * schema): found once per store from the replica's views, so the teams plugin keeps them without
 * knowing those plugins.
 */
const markerViews = new WeakMap<object, Promise<Set<string>>>();

async function viewsWithMarkers(sql: Sql): Promise<Set<string>> {
  let found = markerViews.get(sql);
  if (!found) {
    found = sql
      .query<{ name: string }>(
        `select table_name::text as name from information_schema.columns
          where table_schema = current_schema() and column_name = $1`,
        [TEAM_MARKER_COLUMNS.teams],
      )
      .then((r) => new Set(r.rows.map((row) => row.name)));
    markerViews.set(sql, found);
  }
  return found;
}

/**
 * Brings each record's team fields up to date with its grants, where they differ from what the
 * read model shows: `teamAccess` (the grantees' member ids, on the five covered standard objects)
 * and the readable markers `teamNames` / `departmentNames` (the granting teams' names, the
 * departments of the members holding grants) on those and on other plugins' objects declaring them.
 */
export async function syncTeamAccess(
  ctx: PluginContext,
  records: readonly { objectName: string; recordId: string }[],
): Promise<number> {
  const sql = ctx.store.sql;
  const present = new Set(records.map((r) => r.objectName));
  const covered = new Set<string>(COVERED_OBJECTS);
  const withMarkers = await viewsWithMarkers(sql);
  const objects = [...present].filter(
    (o) => covered.has(o) || (/^[a-z][A-Za-z0-9]*$/.test(o) && withMarkers.has(readModelView(o))),
  );
  if (objects.length === 0) return 0;
  const ids = new Map<string, string[]>();
  for (const object of objects)
    ids.set(object, [...new Set(records.filter((r) => r.objectName === object).map((r) => r.recordId))]);
  const params: unknown[] = [];
  // Each touched record's fields as the replica shows them (one round trip)…
  const parts = objects.map((object) => {
    params.push(ids.get(object));
    const access = covered.has(object) ? 'v.team_access' : 'null::text[]';
    return `select '${object}' as object, v.id::text, ${access} as team_access,
              v.${TEAM_MARKER_COLUMNS.teams} as team_names, v.${TEAM_MARKER_COLUMNS.departments} as department_names
         from ${readModelView(object)} v where v.id = any($${params.length}::uuid[])`;
  });
  const shown = await sql.query<{
    object: string;
    id: string;
    team_access: string[] | null;
    team_names: string | null;
    department_names: string | null;
  }>(parts.join('\n union all\n'), params);
  // …and every grant they hold now (any team), with the teams' names and the members' departments.
  const held = await sql.query<{
    object_name: string;
    record_id: string;
    member_id: string;
    team_id: string;
    member_row_id: string;
  }>(
    `select object_name, record_id, member_id::text, team_id::text, member_row_id::text from ${GRANTS_TABLE}
      where object_name = any($1::text[]) and record_id = any($2::text[])`,
    [objects, [...new Set([...ids.values()].flat())]],
  );
  const teamIds = [...new Set(held.rows.map((g) => g.team_id))];
  const rowIds = [...new Set(held.rows.map((g) => g.member_row_id))];
  const names = new Map(
    (
      await sql.query<{ id: string; name: string | null }>(
        `select id::text, name from ${readModelView('projectTeam')} where id = any($1::uuid[])`,
        [teamIds],
      )
    ).rows.map((t) => [t.id, t.name?.trim() ?? '']),
  );
  const departments = new Map(
    (
      await sql.query<{ id: string; department: string | null }>(
        `select id::text, department from ${readModelView('projectTeamMember')} where id = any($1::uuid[])`,
        [rowIds],
      )
    ).rows.map((m) => [m.id, m.department?.trim() ?? '']),
  );
  const want = new Map<string, { grantees: Set<string>; teams: Set<string>; departments: Set<string> }>();
  for (const g of held.rows) {
    const key = `${g.object_name}:${g.record_id}`;
    const entry = want.get(key) ?? { grantees: new Set(), teams: new Set(), departments: new Set() };
    want.set(key, entry);
    entry.grantees.add(g.member_id);
    const team = names.get(g.team_id);
    if (team) entry.teams.add(team);
    const department = departments.get(g.member_row_id);
    if (department) entry.departments.add(department);
  }
  const joined = (values: Set<string> | undefined) =>
    [...(values ?? [])].sort((a, b) => a.localeCompare(b, 'ru')).join(', ');
  let updated = 0;
  for (const object of objects) {
    const changed: Record<string, unknown>[] = [];
    for (const row of shown.rows) {
      if (row.object !== object) continue;
      const w = want.get(`${object}:${row.id}`);
      const patch: Record<string, unknown> = {};
      if (covered.has(object)) {
        const grantees = [...(w?.grantees ?? [])].sort();
        const have = [...(row.team_access ?? [])].sort();
        if (!(grantees.length === have.length && grantees.every((v, i) => v === have[i])))
          patch.teamAccess = grantees;
      }
      const teams = joined(w?.teams);
      const deps = joined(w?.departments);
      if ((row.team_names ?? '') !== teams) patch.teamNames = teams;
      if ((row.department_names ?? '') !== deps) patch.departmentNames = deps;
      if (Object.keys(patch).length > 0) changed.push({ id: row.id, ...patch });
    }
    // An upsert by id writes only the fields given: one request per 60 records, not one each.
    if (changed.length > 0) await ctx.twenty.records(object).createMany(changed, { upsert: true });
    updated += changed.length;
  }
  return updated;
}

/** Every team whose grants a changed record may alter: by its links now, and by the grants it holds. */
export async function teamsAffectedBy(
  sql: Sql,
  objectName: string,
  record: Record<string, unknown> & { id: string },
): Promise<string[]> {
  const teams = new Set<string>();
  const add = (rows: { team_id: string | null }[]) => {
    for (const r of rows) if (r.team_id) teams.add(r.team_id);
  };
  const id = record.id;
  const str = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : null);
  const teamsOfDeals = async (deals: readonly (string | null)[]) => {
    const list = deals.filter((d): d is string => !!d);
    if (list.length === 0) return;
    add(
      (
        await sql.query<{ team_id: string }>(
          `select id::text as team_id from ${readModelView('projectTeam')} where opportunity_id = any($1::uuid[])`,
          [list],
        )
      ).rows,
    );
  };
  // The grants the record holds now: whatever happened to it, those teams must look again.
  add(
    (
      await sql.query<{ team_id: string }>(
        `select distinct team_id::text from ${GRANTS_TABLE} where object_name = $1 and record_id = $2`,
        [objectName, id],
      )
    ).rows,
  );
  switch (objectName) {
    case 'projectTeam':
      teams.add(id);
      break;
    case 'projectTeamMember':
    case 'projectTeamTarget': {
      const team = str('teamId');
      if (team) teams.add(team);
      const column = objectName === 'projectTeamMember' ? 'member_row_id' : null;
      if (column)
        add(
          (
            await sql.query<{ team_id: string }>(
              `select distinct team_id::text from ${GRANTS_TABLE} where ${column} = $1::uuid`,
              [id],
            )
          ).rows,
        );
      break;
    }
    case 'opportunity':
      await teamsOfDeals([id]);
      break;
    case 'person': {
      const company = str('companyId');
      if (company)
        add(
          (
            await sql.query<{ team_id: string }>(
              `select t.id::text as team_id from ${readModelView('projectTeam')} t
                 join ${readModelView('opportunity')} o on o.id = t.opportunity_id where o.company_id = $1::uuid`,
              [company],
            )
          ).rows,
        );
      break;
    }
    case 'taskTarget':
    case 'noteTarget':
    case 'revenueScenario':
    case 'revenueAllocation':
      await teamsOfDeals([str('opportunityId')]);
      // A target moved away from a deal: the teams holding grants on its task or note.
      for (const [key, object] of [
        ['taskId', 'task'],
        ['noteId', 'note'],
      ] as const) {
        const target = str(key);
        if (target)
          add(
            (
              await sql.query<{ team_id: string }>(
                `select distinct team_id::text from ${GRANTS_TABLE} where object_name = $1 and record_id = $2`,
                [object, target],
              )
            ).rows,
          );
      }
      break;
    case 'revenuePlanLine': {
      const scenario = str('scenarioId');
      if (scenario)
        add(
          (
            await sql.query<{ team_id: string }>(
              `select distinct team_id::text from ${GRANTS_TABLE} where object_name = 'revenueScenario' and record_id = $1`,
              [scenario],
            )
          ).rows,
        );
      break;
    }
    case 'workspaceMember':
      add(
        (
          await sql.query<{ team_id: string }>(
            `select distinct team_id::text from ${readModelView('projectTeamMember')} where member_id = $1::uuid`,
            [id],
          )
        ).rows,
      );
      break;
    default:
      break;
  }
  return [...teams];
}

/** A deterministic id for a tag (projectTeamTarget) of a team on a record: tagging twice tags once. */
export const tagId = (teamId: string, objectName: string, recordId: string) =>
  uuidV5(`teams-tag:${teamId}:${objectName}:${recordId}`);
