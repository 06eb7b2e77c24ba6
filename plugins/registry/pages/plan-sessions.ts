/**
 * Import plans between preview and confirm, kept on the server: the browser
 * only ever holds an id, so what gets applied is exactly what was validated
 * here, never a plan posted back. In memory (the app server is the one place
 * uploads arrive), bounded in count and age; a plan expires an hour after its
 * last use unless it is being applied.
 */
import { randomUUID } from 'node:crypto';
import type { ImportPlan, ImportResult, ParsedWorkbook } from '../import/index';

export const PLAN_TTL_MS = 60 * 60 * 1000;
export const MAX_PLANS = 50;

export type PlanState = 'planned' | 'applying' | 'applied' | 'failed';

export interface PlanSession {
  id: string;
  parsed: ParsedWorkbook;
  plan: ImportPlan;
  /** The staff member who uploaded it; only they (or an admin) may apply it. */
  ownerId: string;
  state: PlanState;
  progress: { done: number; total: number };
  result?: ImportResult;
  error?: string;
  /** Set while applying: aborting it starts no new chunk (the ones on their way finish). */
  abort?: AbortController;
  createdAt: number;
  touchedAt: number;
}

export interface PlanSessions {
  add(input: { parsed: ParsedWorkbook; plan: ImportPlan; ownerId: string }): PlanSession;
  get(id: string): PlanSession | undefined;
  size(): number;
}

export function createPlanSessions(now: () => number = Date.now): PlanSessions {
  const sessions = new Map<string, PlanSession>();
  const prune = () => {
    const t = now();
    for (const [id, s] of sessions)
      if (s.state !== 'applying' && t - s.touchedAt > PLAN_TTL_MS) sessions.delete(id);
    // Oldest idle plans go first when uploads pile up; a running apply is never dropped.
    const idle = [...sessions.values()]
      .filter((s) => s.state !== 'applying')
      .sort((a, b) => a.touchedAt - b.touchedAt);
    while (sessions.size > MAX_PLANS && idle.length > 0) sessions.delete((idle.shift() as PlanSession).id);
  };
  return {
    add({ parsed, plan, ownerId }) {
      const t = now();
      const session: PlanSession = {
        id: randomUUID(),
        parsed,
        plan,
        ownerId,
        state: 'planned',
        progress: { done: 0, total: plan.counts.create + plan.counts.update + plan.counts.pendingApproval },
        createdAt: t,
        touchedAt: t,
      };
      sessions.set(session.id, session);
      prune();
      return session;
    },
    get(id) {
      prune();
      const session = sessions.get(id);
      if (session) session.touchedAt = now();
      return session;
    },
    size: () => sessions.size,
  };
}
