/**
 * The app as the teams tests need it: devhost, the runtime with the teams (and holdings) plugins,
 * the webhook pointing at the app so Twenty's events reach the handlers, and helpers to write as
 * a person in Twenty would (optionally as a given workspace member, like a user session), to ask
 * the app as a given member and role, and to read the grants the read model holds.
 */
import { randomUUID } from 'node:crypto';
import { issueStaffToken, type StaffRole } from '../../../plugins/core/auth/staff-token';
import type { PluginContext, PluginDefinition } from '../../../plugins/core/plugin/index';
import { holdingsPlugin } from '../../../plugins/holdings/index';
import { teamsPlugin } from '../../../plugins/teams/index';
import { sweepTeams } from '../../../plugins/teams/jobs';
import { type AppStack, startAppStack, waitFor } from '../../support/app-stack';

export { waitFor };

// biome-ignore lint/suspicious/noExplicitAny: tests read the JSON answers field by field
export type ApiBody = any;

export interface GrantRow {
  id: string;
  member_id: string;
  object_name: string;
  record_id: string;
  level: string;
  reason: string;
  team_id: string;
  expires_at: string | null;
}

export interface TeamsApp extends AppStack {
  ctx: PluginContext;
  /** Writes to Twenty as a person (not the app's own write, so handlers run); `as` = the session's member. */
  rest<T = Record<string, unknown>>(method: string, path: string, body?: unknown, as?: string): Promise<T>;
  create(object: string, plural: string, body: Record<string, unknown>, as?: string): Promise<string>;
  member(first: string, last: string): Promise<string>;
  /** The app's API as a member with a role (answers are probed field by field). */
  api(
    memberId: string,
    role: StaffRole,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: ApiBody }>;
  grants(): Promise<GrantRow[]>;
  /** Waits until the read model's grants satisfy `check`. */
  until(what: string, check: (grants: GrantRow[]) => boolean): Promise<GrantRow[]>;
  sweep(): ReturnType<typeof sweepTeams>;
}

export async function startTeamsApp(
  name: string,
  plugins: readonly PluginDefinition[] = [teamsPlugin, holdingsPlugin],
): Promise<TeamsApp> {
  const stack = await startAppStack({
    name,
    plugins,
    webhook: true,
    publicUrl: 'http://localhost:4998',
    rateLimit: { requestsPerMinute: 60_000, requestsPerSecond: 1_000 },
    devhostRequestsPerMinute: 60_000,
  });
  const rest = async <T>(method: string, path: string, body?: unknown, as?: string): Promise<T> => {
    const res = await fetch(`${stack.devhost.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${stack.devhost.apiKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(as ? { 'x-devhost-workspace-member': as } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : {}) as T;
  };
  const app: TeamsApp = {
    ...stack,
    ctx: stack.runtime.contextFor('teams'),
    rest,
    async create(object, plural, body, as) {
      const id = (body.id as string | undefined) ?? randomUUID();
      const cap = object.charAt(0).toUpperCase() + object.slice(1);
      await rest(`POST`, `/rest/${plural}`, { ...body, id }, as);
      void cap;
      return id;
    },
    async member(first, last) {
      return app.create('workspaceMember', 'workspaceMembers', {
        name: { firstName: first, lastName: last },
        userEmail: `${first.toLowerCase()}@realty.test`,
      });
    },
    async api(memberId, role, method, path, body) {
      const token = issueStaffToken(
        { memberId, email: `${role}-${memberId.slice(0, 6)}@realty.test`, role },
        { secret: stack.staffSecret, ttl: '10m' },
      );
      const res = await fetch(`${stack.server.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // HTML pages stay text.
      }
      return { status: res.status, body: parsed };
    },
    async grants() {
      const r = await stack.runtime.store.sql.query<GrantRow>(
        `select id::text, member_id::text, object_name, record_id, level, reason, team_id::text, expires_at::text
           from rv_record_access_grant order by object_name, record_id`,
      );
      return r.rows;
    },
    async until(what, check) {
      return waitFor(what, async () => {
        const grants = await app.grants();
        return check(grants) ? grants : undefined;
      });
    },
    sweep: () => sweepTeams(stack.runtime.contextFor('teams')),
  };
  return app;
}

/** The grants of one member, as `object:record → level`. */
export function grantsOf(grants: readonly GrantRow[], memberId: string): Map<string, string> {
  return new Map(
    grants.filter((g) => g.member_id === memberId).map((g) => [`${g.object_name}:${g.record_id}`, g.level]),
  );
}
