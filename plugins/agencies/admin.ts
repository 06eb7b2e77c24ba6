/**
 * What an admin does to agency users — create, set a password, issue a
 * password link, deactivate / activate, unlock, list, issue an API token —
 * as operations (defineOperation): core serves each as
 * `POST /api/operations/agency-user/…` and as `realty agency-user …`, the
 * command through the running app or in the CLI's own runtime. Every
 * operation checks its input and says what is wrong; a dry run checks and
 * writes nothing; nothing is half-written (the Twenty record first, then the
 * store). Users and agencies are read fresh from Twenty through the admin's
 * scoped writer, found with the sdk's filter builder (a value is a value,
 * never filter syntax).
 */
import { eq, type Filter, TwentyFilterError, type TwentyRecord } from '../../sdk/index';
import { type OperationContext, RouteError } from '../core/plugin/index';
import { gatewayKeys } from './gateway/gateway';
import { endSessionsOf, issuePasswordLink, recordSuccess, setCredential } from './gateway/store';
import { issuePartnerToken } from './gateway/tokens';
import { hashPassword, passwordProblem } from './rules/passwords';
import { agenciesSettingsOf } from './settings';

export interface AdminUser {
  id: string;
  agencyId: string | null;
  name: string | null;
  email: string | null;
  phone: string | null;
  role: string | null;
  active: boolean;
}

export interface AdminAgency {
  id: string;
  name: string | null;
  status: string | null;
}

/** A refusal of an admin operation: the one error body, naming the field. */
export class AdminError extends RouteError {
  constructor(status: number, code: string, message: string, field?: string) {
    super(status, code, message, field !== undefined ? { field } : {});
    this.name = 'AdminError';
  }
}

export const ADMIN_OBJECTS = ['agencyUser', 'agency'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}$/;
const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function userOf(r: TwentyRecord): AdminUser {
  return {
    id: String(r.id),
    agencyId: text(r.agencyId),
    name: text(r.name),
    email: text(r.email),
    phone: text(r.phone),
    role: text(r.userRole),
    active: r.active === true,
  };
}
const agencyOf = (r: TwentyRecord): AdminAgency => ({
  id: String(r.id),
  name: text(r.name),
  status: text(r.status),
});

/** The first record a filter matches; a value Twenty's filter syntax cannot carry matches nothing. */
async function first(
  ctx: OperationContext,
  object: string,
  filter: Filter,
): Promise<TwentyRecord | undefined> {
  try {
    return (await ctx.writer.records(object).list({ filter, limit: 1 })).records[0];
  } catch (error) {
    if (error instanceof TwentyFilterError) return undefined;
    throw error;
  }
}

export async function findUser(ctx: OperationContext, email: string): Promise<AdminUser | undefined> {
  const r = await first(ctx, 'agencyUser', eq('email', email));
  return r ? userOf(r) : undefined;
}

export async function findAgency(ctx: OperationContext, idOrName: string): Promise<AdminAgency | undefined> {
  const r = await first(
    ctx,
    'agency',
    UUID.test(idOrName) ? eq('id', idOrName.toLowerCase()) : eq('name', idOrName),
  );
  return r ? agencyOf(r) : undefined;
}

async function listUsers(ctx: OperationContext, agencyId?: string): Promise<AdminUser[]> {
  const out: AdminUser[] = [];
  const records = ctx.writer.records('agencyUser');
  for await (const r of records.iterate(agencyId ? { filter: eq('agencyId', agencyId) } : {}))
    out.push(userOf(r));
  return out.sort((a, b) => (a.email ?? '').localeCompare(b.email ?? ''));
}

export function normalEmail(email: unknown): string {
  const value = typeof email === 'string' ? email.trim().toLowerCase() : '';
  if (!EMAIL.test(value))
    throw new AdminError(
      400,
      'agency_user_bad_email',
      `«${String(email)}» — не адрес электронной почты`,
      'email',
    );
  return value;
}

async function userByEmail(ctx: OperationContext, email: unknown): Promise<AdminUser> {
  const normal = normalEmail(email);
  const user = await findUser(ctx, normal);
  if (!user)
    throw new AdminError(
      404,
      'agency_user_not_found',
      `нет пользователя агентства с почтой ${normal}`,
      'email',
    );
  return user;
}

const passwordRu = (problem: string) =>
  problem
    .replace('the password must be at least 10 characters', 'пароль должен быть не короче 10 символов')
    .replace('the password must be at most 200 characters', 'пароль должен быть не длиннее 200 символов')
    .replace('the password must not be only digits', 'пароль не должен состоять из одних цифр');

function checkPassword(password: string): void {
  const problem = passwordProblem(password);
  if (problem)
    throw new AdminError(400, 'agency_user_bad_password', `пароль: ${passwordRu(problem)}`, 'password');
}

export interface CreateUserInput {
  agency: string;
  email: string;
  name: string;
  phone?: string | undefined;
  role?: string | undefined;
  password?: string | undefined;
}

export async function createAgencyUser(ctx: OperationContext, input: CreateUserInput) {
  const email = normalEmail(input.email);
  const name = input.name?.trim() ?? '';
  if (name.length < 2)
    throw new AdminError(400, 'agency_user_bad_name', 'имя: укажите полное имя человека', 'name');
  const role = (input.role ?? 'AGENT').toUpperCase();
  if (role !== 'AGENT' && role !== 'MANAGER')
    throw new AdminError(
      400,
      'agency_user_bad_role',
      `роль «${input.role}»: ожидается AGENT или MANAGER`,
      'role',
    );
  const agency = await findAgency(ctx, input.agency);
  if (!agency)
    throw new AdminError(
      404,
      'agency_not_found',
      `нет агентства «${input.agency}» (укажите его id или точное название)`,
      'agency',
    );
  if (await findUser(ctx, email))
    throw new AdminError(
      409,
      'agency_user_exists',
      `пользователь агентства с почтой ${email} уже есть`,
      'email',
    );
  if (input.password !== undefined) checkPassword(input.password);
  if (ctx.dryRun) return { dryRun: true, agency, user: { email, name, role } };
  const hash = input.password !== undefined ? await hashPassword(input.password) : undefined;
  const user = userOf(
    await ctx.writer.records('agencyUser').create({
      agencyId: agency.id,
      name,
      email,
      phone: input.phone?.trim() || null,
      userRole: role,
      active: true,
    }),
  );
  if (hash) {
    await setCredential(ctx.storage, user.id, hash);
    await ctx.writer.records('agencyUser').update(user.id, { passwordSetAt: ctx.clock.now().toISOString() });
    return { agency, user };
  }
  return { agency, user, ...(await passwordLink(ctx, user)) };
}

async function passwordLink(ctx: OperationContext, user: AdminUser) {
  const { token, expiresAt } = await issuePasswordLink(ctx.storage, user.id, {
    hours: agenciesSettingsOf(ctx).resetLinkHours,
    now: ctx.clock.now(),
  });
  return {
    passwordLink: `${ctx.links.publicUrl.replace(/\/+$/, '')}/partner/password?token=${encodeURIComponent(token)}`,
    passwordLinkExpiresAt: expiresAt.toISOString(),
  };
}

export async function resetLink(ctx: OperationContext, email: unknown) {
  const user = await userByEmail(ctx, email);
  if (ctx.dryRun) return { dryRun: true, user };
  return { user, ...(await passwordLink(ctx, user)) };
}

export async function setPassword(ctx: OperationContext, email: unknown, password: string) {
  const user = await userByEmail(ctx, email);
  checkPassword(password);
  if (ctx.dryRun) return { dryRun: true, user, sessionsEnded: 0 };
  await setCredential(ctx.storage, user.id, await hashPassword(password));
  await ctx.writer.records('agencyUser').update(user.id, { passwordSetAt: ctx.clock.now().toISOString() });
  const ended = await endSessionsOf(ctx.storage, user.id);
  return { user, sessionsEnded: ended };
}

export async function setActive(ctx: OperationContext, email: unknown, active: boolean) {
  const user = await userByEmail(ctx, email);
  if (ctx.dryRun) return { dryRun: true, user: { ...user, active }, sessionsEnded: 0 };
  if (user.active !== active) await ctx.writer.records('agencyUser').update(user.id, { active });
  const ended = active ? 0 : await endSessionsOf(ctx.storage, user.id);
  return { user: { ...user, active }, sessionsEnded: ended };
}

export async function unlockUser(ctx: OperationContext, email: unknown) {
  const user = await userByEmail(ctx, email);
  if (!ctx.dryRun) await recordSuccess(ctx.storage, user.id);
  return { ...(ctx.dryRun ? { dryRun: true } : {}), user };
}

export async function usersOf(ctx: OperationContext, agency: string | undefined) {
  const found = agency !== undefined ? await findAgency(ctx, agency) : undefined;
  if (agency !== undefined && !found)
    throw new AdminError(404, 'agency_not_found', `нет агентства «${agency}»`, 'agency');
  return { users: await listUsers(ctx, found?.id) };
}

export async function agencyToken(ctx: OperationContext, email: unknown, ttlSeconds?: number) {
  const user = await userByEmail(ctx, email);
  if (!user.active) throw new AdminError(409, 'agency_user_inactive', `${user.email} деактивирован`, 'email');
  const r = user.agencyId ? await first(ctx, 'agency', eq('id', user.agencyId)) : undefined;
  const agency = r ? agencyOf(r) : undefined;
  if (!agency)
    throw new AdminError(409, 'agency_not_found', `${user.email} не состоит ни в одном агентстве`, 'email');
  if (agency.status !== 'ACTIVE')
    throw new AdminError(
      409,
      'agency_not_active',
      `агентство «${agency.name}» не активно (${agency.status})`,
      'email',
    );
  const ttl = ttlSeconds ?? agenciesSettingsOf(ctx).tokenTtlSeconds;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > 900)
    throw new AdminError(
      400,
      'agency_token_bad_ttl',
      `срок ${String(ttlSeconds)}: от 1 до 900 секунд`,
      'ttl',
    );
  const key = (await gatewayKeys())[0];
  if (!key)
    throw new AdminError(503, 'partner_keys_missing', 'нет ключа подписи партнёров (PARTNER_JWT_KEYS)');
  const { token, expiresAt } = issuePartnerToken(
    { userId: user.id, agencyId: agency.id },
    { key, ttlSeconds: ttl, now: ctx.clock.now() },
  );
  return { token, tokenType: 'Bearer', expiresAt: expiresAt.toISOString(), user, agency };
}
