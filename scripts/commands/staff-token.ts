// `realty staff-token --member EMAIL [--role ROLE] [--ttl 8h]`

import { issueStaffToken, type StaffRole } from '../../plugins/core/auth/index';
import { eq } from '../../sdk/filter';
import { createTwentyClient } from '../../sdk/index';
import { cliContext, signInLink } from '../cli-runtime';
import { CliUsageError, printJson, say } from '../cli-support';
import { connectTwenty } from '../workspace';

export async function staffTokenCommand(opts: {
  member: string;
  role: string;
  ttl: string;
  json?: boolean;
}): Promise<void> {
  const ctx = cliContext();
  const twenty = await connectTwenty(ctx.config);
  const client = createTwentyClient({ url: twenty.url, apiKey: twenty.apiKey });
  const found = await client
    .records('workspaceMember')
    .list({ filter: eq('userEmail', opts.member), limit: 2 });
  const member = found.records[0];
  if (!member) throw new CliUsageError(`no workspace member with e-mail ${opts.member} in ${twenty.url}`);
  const token = issueStaffToken(
    { memberId: member.id, email: opts.member, role: opts.role as StaffRole },
    { secret: ctx.secrets.staffSecret, ttl: opts.ttl },
  );
  const link = signInLink(ctx.config.publicUrl, token);
  if (opts.json)
    printJson({ token, link, member: { id: member.id, email: opts.member }, role: opts.role, ttl: opts.ttl });
  else {
    say(`staff token for ${opts.member} (${opts.role}, ${opts.ttl}):`);
    process.stdout.write(`${token}\n`);
    say(`sign-in link: ${link}`);
  }
}
