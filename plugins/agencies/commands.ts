/**
 * `realty agency-token` and `realty agency-user …`: what an admin does for
 * agency users from the command line. With `realty start` running the work
 * goes through the app's admin API (the app holds the store); otherwise
 * through a system context here. Exit codes: 0 done, 2 bad input (named), 1
 * failed.
 */
import type { Command } from 'commander';
import { type CommandContext, defineCommand } from '../core/plugin/index';
import {
  AdminError,
  type AdminPort,
  agencyToken,
  createAgencyUser,
  resetLink,
  setActive,
  setPassword,
  unlockUser,
} from './admin';
import { systemAdminPort } from './admin-ports';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Runs an operation through the app when it runs, else here; prints and returns the exit code. */
async function perform(
  ctx: CommandContext,
  remote: { method: string; path: string; body?: unknown },
  local: (port: AdminPort) => Promise<unknown>,
  show: (result: Record<string, unknown>) => string,
): Promise<number> {
  let result: unknown;
  try {
    const app = await ctx.app();
    if (app) {
      const answer = await app.request<Record<string, unknown>>(remote.method, remote.path, remote.body);
      if (answer.status >= 400) {
        const body = answer.body as { status?: number; code?: string; message?: string; field?: string };
        throw new AdminError(
          answer.status,
          String(body.code ?? 'failed'),
          String(body.message ?? `HTTP ${answer.status}`),
          body.field,
        );
      }
      result = answer.body;
    } else result = await local(systemAdminPort(await ctx.open()));
  } catch (error) {
    if (!(error instanceof AdminError)) throw error;
    if (ctx.jsonOutput)
      ctx.json({
        error: { status: error.status, code: error.code, message: error.message, field: error.field },
      });
    ctx.say(`error: ${error.message}`);
    return error.status < 500 ? 2 : 1;
  }
  if (ctx.jsonOutput) ctx.json(result);
  else ctx.say(show(result as Record<string, unknown>));
  return 0;
}

const emailArgument = (cmd: Command) =>
  cmd
    .argument('<email>', 'the agency user’s e-mail (their sign-in name)')
    .option('--json', 'print the result as JSON on stdout');
const userLine = (r: Record<string, unknown>) => {
  const u = r.user as { email?: string; name?: string; active?: boolean } | undefined;
  return u ? `${u.name ?? ''} <${u.email ?? ''}>${u.active === false ? ' (deactivated)' : ''}` : '';
};

export const agencyTokenCommand = defineCommand({
  name: 'agency-token',
  description: 'issue a partner API token (JWT, ≤ 15 min) for an agency user',
  configure: (cmd) =>
    emailArgument(cmd)
      .option('--ttl <seconds>', 'lifetime in seconds (at most 900; default AGENCIES_TOKEN_TTL_SECONDS)')
      .addHelpText(
        'after',
        '\nExample:\n  realty agency-token anna@etazhi.demo --ttl 600\n  curl -H "Authorization: Bearer $(realty agency-token anna@etazhi.demo)" localhost:4000/partner/v1/units',
      ),
  async run({ args, options }, ctx) {
    const ttl = options.ttl === undefined ? undefined : Number(options.ttl);
    if (ttl !== undefined && (!Number.isInteger(ttl) || ttl < 1 || ttl > 900)) {
      ctx.say(`error: --ttl ${String(options.ttl)}: expected 1–900 seconds`);
      return 2;
    }
    const email = String(args[0]);
    let token = '';
    const code = await perform(
      ctx,
      { method: 'POST', path: '/api/agencies/token', body: { email, ...(ttl ? { ttl } : {}) } },
      (port) => agencyToken(port, email, ttl),
      (r) => {
        token = String(r.token);
        return `token for ${userLine(r)}, valid until ${String(r.expiresAt)}`;
      },
    );
    // The token alone on stdout (for $(…)), the explanation on stderr.
    if (code === 0 && !ctx.jsonOutput) process.stdout.write(`${token}\n`);
    return code;
  },
});

const userCommands = [
  defineCommand({
    name: 'agency-user create',
    description: 'create an agency user (prints a password link unless --password-stdin)',
    configure: (cmd) =>
      emailArgument(cmd)
        .requiredOption('--agency <agency>', 'the agency: its id or exact name')
        .requiredOption('--name <name>', 'the person’s full name')
        .option('--phone <phone>', 'phone number')
        .option('--role <role>', 'AGENT (default) or MANAGER')
        .option('--password-stdin', 'read the initial password from stdin')
        .option('--dry-run', 'check everything, write nothing'),
    async run({ args, options }, ctx) {
      const input = {
        agency: String(options.agency),
        email: String(args[0]),
        name: String(options.name),
        ...(options.phone ? { phone: String(options.phone) } : {}),
        ...(options.role ? { role: String(options.role) } : {}),
        ...(options.passwordStdin ? { password: await readStdin() } : {}),
      };
      const dryRun = options.dryRun === true;
      return perform(
        ctx,
        { method: 'POST', path: '/api/agencies/users', body: { ...input, dryRun } },
        (port) => createAgencyUser(port, input, dryRun),
        (r) =>
          r.dryRun
            ? `dry run: ${input.email} would be created in «${String((r.agency as { name?: string }).name)}»`
            : `created ${userLine(r)}${r.passwordLink ? `\npassword link (send it to them; valid until ${String(r.passwordLinkExpiresAt)}):\n${String(r.passwordLink)}` : ''}`,
      );
    },
  }),
  defineCommand({
    name: 'agency-user set-password',
    description: 'set an agency user’s password from stdin (ends their portal sessions)',
    configure: (cmd) =>
      emailArgument(cmd).addHelpText(
        'after',
        '\nExample:\n  echo "new-secret-pass" | realty agency-user set-password anna@etazhi.demo',
      ),
    async run({ args }, ctx) {
      const email = String(args[0]);
      const password = await readStdin();
      return perform(
        ctx,
        { method: 'POST', path: '/api/agencies/users/password', body: { email, password } },
        (port) => setPassword(port, email, password),
        (r) => `password set for ${userLine(r)}; ${String(r.sessionsEnded)} session(s) ended`,
      );
    },
  }),
  defineCommand({
    name: 'agency-user reset-link',
    description: 'a one-time link for an agency user to set a new password',
    configure: emailArgument,
    async run({ args }, ctx) {
      const email = String(args[0]);
      return perform(
        ctx,
        { method: 'POST', path: '/api/agencies/users/reset-link', body: { email } },
        (port) => resetLink(port, email),
        (r) =>
          `password link for ${userLine(r)} (valid until ${String(r.passwordLinkExpiresAt)}):\n${String(r.passwordLink)}`,
      );
    },
  }),
  ...(['deactivate', 'activate'] as const).map((verb) =>
    defineCommand({
      name: `agency-user ${verb}`,
      description:
        verb === 'deactivate'
          ? 'deactivate an agency user: their sessions end and their tokens stop working at once'
          : 'reactivate an agency user',
      configure: emailArgument,
      async run({ args }, ctx) {
        const email = String(args[0]);
        const active = verb === 'activate';
        return perform(
          ctx,
          { method: 'POST', path: '/api/agencies/users/active', body: { email, active } },
          (port) => setActive(port, email, active),
          (r) => `${verb}d ${userLine(r)}${active ? '' : `; ${String(r.sessionsEnded)} session(s) ended`}`,
        );
      },
    }),
  ),
  defineCommand({
    name: 'agency-user unlock',
    description: 'lift the lock-out of an agency user after wrong passwords',
    configure: emailArgument,
    async run({ args }, ctx) {
      const email = String(args[0]);
      return perform(
        ctx,
        { method: 'POST', path: '/api/agencies/users/unlock', body: { email } },
        (port) => unlockUser(port, email),
        (r) => `unlocked ${userLine(r)}`,
      );
    },
  }),
  defineCommand({
    name: 'agency-user list',
    description: 'list agency users (of one agency with --agency)',
    configure: (cmd) =>
      cmd.option('--agency <agency>', 'an agency id or exact name').option('--json', 'print JSON on stdout'),
    async run({ options }, ctx) {
      const agency = options.agency ? String(options.agency) : undefined;
      return perform(
        ctx,
        {
          method: 'GET',
          path: `/api/agencies/users${agency ? `?agency=${encodeURIComponent(agency)}` : ''}`,
        },
        async (port) => {
          const found = agency ? await port.findAgency(agency) : undefined;
          if (agency && !found)
            throw new AdminError(404, 'agency_not_found', `no agency "${agency}"`, 'agency');
          return { users: await port.listUsers(found?.id) };
        },
        (r) =>
          (r.users as { email: string; name: string; role: string; active: boolean }[])
            .map(
              (u) =>
                `${u.active ? ' ' : '×'} ${u.email.padEnd(32)} ${String(u.role ?? '').padEnd(8)} ${u.name ?? ''}`,
            )
            .join('\n') || 'no agency users',
      );
    },
  }),
];

export const agencyCommands = [agencyTokenCommand, ...userCommands];
