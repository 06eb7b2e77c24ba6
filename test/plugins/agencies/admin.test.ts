/**
 * What an admin does for agencies: the `realty agency-user` / `agency-token`
 * operations as commands (run here, as the operator) and as routes (what the
 * command posts while the app runs) — create a user with a password link, the user sets a password
 * through the portal's link and signs in, deactivation ends sessions and
 * tokens at once, bad input is refused naming the field with nothing written;
 * the demo seed is idempotent; the staff figures on each agency are kept.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pruneAgencyTables, refreshAgencyFigures } from '../../../plugins/agencies/jobs';
import { agenciesSeed } from '../../../plugins/agencies/seed';
import { runOperationCommandHere } from '../../support/operation-command';
import { type AgenciesApp, DEMO_AGENCIES, startAgenciesApp, waitFor } from './agencies-app';

// biome-ignore lint/suspicious/noExplicitAny: the tests read JSON answers of many shapes
type Json = Record<string, any>;
let app: AgenciesApp;
const admin = () => app.staffToken('admin');
const adminApi = async (method: string, path: string, body?: unknown, token = admin()) => {
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Json };
};

/** A command as `realty` runs it without a running app: the operator through the access layer, output captured. */
const runCommand = (name: string, args: string[], options: Record<string, unknown> = {}) =>
  runOperationCommandHere(app.runtime, name, args, options);

describe('agency administration', () => {
  before(async () => {
    app = await startAgenciesApp({ name: 'agencies-admin' });
  });
  after(async () => {
    await app?.close();
  });

  it('issues a token from the command line that the partner API accepts', async () => {
    const r = await runCommand('agency-token', ['vera@gorod.demo'], { ttl: '300' });
    assert.equal(r.code, 0, r.said.join('\n'));
    assert.ok(r.result.token);
    const me = await app.partner('/partner/v1/me', { token: r.result.token });
    assert.equal(me.status, 200);
    assert.equal(me.body.agency.name, 'Городской риелтор');
    const suspended = await runCommand('agency-token', ['oleg@old-partner.demo']);
    assert.equal(suspended.code, 2);
    assert.equal(suspended.result.error.code, 'agency_not_active');
    const bad = await runCommand('agency-token', ['vera@gorod.demo'], { ttl: '3600' });
    assert.equal(bad.code, 2);
  });

  it('creates a user with a password link; the link sets a password once; the user signs in', async () => {
    const dry = await runCommand('agency-user create', ['nina@gorod.demo'], {
      agency: 'Городской риелтор',
      name: 'Нина Орлова',
      dryRun: true,
    });
    assert.equal(dry.code, 0);
    assert.equal(dry.result.dryRun, true);
    assert.equal(
      (await app.runtime.twenty.records('agencyUser').list({ filter: 'email[eq]:"nina@gorod.demo"' })).records
        .length,
      0,
    );
    const created = await adminApi('POST', '/api/operations/agency-user/create', {
      agency: DEMO_AGENCIES.gorod,
      email: 'Nina@Gorod.demo',
      name: 'Нина Орлова',
      role: 'AGENT',
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const link = new URL(String(created.body.passwordLink));
    assert.equal(link.pathname, '/partner/password');
    const token = link.searchParams.get('token') as string;
    const page = await fetch(`${app.url}/partner/password?token=${encodeURIComponent(token)}`);
    assert.match(await page.text(), /Новый пароль/);
    const weak = await app.partner('/partner/password', { body: { token, password: 'short' } });
    assert.equal(weak.status, 400);
    assert.equal(weak.body.field, 'password');
    const set = await app.partner('/partner/password', { body: { token, password: 'nina-strong-pass' } });
    assert.equal(set.status, 200);
    const again = await app.partner('/partner/password', { body: { token, password: 'nina-other-pass' } });
    assert.equal(again.status, 410, 'a link is spent once');
    await waitFor('the new user in the read model', async () =>
      (
        await app.partner('/partner/v1/token', {
          body: { email: 'nina@gorod.demo', password: 'nina-strong-pass' },
        })
      ).status === 200
        ? true
        : undefined,
    );
  });

  it('refuses bad input naming the field, writing nothing', async () => {
    const before = await app.runtime.twenty.records('agencyUser').count();
    for (const [body, field] of [
      [{ agency: DEMO_AGENCIES.gorod, email: 'not-an-email', name: 'Иван' }, 'email'],
      [{ agency: DEMO_AGENCIES.gorod, email: 'ivan@gorod.demo', name: 'И' }, 'name'],
      [{ agency: DEMO_AGENCIES.gorod, email: 'ivan@gorod.demo', name: 'Иван Иванов', role: 'BOSS' }, 'role'],
      [{ agency: 'Нет такого', email: 'ivan@gorod.demo', name: 'Иван Иванов' }, 'agency'],
      [{ agency: DEMO_AGENCIES.gorod, email: 'vera@gorod.demo', name: 'Вера Дубль' }, 'email'],
      [
        { agency: DEMO_AGENCIES.gorod, email: 'ivan@gorod.demo', name: 'Иван Иванов', password: '123' },
        'password',
      ],
    ] as const) {
      const r = await adminApi('POST', '/api/operations/agency-user/create', body);
      assert.ok(r.status >= 400 && r.status < 500, JSON.stringify(r.body));
      assert.equal(r.body.field, field, JSON.stringify(r.body));
    }
    const staff = await adminApi(
      'POST',
      '/api/operations/agency-user/create',
      { agency: DEMO_AGENCIES.gorod, email: 'x@y.demo', name: 'Икс Игрек' },
      app.staffToken('sales'),
    );
    assert.equal(staff.status, 403, 'admins only');
    assert.equal(await app.runtime.twenty.records('agencyUser').count(), before);
  });

  it('finds agencies and users by the value given, never by filter syntax built from it', async () => {
    const before = await app.runtime.twenty.records('agencyUser').count();
    for (const crafted of [
      'Городской риелтор"',
      '"Городской риелтор"',
      "Городской риелтор'",
      'Городской риелтор\\',
    ]) {
      const create = await runCommand('agency-user create', ['crafted@gorod.demo'], {
        agency: crafted,
        name: 'Крафт Крафтов',
      });
      assert.equal(create.code, 2, create.said.join('\n'));
      assert.equal(create.result.error.code, 'agency_not_found', crafted);
      const list = await runCommand('agency-user list', [], { agency: crafted });
      assert.equal(list.result.error?.code, 'agency_not_found', `${crafted} must match no agency`);
    }
    const list = await runCommand('agency-user list', [], { agency: 'Городской риелтор' });
    assert.ok(list.result.users.length > 0, 'the exact name still finds the agency');
    const token = await runCommand('agency-token', ['vera@gorod.demo"']);
    assert.equal(token.result.error.code, 'agency_user_bad_email');
    assert.equal(await app.runtime.twenty.records('agencyUser').count(), before);
  });

  it('with --dry-run changes nothing: set-password, deactivate and unlock say what they would do', async () => {
    const token = await app.token('anna@etazhi.demo');
    const off = await runCommand('agency-user deactivate', ['anna@etazhi.demo'], { dryRun: true });
    assert.equal(off.code, 0, off.said.join('\n'));
    assert.equal(off.result.dryRun, true);
    assert.equal((await app.partner('/partner/v1/me', { token })).status, 200, 'still signed in');
    const users = await app.runtime.twenty
      .records('agencyUser')
      .list({ filter: 'email[eq]:"anna@etazhi.demo"' });
    assert.equal(users.records[0]?.active, true);
    const unlock = await runCommand('agency-user unlock', ['anna@etazhi.demo'], { dryRun: true });
    assert.equal(unlock.result.dryRun, true);
    const route = await fetch(`${app.url}/api/operations/agency-user/deactivate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'anna@etazhi.demo', dryRun: true }),
    });
    assert.equal(route.status, 200);
    assert.equal(((await route.json()) as Json).dryRun, true);
    assert.equal((await app.partner('/partner/v1/me', { token })).status, 200, 'still signed in');
  });

  it('deactivation ends the user’s sessions and refuses their token at once', async () => {
    const token = await app.token('boris@etazhi.demo');
    const off = await runCommand('agency-user deactivate', ['boris@etazhi.demo']);
    assert.equal(off.code, 0, off.said.join('\n'));
    await waitFor('the deactivation applied', async () =>
      (await app.partner('/partner/v1/me', { token })).status === 401 ? true : undefined,
    );
    const on = await runCommand('agency-user activate', ['boris@etazhi.demo']);
    assert.equal(on.code, 0);
    const list = await runCommand('agency-user list', [], { agency: 'Этажи-Партнёр' });
    assert.deepEqual(list.result.users.map((u: { email: string }) => u.email).sort(), [
      'anna@etazhi.demo',
      'boris@etazhi.demo',
    ]);
  });

  it('seeds idempotently and keeps each agency’s figures for staff', async () => {
    await agenciesSeed.run(app.runtime.contextFor('agencies'), {});
    assert.equal(await app.runtime.twenty.records('agency').count(), 3);
    await app.partner('/partner/v1/me', { token: await app.token('anna@etazhi.demo') });
    await waitFor('the users replicated', async () =>
      (await app.runtime.store.readModel.count('agencyUser')) >= 5 ? true : undefined,
    );
    await refreshAgencyFigures(app.runtime.contextFor('agencies'));
    const etazhi = (await app.runtime.twenty.records('agency').get(DEMO_AGENCIES.etazhi)) as Record<
      string,
      unknown
    >;
    assert.equal(etazhi.activeUsers, 2);
    assert.ok(Number(etazhi.requestsThisMonth) >= 1);
    assert.match(String(etazhi.scopeSummary), /Северный парк/);
    const old = (await app.runtime.twenty.records('agency').get(DEMO_AGENCIES.old)) as Record<
      string,
      unknown
    >;
    assert.equal(old.requestsThisMonth, 0);
    await app.runtime.store.sql.query(
      `insert into agencies_access_log (at, method, route, url, status) values (now() - interval '400 days', 'GET', '/x', '/x', 200)`,
    );
    assert.equal(await pruneAgencyTables(app.runtime.contextFor('agencies')), 1, 'rows older than a year go');
  });
});
