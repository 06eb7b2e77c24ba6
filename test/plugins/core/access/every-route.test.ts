/**
 * Every route the installed plugins register goes through the access layer:
 * without a token it is refused (401), with a role it does not list it is
 * refused (403) — both in the one error body; its handler's context holds
 * exactly the RouteContext keys (no store, no Twenty client, no SQL), and its
 * reader and writer refuse an object the route did not declare. Called by a
 * role it lists, the server either refuses the request by its schemas (400)
 * or builds the context through the layer.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AccessError, type Principal, ROUTE_CONTEXT_KEYS } from '../../../../plugins/core/access/index';
import { STAFF_ROLES, type StaffRole } from '../../../../plugins/core/auth/index';
import { createRegistry, type RegisteredRoute } from '../../../../plugins/core/plugin/index';
import { allPlugins } from '../../../../plugins/index';
import { type AppStack, startAppStack } from '../../../support/app-stack';

const registry = createRegistry(allPlugins);
const ADMIN: Principal = {
  kind: 'staff',
  memberId: '00000000-0000-4000-8000-00000000ad01',
  email: 'admin@realty.test',
  role: 'admin',
};
const SAMPLE_ID = '00000000-0000-4000-8000-000000000123';

const urlOf = (route: RegisteredRoute) => route.path.replace(/:[a-zA-Z]+/g, SAMPLE_ID).replace(/\*/g, 'x');
const staffRoles = (route: RegisteredRoute) =>
  route.roles.filter((r): r is StaffRole => (STAFF_ROLES as readonly string[]).includes(r));
const label = (route: RegisteredRoute) => `${route.method} ${route.path} (${route.plugin})`;

describe('every registered route goes through the access layer', () => {
  let stack: AppStack;
  const built: string[] = [];
  before(async () => {
    stack = await startAppStack({ name: 'every-route' });
    const access = stack.runtime.access;
    const routeContext = access.routeContext.bind(access);
    access.routeContext = (route, principal, options) => {
      built.push(`${(route as RegisteredRoute).method} ${(route as RegisteredRoute).path}`);
      return routeContext(route, principal, options);
    };
  });
  after(async () => {
    await stack?.close();
  });

  /** Status, content type and body, without waiting for streams (SSE) to end. */
  const call = async (route: RegisteredRoute, role?: StaffRole, redirect: RequestRedirect = 'follow') => {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), 15_000);
    try {
      const res = await fetch(`${stack.server.url}${urlOf(route)}`, {
        method: route.method,
        redirect,
        signal: abort.signal,
        headers: {
          ...(role ? { authorization: `Bearer ${stack.staffToken(role)}` } : {}),
          ...(route.method === 'GET' ? {} : { 'content-type': 'application/json' }),
        },
        ...(route.method === 'GET' ? {} : { body: '{}' }),
      });
      const type = res.headers.get('content-type') ?? '';
      const body = /json/.test(type) ? ((await res.json()) as Record<string, unknown>) : undefined;
      return { status: res.status, type, body, location: res.headers.get('location') };
    } finally {
      clearTimeout(timer);
      abort.abort();
    }
  };

  it('the registry holds routes, all declared with defineRoute', () => {
    assert.ok(registry.routes.length > 0);
    assert.deepEqual(registry.routes.filter((r) => r.kind !== 'route').map(label), []);
    assert.deepEqual(
      stack.runtime.registry.routes.map(label),
      registry.routes.map(label),
      'the app serves exactly the registry’s routes',
    );
  });

  for (const route of registry.routes) {
    describe(label(route), () => {
      it('refuses a caller without a token (401) and a role it does not list (403), in the one error body', async (t) => {
        if (route.roles.includes('public')) return t.skip('a public route');
        const roles = staffRoles(route);
        if (roles.length === 0) {
          const partner = await call(route, undefined, 'manual');
          if (!stack.runtime.partnerGateway) {
            assert.equal(partner.status, 501);
            assert.equal(partner.body?.code, 'partner_gateway_missing');
            return;
          }
          // A portal page sends the browser to its sign-in page, saying where to come back.
          if (route.method === 'GET' && /^\/partner(?!\/(v1|api)(\/|$))/.test(route.path)) {
            assert.equal(partner.status, 302, `${label(route)} answered ${partner.status}`);
            assert.equal(
              partner.location,
              `/partner/login?next=${encodeURIComponent(urlOf(route))}`,
              `${label(route)} redirected elsewhere`,
            );
            return;
          }
          // The partner gateway answers: no credentials (401), or a sign-in route's empty body (400).
          assert.ok([400, 401].includes(partner.status), `${label(route)} answered ${partner.status}`);
          assert.match(String(partner.body?.code), /^(partner_|invalid_)/);
          return;
        }
        const anonymous = await call(route);
        assert.equal(anonymous.status, 401);
        assert.match(anonymous.type, /application\/json/);
        assert.deepEqual(Object.keys(anonymous.body ?? {}).sort(), ['code', 'message', 'status']);
        assert.equal(anonymous.body?.status, 401);
        const outsider = STAFF_ROLES.find((r) => r !== 'admin' && !roles.includes(r));
        if (!outsider) return t.skip('every staff role may use it');
        const refused = await call(route, outsider);
        assert.equal(refused.status, 403);
        assert.deepEqual(refused.body && { ...refused.body, message: typeof refused.body.message }, {
          status: 403,
          code: 'role_not_allowed',
          message: 'string',
        });
      });

      it('builds its context through the layer: exactly the RouteContext keys, only the declared objects', async () => {
        const ctx = stack.runtime.access.routeContext(route, ADMIN);
        assert.deepEqual(Object.keys(ctx).sort(), [...ROUTE_CONTEXT_KEYS].sort());
        for (const key of ['store', 'twenty', 'sql', 'config']) assert.equal(key in ctx, false, key);
        // Every declared replicated object has its view, and the admin's reader can query it.
        for (const object of route.objects.filter((o) => registry.readModel.some((e) => e.object === o))) {
          const [row] = await ctx.reader.query<{ n: number }>(`select count(*)::int as n from {${object}}`);
          assert.equal(typeof row?.n, 'number', object);
        }
        const undeclared =
          registry.readModel.map((e) => e.object).find((o) => !route.objects.includes(o)) ??
          'notDeclaredAnywhere';
        await assert.rejects(
          ctx.reader.query(`select id from {${undeclared}}`),
          (e: unknown) => e instanceof AccessError && e.code === 'access_not_declared',
        );
        assert.throws(
          () => ctx.writer.records(undeclared),
          (e: unknown) => e instanceof AccessError && e.code === 'access_not_declared',
        );
        assert.throws(
          () => ctx.changes.subscribe(undeclared, { key: 'id' }, () => {}),
          (e: unknown) => e instanceof AccessError && e.code === 'access_not_declared',
        );
      });

      it('called by a role it lists, is refused by its schemas or handled with a context from the layer', async (t) => {
        if (staffRoles(route).length === 0 && stack.runtime.partnerGateway)
          return t.skip('partners only: test/security/partner-security.test.ts calls it as an agency user');
        const role = staffRoles(route)[0] ?? 'admin';
        const before = built.length;
        const res = await call(route, role);
        const throughLayer = built.slice(before).includes(`${route.method} ${route.path}`);
        t.diagnostic(`${role}: ${res.status}${res.body?.code ? ` ${String(res.body.code)}` : ''}`);
        assert.ok(
          throughLayer || (res.status === 400 && typeof res.body?.code === 'string') || res.status === 501,
          `${label(route)} answered ${res.status} without building a context through the layer`,
        );
        assert.notEqual(res.status, 401);
        assert.notEqual(res.status, 403);
      });
    });
  }
});
