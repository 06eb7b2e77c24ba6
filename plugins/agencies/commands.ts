/**
 * `realty agency-token` and `realty agency-user …` — and the same as
 * `POST /api/operations/agency-token`, `/api/operations/agency-user/…`: what an
 * admin does for agency users, declared once as operations (admin.ts does
 * the work). Core decides whether a command goes through the running app or
 * runs here; commands that write get `--dry-run`. Exit codes: 0 done, 2 bad
 * input (named), 1 failed.
 */
import { z } from 'zod';
import { defineOperation } from '../core/plugin/index';
import {
  ADMIN_OBJECTS,
  agencyToken,
  createAgencyUser,
  resetLink,
  setActive,
  setPassword,
  unlockUser,
  usersOf,
} from './admin';

const ADMIN = ['admin'] as const;
const email = z.string().describe('the agency user’s e-mail (their sign-in name)');

interface UserResult {
  user?: { email?: string | null; name?: string | null; active?: boolean };
  dryRun?: boolean;
  sessionsEnded?: number;
}
const userLine = (r: UserResult) => {
  const u = r.user;
  return u ? `${u.name ?? ''} <${u.email ?? ''}>${u.active === false ? ' (деактивирован)' : ''}` : '';
};
const dry = (r: UserResult, text: string) => (r.dryRun ? `пробный прогон: ${text}` : text);

export const agencyTokenOperation = defineOperation({
  name: 'agency-token',
  description: 'issue a partner API token (JWT, ≤ 15 min) for an agency user (the token alone on stdout)',
  roles: ADMIN,
  input: z.object({
    email,
    ttl: z
      .number()
      .int()
      .optional()
      .describe('lifetime in seconds (at most 900; default AGENCIES_TOKEN_TTL_SECONDS)'),
  }),
  args: ['email'],
  writes: false,
  objects: ADMIN_OBJECTS,
  run: (input, ctx) => agencyToken(ctx, input.email, input.ttl),
  render: (r) => `токен для ${userLine(r)}, действует до ${r.expiresAt}`,
  // The token alone on stdout, for $(realty agency-token …).
  print: (r) => r.token,
});

const userOperations = [
  defineOperation({
    name: 'agency-user create',
    description: 'create an agency user (prints a password link unless --password-stdin)',
    roles: ADMIN,
    input: z.object({
      email,
      agency: z.string().describe('the agency: its id or exact name'),
      name: z.string().describe('the person’s full name'),
      phone: z.string().optional().describe('phone number'),
      role: z.string().optional().describe('AGENT (default) or MANAGER'),
      password: z.string().optional().describe('the initial password'),
    }),
    args: ['email'],
    stdin: 'password',
    writes: true,
    objects: ADMIN_OBJECTS,
    run: (input, ctx) => createAgencyUser(ctx, input),
    render: (r, input) => {
      if ('dryRun' in r) return `пробный прогон: ${input.email} будет создан в «${r.agency.name}»`;
      const link =
        'passwordLink' in r
          ? `\nссылка для пароля (отправьте её человеку; действует до ${r.passwordLinkExpiresAt}):\n${r.passwordLink}`
          : '';
      return `создан ${userLine(r)}${link}`;
    },
  }),
  defineOperation({
    name: 'agency-user set-password',
    description: 'set an agency user’s password from stdin (ends their portal sessions)',
    roles: ADMIN,
    input: z.object({ email, password: z.string() }),
    args: ['email'],
    stdin: 'password',
    writes: true,
    objects: ADMIN_OBJECTS,
    run: (input, ctx) => setPassword(ctx, input.email, input.password),
    render: (r) => dry(r, `пароль задан для ${userLine(r)}; завершено сеансов: ${String(r.sessionsEnded)}`),
  }),
  defineOperation({
    name: 'agency-user reset-link',
    description: 'a one-time link for an agency user to set a new password',
    roles: ADMIN,
    input: z.object({ email }),
    args: ['email'],
    writes: true,
    objects: ADMIN_OBJECTS,
    run: (input, ctx) => resetLink(ctx, input.email),
    render: (r) =>
      'passwordLink' in r
        ? `ссылка для пароля ${userLine(r)} (действует до ${r.passwordLinkExpiresAt}):\n${r.passwordLink}`
        : dry(r, `ссылка для ${userLine(r)} будет выдана`),
  }),
  ...(['deactivate', 'activate'] as const).map((verb) =>
    defineOperation({
      name: `agency-user ${verb}`,
      description:
        verb === 'deactivate'
          ? 'deactivate an agency user: their sessions end and their tokens stop working at once'
          : 'reactivate an agency user',
      roles: ADMIN,
      input: z.object({ email }),
      args: ['email'],
      writes: true,
      objects: ADMIN_OBJECTS,
      run: (input, ctx) => setActive(ctx, input.email, verb === 'activate'),
      render: (r) =>
        dry(
          r,
          verb === 'activate'
            ? `активирован ${userLine(r)}`
            : `деактивирован ${userLine(r)}; завершено сеансов: ${String(r.sessionsEnded)}`,
        ),
    }),
  ),
  defineOperation({
    name: 'agency-user unlock',
    description: 'lift the lock-out of an agency user after wrong passwords',
    roles: ADMIN,
    input: z.object({ email }),
    args: ['email'],
    writes: true,
    objects: ADMIN_OBJECTS,
    run: (input, ctx) => unlockUser(ctx, input.email),
    render: (r) => dry(r, `блокировка снята: ${userLine(r)}`),
  }),
  defineOperation({
    name: 'agency-user list',
    description: 'list agency users (of one agency with --agency)',
    roles: ADMIN,
    input: z.object({ agency: z.string().optional().describe('an agency id or exact name') }),
    writes: false,
    objects: ADMIN_OBJECTS,
    run: (input, ctx) => usersOf(ctx, input.agency),
    render: (r) =>
      r.users
        .map(
          (u) =>
            `${u.active ? ' ' : '×'} ${String(u.email ?? '').padEnd(32)} ${String(u.role ?? '').padEnd(8)} ${u.name ?? ''}`,
        )
        .join('\n') || 'пользователей агентств нет',
  }),
];

export const agencyOperations = [agencyTokenOperation, ...userOperations];
