/**
 * Whether a staff member is still in the Twenty workspace, asked on every
 * session or bearer use and remembered for at most `ttlMs` (default a minute):
 * a member removed in Twenty is refused within that window, and a busy page
 * costs Twenty one request per member a minute, not one per click.
 */

export const DEFAULT_MEMBER_CHECK_TTL_MS = 60_000;

/** `active`: the member exists and is not deleted; `removed`: it does not (any more). */
export type MemberStatus = 'active' | 'removed';

export interface MemberCheck {
  /** Throws what the lookup throws when Twenty cannot say and nothing fresh is remembered. */
  statusOf(memberId: string): Promise<MemberStatus>;
}

export function createMemberCheck(options: {
  lookup: (memberId: string) => Promise<MemberStatus>;
  ttlMs?: number;
  /** Members not in the workspace by design (the CLI's operator): always active. */
  exempt?: readonly string[];
  now?: () => number;
}): MemberCheck {
  const ttlMs = options.ttlMs ?? DEFAULT_MEMBER_CHECK_TTL_MS;
  const now = options.now ?? (() => Date.now());
  const exempt = new Set(options.exempt ?? []);
  const known = new Map<string, { status: MemberStatus; at: number }>();
  const pending = new Map<string, Promise<MemberStatus>>();
  return {
    async statusOf(memberId) {
      if (exempt.has(memberId)) return 'active';
      const cached = known.get(memberId);
      if (cached && now() - cached.at < ttlMs) return cached.status;
      // Concurrent requests of one member share one lookup.
      let asking = pending.get(memberId);
      if (!asking) {
        asking = options.lookup(memberId).then(
          (status) => {
            known.set(memberId, { status, at: now() });
            pending.delete(memberId);
            return status;
          },
          (error: unknown) => {
            pending.delete(memberId);
            throw error;
          },
        );
        pending.set(memberId, asking);
      }
      return asking;
    },
  };
}
