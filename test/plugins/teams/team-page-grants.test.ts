/**
 * Issue 21, as a user sees it: the project's own writes reach the teams plugin's handlers in seconds.
 * The demo's teams have their grants the moment the app would say ready (after the seeds, their
 * echoes and the handlers on them — the same waits `realty start` makes), and a member added on the
 * teams page shows grants on the page within 5 s (no sweep runs here: the stack has no scheduler).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO_TEAMS } from '../../../plugins/teams/seed';
import { handlersSettled, replicaCaughtUp, runSeeds } from '../../../scripts/seeds';
import { grantsOf, startTeamsApp, type TeamsApp, waitFor } from './teams-app';

/** The names in the grants table of the deal's team page («Прав пока нет» → none). */
function grantedNames(html: string): string[] {
  const table = /<table class="grants">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
  return [...table.matchAll(/<tr>\s*<td>([^<]*)<\/td>/g)].map((m) => m[1] ?? '');
}

describe('teams grants from the project’s own writes', () => {
  let app: TeamsApp;
  let admin: string;

  before(async () => {
    app = await startTeamsApp('teams-page-grants');
    admin = await app.member('Админ', 'Проектов');
  });
  after(async () => {
    await app?.close();
  });

  const page = async (deal: string): Promise<string> => {
    const res = await app.api(admin, 'admin', 'GET', `/teams/${deal}`);
    assert.equal(res.status, 200, String(res.body).slice(0, 300));
    return String(res.body);
  };

  it('the demo teams have their grants once the seeds’ changes reached the handlers (ready)', async () => {
    const outcomes = await runSeeds(app.runtime.registry, app.runtime.contextFor, { only: ['teams'] });
    assert.ok(await replicaCaughtUp(app.runtime.store.readModel, outcomes, { timeoutMs: 15_000 }));
    assert.ok(await handlersSettled(app.runtime, { timeoutMs: 60_000 }), 'the handlers settled');
    // No waiting from here on: this is what a user sees right after `ready`.
    const consultant = grantsOf(await app.grants(), DEMO_TEAMS.consultant);
    assert.equal(consultant.get(`opportunity:${DEMO_TEAMS.deal1}`), 'READ');
    assert.equal(consultant.get(`opportunity:${DEMO_TEAMS.deal2}`), 'EDIT');
    const html = await page(DEMO_TEAMS.deal1);
    assert.doesNotMatch(html, /Прав пока нет/);
    assert.ok(
      grantedNames(html).some((n) => n.includes('Иванов')),
      grantedNames(html).join(', '),
    );
  });

  it('a member added on the teams page has grants on the page within 5 s', async () => {
    const vera = await app.member('Вера', 'Новикова');
    await waitFor('the new member in the replica', () =>
      app.runtime.store.readModel.get('workspaceMember', vera),
    );
    const started = Date.now();
    const added = await app.api(admin, 'admin', 'POST', `/api/teams/${DEMO_TEAMS.deal2}/members`, {
      memberId: vera,
      accessLevel: 'READ',
    });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    let names: string[] = [];
    while (Date.now() - started < 5_000) {
      names = grantedNames(await page(DEMO_TEAMS.deal2));
      if (names.some((n) => n.includes('Новикова'))) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const elapsed = Date.now() - started;
    assert.ok(
      names.some((n) => n.includes('Новикова')),
      `no grant for the new member on the page after ${elapsed} ms: ${names.join(', ')}`,
    );
    assert.ok(elapsed < 5_000, `${elapsed} ms`);
    const grants = grantsOf(await app.grants(), vera);
    assert.equal(grants.get(`opportunity:${DEMO_TEAMS.deal2}`), 'READ');
  });
});
