/**
 * What an admin does to agency users — create, set a password, issue a
 * password link, deactivate / activate, unlock, list, issue an API token —
 * over a port with two sides: the CLI's system context (the app is not
 * running) and the admin API's route context (it is: the app holds the
 * store). Every operation checks its input and says what is wrong; nothing is
 * half-written (the Twenty record first, then the store).
 */

import {
  endSessionsOf,
  issuePasswordLink,
  recordSuccess,
  type Storage,
  setCredential,
} from './gateway/store';
import type { PartnerKey } from './gateway/tokens';
import { issuePartnerToken } from './gateway/tokens';
import { hashPassword, passwordProblem } from './rules/passwords';
import type { AgenciesSettings } from './settings';

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

export interface AdminPort {
  findUser(email: string): Promise<AdminUser | undefined>;
  listUsers(agencyId?: string): Promise<AdminUser[]>;
  findAgency(idOrName: string): Promise<AdminAgency | undefined>;
  agencyOf(id: string): Promise<AdminAgency | undefined>;
  createUser(values: Omit<AdminUser, 'id' | 'active'>): Promise<AdminUser>;
  updateUser(id: string, patch: Record<string, unknown>): Promise<void>;
  readonly storage: Storage;
  keys(): Promise<PartnerKey[]>;
  now(): Date;
  readonly settings: AgenciesSettings;
  readonly publicUrl: string;
}

export class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'AdminError';
  }
}

const EMAIL = /^[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}$/;

export function normalEmail(email: unknown): string {
  const text = typeof email === 'string' ? email.trim().toLowerCase() : '';
  if (!EMAIL.test(text))
    throw new AdminError(
      400,
      'agency_user_bad_email',
      `e-mail "${String(email)}" is not an e-mail address`,
      'email',
    );
  return text;
}

async function userByEmail(port: AdminPort, email: unknown): Promise<AdminUser> {
  const normal = normalEmail(email);
  const user = await port.findUser(normal);
  if (!user)
    throw new AdminError(404, 'agency_user_not_found', `no agency user has the e-mail ${normal}`, 'email');
  return user;
}

export interface CreateUserInput {
  agency: string;
  email: string;
  name: string;
  phone?: string | undefined;
  role?: string | undefined;
  password?: string | undefined;
}

export async function createAgencyUser(port: AdminPort, input: CreateUserInput, dryRun = false) {
  const email = normalEmail(input.email);
  const name = input.name?.trim() ?? '';
  if (name.length < 2)
    throw new AdminError(400, 'agency_user_bad_name', 'name: give the person’s full name', 'name');
  const role = (input.role ?? 'AGENT').toUpperCase();
  if (role !== 'AGENT' && role !== 'MANAGER')
    throw new AdminError(400, 'agency_user_bad_role', `role "${input.role}" is not AGENT or MANAGER`, 'role');
  const agency = await port.findAgency(input.agency);
  if (!agency)
    throw new AdminError(
      404,
      'agency_not_found',
      `no agency "${input.agency}" (give its id or exact name)`,
      'agency',
    );
  if (await port.findUser(email))
    throw new AdminError(
      409,
      'agency_user_exists',
      `an agency user with the e-mail ${email} exists already`,
      'email',
    );
  if (input.password !== undefined) {
    const problem = passwordProblem(input.password);
    if (problem) throw new AdminError(400, 'agency_user_bad_password', `password: ${problem}`, 'password');
  }
  if (dryRun) return { dryRun: true, agency, user: { email, name, role } };
  const hash = input.password !== undefined ? await hashPassword(input.password) : undefined;
  const user = await port.createUser({
    agencyId: agency.id,
    name,
    email,
    phone: input.phone?.trim() || null,
    role,
  });
  if (hash) {
    await setCredential(port.storage, user.id, hash);
    await port.updateUser(user.id, { passwordSetAt: port.now().toISOString() });
    return { agency, user };
  }
  return { agency, user, ...(await passwordLink(port, user)) };
}

async function passwordLink(port: AdminPort, user: AdminUser) {
  const { token, expiresAt } = await issuePasswordLink(port.storage, user.id, {
    hours: port.settings.resetLinkHours,
    now: port.now(),
  });
  return {
    passwordLink: `${port.publicUrl.replace(/\/+$/, '')}/partner/password?token=${encodeURIComponent(token)}`,
    passwordLinkExpiresAt: expiresAt.toISOString(),
  };
}

export async function resetLink(port: AdminPort, email: unknown) {
  const user = await userByEmail(port, email);
  return { user, ...(await passwordLink(port, user)) };
}

export async function setPassword(port: AdminPort, email: unknown, password: string) {
  const user = await userByEmail(port, email);
  const problem = passwordProblem(password);
  if (problem) throw new AdminError(400, 'agency_user_bad_password', `password: ${problem}`, 'password');
  await setCredential(port.storage, user.id, await hashPassword(password));
  await port.updateUser(user.id, { passwordSetAt: port.now().toISOString() });
  const ended = await endSessionsOf(port.storage, user.id);
  return { user, sessionsEnded: ended };
}

export async function setActive(port: AdminPort, email: unknown, active: boolean) {
  const user = await userByEmail(port, email);
  if (user.active !== active) await port.updateUser(user.id, { active });
  const ended = active ? 0 : await endSessionsOf(port.storage, user.id);
  return { user: { ...user, active }, sessionsEnded: ended };
}

export async function unlockUser(port: AdminPort, email: unknown) {
  const user = await userByEmail(port, email);
  await recordSuccess(port.storage, user.id);
  return { user };
}

export async function agencyToken(port: AdminPort, email: unknown, ttlSeconds?: number) {
  const user = await userByEmail(port, email);
  if (!user.active)
    throw new AdminError(409, 'agency_user_inactive', `${user.email} is deactivated`, 'email');
  const agency = user.agencyId ? await port.agencyOf(user.agencyId) : undefined;
  if (!agency) throw new AdminError(409, 'agency_not_found', `${user.email} belongs to no agency`, 'email');
  if (agency.status !== 'ACTIVE')
    throw new AdminError(409, 'agency_not_active', `agency «${agency.name}» is ${agency.status}`, 'email');
  const ttl = ttlSeconds ?? port.settings.tokenTtlSeconds;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > 900)
    throw new AdminError(
      400,
      'agency_token_bad_ttl',
      `ttl ${String(ttlSeconds)}: expected 1–900 seconds`,
      'ttl',
    );
  const key = (await port.keys())[0];
  if (!key) throw new AdminError(503, 'partner_keys_missing', 'no partner signing key (PARTNER_JWT_KEYS)');
  const { token, expiresAt } = issuePartnerToken(
    { userId: user.id, agencyId: agency.id },
    { key, ttlSeconds: ttl, now: port.now() },
  );
  return { token, tokenType: 'Bearer', expiresAt: expiresAt.toISOString(), user, agency };
}
