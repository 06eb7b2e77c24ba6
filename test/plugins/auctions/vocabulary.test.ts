/**
 * One vocabulary, one state machine: the schema's select options, the Russian labels and the
 * badge colours all come from the vocabulary's table; the console's buttons are what the state
 * machine allows in each status; and in the demo data a unit is IN_AUCTION exactly when an active
 * auction holds it.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { buildDemoAuctions, demoAuctionUnits } from '../../../plugins/auctions/index';
import { consoleContent } from '../../../plugins/auctions/pages/console-page';
import type { AuctionView } from '../../../plugins/auctions/read/auction-read';
import { availableActions, isActive, transition } from '../../../plugins/auctions/rules/auction-state';
import { unitAuctionDrift } from '../../../plugins/auctions/rules/unit-consistency';
import { AUCTION_STATUS_OPTIONS, STAGE_OPTIONS } from '../../../plugins/auctions/schema';
import {
  AUCTION_STATUS_RU,
  AUCTION_STATUS_TERMS,
  AUCTION_STATUSES,
  PROCEDURE_ACTION_TERMS,
  STAGE_TERMS,
  statusBadgeCss,
} from '../../../plugins/auctions/vocabulary';
import type { StaffPrincipal } from '../../../plugins/core/access/index';
import { buildDemoRegistry } from '../../../plugins/registry/index';

const sales: StaffPrincipal = { kind: 'staff', memberId: 'm', email: 's@x', role: 'sales' };

describe('the auctions’ vocabulary', () => {
  it('gives the schema its options and the pages their labels and colours from one table', () => {
    assert.deepEqual(
      AUCTION_STATUS_OPTIONS,
      AUCTION_STATUS_TERMS.map((t) => ({ value: t.value, label: t.en, color: t.tag })),
    );
    assert.equal(STAGE_OPTIONS.length, STAGE_TERMS.length);
    assert.equal(AUCTION_STATUS_RU.COMPLETED, 'завершён');
    const css = statusBadgeCss();
    for (const t of AUCTION_STATUS_TERMS)
      assert.ok(css.includes(`.status-${t.value.toLowerCase()} { background: ${t.color};`), t.value);
  });

  it('keeps no second copy of the badge colours in the stylesheet', async () => {
    const css = await readFile(
      new URL('../../../plugins/auctions/pages/assets/auctions.css', import.meta.url),
      'utf8',
    );
    assert.doesNotMatch(css, /\.status-[a-z]+/);
  });

  it('refuses in Russian, naming the statuses by their labels', () => {
    const r = transition('BIDDING', 'ANNOUNCE');
    assert.ok(!r.ok);
    assert.equal(r.message, 'нельзя объявить аукцион в статусе «торги» (можно из статуса «черновик»)');
  });
});

describe('the console’s actions come from the state machine', () => {
  const expected: Record<string, string[]> = {
    DRAFT: ['announce', 'cancel'],
    ANNOUNCED: ['openApplications', 'terminate'],
    APPLICATIONS: ['closeApplications', 'terminate'],
    ADMISSION: ['completeAdmission', 'terminate'],
    BIDDING: ['completeBidding', 'terminate'],
    COMPLETED: [],
    FAILED: [],
    TERMINATED: [],
    CANCELLED: [],
  };

  it('offers in each status exactly the actions whose transition starts there', () => {
    for (const status of AUCTION_STATUSES)
      assert.deepEqual(availableActions({ status, admissionCompletedAt: null }), expected[status], status);
    assert.deepEqual(
      availableActions({ status: 'ADMISSION', admissionCompletedAt: '2027-01-01T00:00:00Z' }),
      ['startBidding', 'terminate'],
    );
  });

  it('draws those buttons, labelled from the vocabulary, for the staff who run auctions', () => {
    const demos = buildDemoAuctions(new Date('2027-03-01T07:00:00Z'), demoAuctionUnits());
    for (const d of demos) {
      const view: AuctionView = {
        state: d.state,
        platform: d.platform,
        procedureNumber: d.procedureNumber,
        validationIssue: null,
        places: new Map(),
        stages: [],
      };
      const html = consoleContent({
        principal: sales,
        view,
        names: new Map(),
        now: new Date('2027-03-01T07:00:00Z'),
      });
      const drawn = [...html.matchAll(/class="action[^"]*" data-action="([a-zA-Z]+)">([^<]+)</g)].map((m) => [
        m[1],
        m[2],
      ]);
      const wanted = availableActions(d.state).map((a) => [
        a,
        PROCEDURE_ACTION_TERMS.find((t) => t.value === a)?.ru,
      ]);
      assert.deepEqual(drawn, wanted, `${d.state.number} (${d.state.status})`);
      assert.match(html, /id="console-money" data-src="\/auctions\/[0-9a-f-]{36}\/money"/);
      assert.doesNotMatch(html, /undefined|NaN|amountMicros/);
    }
  });
});

describe('units in auction, in the demo data', () => {
  it('the registry’s demo puts no unit in an auction: that is the auctions’ seed', () => {
    const units = buildDemoRegistry().units;
    assert.ok(units.length > 1000);
    assert.equal(units.filter((u) => u.status === 'IN_AUCTION').length, 0);
  });

  it('the demo auctions leave IN_AUCTION exactly the units of the active ones', () => {
    const demos = buildDemoAuctions(new Date('2027-03-01T07:00:00Z'), demoAuctionUnits());
    const registry = new Map(buildDemoRegistry().units.map((u) => [String(u.id), String(u.status)]));
    const status = new Map(registry);
    for (const d of demos)
      for (const { effect } of d.effects)
        if (effect.kind === 'unitStatus') status.set(effect.unitId, effect.to);
    const held = new Map(
      demos
        .filter((d) => isActive(d.state.status))
        .flatMap((d) =>
          d.state.lots.filter((l) => l.status === 'ACTIVE').map((l) => [l.unitId, d.state.number]),
        ),
    );
    assert.equal(held.size, 4, 'announced, applications, admission, bidding');
    const facts = [...status].map(([id, s]) => ({ id, status: s, label: id }));
    assert.deepEqual(unitAuctionDrift(facts, held), []);
    assert.deepEqual(
      facts
        .filter((f) => f.status === 'IN_AUCTION')
        .map((f) => f.id)
        .sort(),
      [...held.keys()].sort(),
    );
  });

  it('calls drift either way: IN_AUCTION without an active lot, held but not IN_AUCTION', () => {
    const drift = unitAuctionDrift(
      [
        { id: 'a', status: 'IN_AUCTION', label: '№ 1' },
        { id: 'b', status: 'FREE', label: '№ 2' },
        { id: 'c', status: 'IN_AUCTION', label: '№ 3' },
        { id: 'd', status: 'SOLD', label: '№ 4' },
      ],
      new Map([
        ['b', 'А-7'],
        ['c', 'А-8'],
      ]),
    );
    assert.deepEqual(
      drift.map((d) => [d.unitId, d.kind]),
      [
        ['a', 'IN_AUCTION_WITHOUT_LOT'],
        ['b', 'HELD_NOT_IN_AUCTION'],
      ],
    );
    assert.match(drift[0]?.problem ?? '', /помещение № 1 в статусе «На торгах», но ни один идущий аукцион/);
    assert.match(drift[1]?.problem ?? '', /выставлено на аукцион А-7/);
  });
});
