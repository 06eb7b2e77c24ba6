// `realty staff-token --member EMAIL --role ROLE [--ttl 8h]`: a bearer token for scripts and a one-time
// sign-in link; never admin unless asked for by name. `--revoke EMAIL` ends every session of a member.

import { issueStaffToken, STAFF_ROLES, type StaffRole } from '../../plugins/core/auth/index';
import { pagesFor, STAFF_ROLE_INFO } from '../../plugins/core/pages/index';
import type { RegisteredPage } from '../../plugins/core/plugin/index';
import { eq } from '../../sdk/filter';
import { cliContext, issueSignInCode, revokeStaffSessions, signInLink } from '../cli-runtime';
import { CliUsageError, printJson, say } from '../cli-support';
import { connectTwentyClient } from '../workspace';

/** One line per role: its name, what it is for, and the pages of the enabled plugins it may open. */
export function describeRoles(pages: readonly RegisteredPage[]): string[] {
  const memberId = '00000000-0000-4000-8000-000000000000';
  return STAFF_ROLES.map((role) => {
    const info = STAFF_ROLE_INFO[role];
    const open = pagesFor({ kind: 'staff', memberId, email: '', role }, pages).map(
      (p) => `${p.title.ru} (${p.path})`,
    );
    return `  ${role.padEnd(10)} ${info.ru} — ${info.does}; pages: ${open.length > 0 ? open.join(', ') : 'none yet'}`;
  });
}

export async function staffTokenCommand(opts: {
  member?: string;
  role?: string;
  ttl: string;
  revoke?: string;
  json?: boolean;
}): Promise<void> {
  const ctx = cliContext();
  if (opts.revoke) {
    const ended = await revokeStaffSessions(ctx, opts.revoke);
    if (opts.json) printJson({ revoked: opts.revoke, ended });
    else say(`ended ${ended} session(s) of ${opts.revoke}; their unused sign-in links no longer work`);
    return;
  }
  if (!opts.member)
    throw new CliUsageError('say whose token it is: --member EMAIL (or end sessions with --revoke EMAIL)');
  if (!opts.role) {
    // An admin token by default would hand out every page and the operator API by omission.
    throw new CliUsageError(
      `say which role the token carries: --role ROLE (no role is assumed, admin least of all). The roles:\n${describeRoles(ctx.registry.pages).join('\n')}`,
    );
  }
  const role = opts.role as StaffRole;
  const { twenty, client } = await connectTwentyClient(ctx.config);
  const found = await client
    .records('workspaceMember')
    .list({ filter: eq('userEmail', opts.member), limit: 2 });
  const member = found.records[0];
  if (!member) throw new CliUsageError(`no workspace member with e-mail ${opts.member} in ${twenty.url}`);
  const token = issueStaffToken(
    { memberId: member.id, email: opts.member, role },
    { secret: (await ctx.secrets).staffSecret, ttl: opts.ttl },
  );
  const code = await issueSignInCode(ctx, { memberId: member.id, email: opts.member, role });
  const link = signInLink(ctx.config.publicUrl, code);
  if (opts.json)
    printJson({ token, link, member: { id: member.id, email: opts.member }, role, ttl: opts.ttl });
  else {
    say(`staff token for ${opts.member} (${role}, ${opts.ttl}):`);
    process.stdout.write(`${token}\n`);
    say(`sign-in link (one use, valid 10 minutes): ${link}`);
  }
}
