/**
 * Setting a password by a one-time link does what the admin's `agency-user
 * set-password` does: the new hash replaces the old one and clears the
 * lock-out (setCredential), every session of the user ends (whoever held the
 * old password is signed out), and the agency user's `passwordSetAt` in Twenty
 * says when. The link is the authority here — the person following it is
 * signed in to nothing — so the time is written by the project itself through
 * the gateway's bound context, as `gatewayKeys` reads the signing keys.
 */
import { agenciesGateway } from '../gateway/gateway';
import { endSessionsOf, setCredential, spendPasswordLink } from '../gateway/store';

type Storage = Parameters<typeof setCredential>[0];

export interface PasswordSet {
  readonly userId: string;
  readonly sessionsEnded: number;
}

/** Spends the link and sets the password; undefined when the link was used or has expired. */
export async function setPasswordByLink(
  storage: Storage,
  input: { token: string; hash: string; now: Date },
): Promise<PasswordSet | undefined> {
  const userId = await spendPasswordLink(storage, input.token, input.now);
  if (!userId) return undefined;
  await setCredential(storage, userId, input.hash);
  const sessionsEnded = await endSessionsOf(storage, userId);
  const ctx = agenciesGateway.state.ctx;
  if (!ctx) throw new Error('the partner gateway is not bound to a runtime');
  try {
    await ctx.twenty.records('agencyUser').update(userId, { passwordSetAt: input.now.toISOString() });
  } catch (error) {
    // The password is set and the link spent: failing now would leave the person with a spent link
    // and no answer. The date is for the admin's eyes; the log says it is missing.
    ctx.log.warn(
      { err: error, userId },
      'agencies: a password was set by link, but passwordSetAt could not be written to Twenty',
    );
  }
  return { userId, sessionsEnded };
}
