/**
 * The two sides of the admin port (admin.ts): the CLI's system context (Twenty
 * through the project's client, the store's SQL) and an admin's route
 * context (the read model through the staff reader, Twenty through the
 * checked writer, the plugin's storage).
 */
import type { PluginContext, RouteContext } from '../core/plugin/index';
import type { AdminAgency, AdminPort, AdminUser } from './admin';
import { gatewayKeys } from './gateway/gateway';
import { signingKeys, systemStorage } from './gateway/store';
import { agenciesSettingsOf } from './settings';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function userOf(r: Record<string, unknown>): AdminUser {
  return {
    id: String(r.id),
    agencyId: text(r.agencyId ?? r.agency_id),
    name: text(r.name),
    email: text(r.email),
    phone: text(r.phone),
    role: text(r.userRole ?? r.user_role),
    active: r.active === true,
  };
}
const agencyOf = (r: Record<string, unknown>): AdminAgency => ({
  id: String(r.id),
  name: text(r.name),
  status: text(r.status),
});
const quoted = (value: string) => `"${value.replace(/["\\]/g, '')}"`;

export function systemAdminPort(ctx: PluginContext): AdminPort {
  const users = ctx.twenty.records('agencyUser');
  const agencies = ctx.twenty.records('agency');
  const storage = systemStorage(ctx);
  return {
    async findUser(email) {
      const r = await users.list({ filter: `email[eq]:${quoted(email)}`, limit: 1 });
      return r.records[0] ? userOf(r.records[0]) : undefined;
    },
    async listUsers(agencyId) {
      const out: AdminUser[] = [];
      for await (const r of users.iterate(agencyId ? { filter: `agencyId[eq]:${quoted(agencyId)}` } : {}))
        out.push(userOf(r));
      return out;
    },
    async findAgency(idOrName) {
      const r = UUID.test(idOrName)
        ? await agencies.list({ filter: `id[eq]:${quoted(idOrName.toLowerCase())}`, limit: 1 })
        : await agencies.list({ filter: `name[eq]:${quoted(idOrName)}`, limit: 1 });
      return r.records[0] ? agencyOf(r.records[0]) : undefined;
    },
    async agencyOf(id) {
      const r = await agencies.list({ filter: `id[eq]:${quoted(id)}`, limit: 1 });
      return r.records[0] ? agencyOf(r.records[0]) : undefined;
    },
    async createUser(values) {
      const { role, ...rest } = values;
      return userOf(await users.create({ ...rest, userRole: role, active: true }));
    },
    async updateUser(id, patch) {
      await users.update(id, patch);
    },
    storage,
    keys: () => signingKeys(ctx.config.partnerJwtKeys, storage),
    now: () => ctx.clock.now(),
    settings: agenciesSettingsOf(ctx),
    publicUrl: ctx.config.publicUrl,
  };
}

export function routeAdminPort(ctx: RouteContext): AdminPort {
  const users = ctx.writer.records('agencyUser');
  const userColumns = 'id::text as id, agency_id::text as agency_id, name, email, phone, user_role, active';
  return {
    async findUser(email) {
      const r = await ctx.reader.query(`select ${userColumns} from {agencyUser} where email = $1 limit 1`, [
        email,
      ]);
      return r[0] ? userOf(r[0]) : undefined;
    },
    async listUsers(agencyId) {
      const r = agencyId
        ? await ctx.reader.query(
            `select ${userColumns} from {agencyUser} where agency_id = $1::uuid order by email`,
            [agencyId],
          )
        : await ctx.reader.query(`select ${userColumns} from {agencyUser} order by email`);
      return r.map(userOf);
    },
    async findAgency(idOrName) {
      const r = UUID.test(idOrName)
        ? await ctx.reader.query('select id::text as id, name, status from {agency} where id = $1::uuid', [
            idOrName,
          ])
        : await ctx.reader.query('select id::text as id, name, status from {agency} where name = $1', [
            idOrName,
          ]);
      return r[0] ? agencyOf(r[0]) : undefined;
    },
    async agencyOf(id) {
      const r = await ctx.reader.query(
        'select id::text as id, name, status from {agency} where id = $1::uuid',
        [id],
      );
      return r[0] ? agencyOf(r[0]) : undefined;
    },
    async createUser(values) {
      const { role, ...rest } = values;
      return userOf(await users.create({ ...rest, userRole: role, active: true }));
    },
    async updateUser(id, patch) {
      await users.update(id, patch);
    },
    storage: ctx.storage,
    keys: gatewayKeys,
    now: () => ctx.clock.now(),
    settings: agenciesSettingsOf(ctx),
    publicUrl: ctx.links.publicUrl,
  };
}
