/**
 * TEAMS_DEAL_VISIBILITY, through the whole app (devhost, webhooks, PGlite, real HTTP): with
 * `closed` (the default) a deal nobody put a team on — and the company, contact and revenue
 * scenario only it reaches — is seen by its owner, its team and admins, not by another member of
 * the same role; a contact no deal reaches stays visible. With `open` such a deal is seen by every
 * staff role, as before. The revenue and auctions pages work for their roles under both.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { auctionsPlugin } from '../../../plugins/auctions/index';
import type { Principal } from '../../../plugins/core/access/index';
import { registryPlugin } from '../../../plugins/registry/index';
import { refreshForecastProjection } from '../../../plugins/revenue/forecast-projection';
import { revenuePlugin } from '../../../plugins/revenue/index';
import { teamsPlugin } from '../../../plugins/teams/index';
import { teamsSettings } from '../../../plugins/teams/settings';
import { startTeamsApp, type TeamsApp, waitFor } from './teams-app';

const CLOSED_DEAL = 'Закрытый проект «Гранит»';

interface World {
  app: TeamsApp;
  ids: Record<string, string>;
}

async function startWorld(visibility: 'closed' | 'open' | undefined): Promise<World> {
  if (visibility) process.env.TEAMS_DEAL_VISIBILITY = visibility;
  else delete process.env.TEAMS_DEAL_VISIBILITY;
  let app: TeamsApp;
  try {
    app = await startTeamsApp(`deal-visibility-${visibility ?? 'default'}`, [
      registryPlugin,
      auctionsPlugin,
      teamsPlugin,
      revenuePlugin,
    ]);
  } finally {
    delete process.env.TEAMS_DEAL_VISIBILITY;
  }
  const ids: Record<string, string> = {};
  ids.owner = await app.member('Olga', 'Owner');
  ids.other = await app.member('Xenia', 'Other');
  ids.company = await app.create('company', 'companies', { name: 'Гранит' });
  ids.contact = await app.create('person', 'people', {
    name: { firstName: 'Глеб', lastName: 'Гранитов' },
    companyId: ids.company,
  });
  ids.loner = await app.create('person', 'people', { name: { firstName: 'Лев', lastName: 'Свободный' } });
  ids.deal = await app.create('opportunity', 'opportunities', {
    name: CLOSED_DEAL,
    companyId: ids.company,
    ownerId: ids.owner,
  });
  ids.otherDeal = await app.create('opportunity', 'opportunities', {
    name: 'Свой проект Ксении',
    ownerId: ids.other,
  });
  const admin = await app.api(ids.owner, 'admin', 'POST', '/api/revenue/scenarios', {
    opportunityId: ids.deal,
    name: 'Базовый',
    kind: 'BASE',
    probability: '100',
    lines: [{ dueDate: '2026-05-15', amount: '500000', currencyCode: 'RUB' }],
  });
  assert.equal(admin.status, 201, JSON.stringify(admin.body));
  const rm = app.runtime.store.readModel;
  await waitFor('the records in the read model', async () =>
    (await rm.count('opportunity')) >= 2 &&
    (await rm.count('person')) >= 2 &&
    (await rm.count('revenuePlanLine')) >= 1 &&
    (await rm.count('workspaceMember')) >= 2
      ? true
      : undefined,
  );
  await refreshForecastProjection(app.runtime.contextFor('revenue'));
  return { app, ids };
}

const staff = (memberId: string, role: 'sales' | 'finance' | 'admin'): Principal => ({
  kind: 'staff',
  memberId,
  email: `${role}@realty.test`,
  role,
});

/** The ids of each object a principal's reader shows. */
async function seen(world: World, principal: Principal) {
  const objects = ['opportunity', 'company', 'person', 'revenueScenario', 'revenuePlanLine'];
  const reader = world.app.runtime.access.reader(principal, objects);
  const ids = async (object: string) =>
    new Set(
      (await reader.query<{ id: string }>(`select x.id::text as id from {${object}} x`)).map((r) => r.id),
    );
  return {
    deals: await ids('opportunity'),
    companies: await ids('company'),
    people: await ids('person'),
    scenarios: await ids('revenueScenario'),
    lines: await ids('revenuePlanLine'),
  };
}

function pagesWorkForTheirRoles(get: () => World) {
  it('serves the revenue and auctions pages to their roles', async () => {
    const { app, ids } = get();
    for (const role of ['sales', 'finance', 'admin'] as const) {
      const revenue = await app.api(ids.other, role, 'GET', '/revenue');
      assert.equal(revenue.status, 200, `/revenue as ${role}`);
      const portfolio = await app.api(ids.other, role, 'GET', '/api/revenue/portfolio');
      assert.equal(portfolio.status, 200, `/api/revenue/portfolio as ${role}`);
      const auctions = await app.api(ids.other, role, 'GET', '/auctions');
      assert.equal(auctions.status, 200, `/auctions as ${role}`);
    }
  });
}

describe('TEAMS_DEAL_VISIBILITY as a setting', () => {
  it('is closed when unset, takes closed or open, and refuses anything else naming the variable', () => {
    assert.equal(teamsSettings.parse({}).values.dealVisibility, 'closed');
    assert.equal(teamsSettings.parse({ TEAMS_DEAL_VISIBILITY: 'Open' }).values.dealVisibility, 'open');
    const { problems } = teamsSettings.parse({ TEAMS_DEAL_VISIBILITY: 'public' });
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? '', /^TEAMS_DEAL_VISIBILITY.*closed or open/);
  });
});

for (const visibility of [undefined, 'open'] as const) {
  const closed = visibility === undefined;
  describe(`TEAMS_DEAL_VISIBILITY=${visibility ?? '(unset: closed)'}`, () => {
    let world: World;
    before(async () => {
      world = await startWorld(visibility);
    });
    after(async () => {
      await world?.app.close();
    });

    it(
      closed
        ? 'hides a deal without a team, and what only it reaches, from a member who does not own it'
        : 'shows a deal without a team, and what it reaches, to every member of a role that sees deals',
      async () => {
        const { app, ids } = world;
        const other = await seen(world, staff(ids.other, 'sales'));
        assert.equal(other.deals.has(ids.deal), !closed, 'the deal');
        assert.equal(other.companies.has(ids.company), !closed, 'its company');
        assert.equal(other.people.has(ids.contact), !closed, 'its company’s contact');
        assert.equal(other.scenarios.size, closed ? 0 : 1, 'its revenue scenario');
        assert.equal(other.lines.size, closed ? 0 : 1, 'its plan line');
        assert.ok(other.deals.has(ids.otherDeal), 'a deal the member owns');
        assert.ok(other.people.has(ids.loner), 'a contact no deal reaches');
        const deals = await app.api(ids.other, 'sales', 'GET', '/api/revenue/deals');
        assert.equal(deals.status, 200);
        assert.equal(
          JSON.stringify(deals.body).includes(CLOSED_DEAL),
          !closed,
          'the revenue deal list over HTTP',
        );
        const portfolio = await app.api(ids.other, 'finance', 'GET', '/api/revenue/portfolio');
        assert.equal(portfolio.body.total.planned, closed ? '0.00' : '500000.00');
      },
    );

    it('shows the deal and what it reaches to its owner and to admins', async () => {
      const { app, ids } = world;
      for (const principal of [staff(ids.owner, 'sales'), staff(ids.other, 'admin')]) {
        const view = await seen(world, principal);
        assert.ok(view.deals.has(ids.deal), `${principal.kind}: the deal`);
        assert.ok(view.companies.has(ids.company));
        assert.ok(view.people.has(ids.contact));
        assert.equal(view.scenarios.size, 1);
        assert.equal(view.lines.size, 1);
      }
      const page = await app.api(ids.owner, 'sales', 'GET', '/revenue');
      assert.equal(page.status, 200);
      assert.match(String(page.body), new RegExp(CLOSED_DEAL));
    });

    pagesWorkForTheirRoles(() => world);

    if (closed)
      it('lets the deal’s team in: a member put on its team sees it and its records', async () => {
        const { app, ids } = world;
        const team = await app.create('projectTeam', 'projectTeams', {
          name: 'Гранит',
          opportunityId: ids.deal,
          leadId: ids.owner,
        });
        await app.create('projectTeamMember', 'projectTeamMembers', {
          teamId: team,
          memberId: ids.other,
          accessLevel: 'READ',
        });
        await app.until('the team member’s grants', (g) =>
          g.some((x) => x.member_id === ids.other && x.record_id === ids.deal),
        );
        const other = await seen(world, staff(ids.other, 'sales'));
        assert.ok(other.deals.has(ids.deal));
        assert.ok(other.companies.has(ids.company));
        assert.equal(other.scenarios.size, 1);
      });
  });
}
