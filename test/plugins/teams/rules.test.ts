/**
 * Grant computation and membership checks as pure functions: what a member reaches through a
 * deal, levels and reasons, dates, statuses of bad memberships, the diff, the adder's rights.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { memoryGraph } from '../../../plugins/teams/graph';
import {
  diffGrants,
  effectiveLevel,
  endOfMoscowDay,
  type MemberRow,
  moscowDate,
  teamGrants,
} from '../../../plugins/teams/rules/grants';
import { adderLevel, checkAddition } from '../../../plugins/teams/rules/member-checks';

const graph = memoryGraph({
  deals: [
    { id: 'd1', name: 'Аудит', companyId: 'c1', pointOfContactId: 'p9', ownerId: null },
    { id: 'd2', name: 'Стратегия', companyId: 'c2', pointOfContactId: null, ownerId: 'owner' },
  ],
  people: [
    { id: 'p1', companyId: 'c1' },
    { id: 'p2', companyId: 'c1' },
    { id: 'p3', companyId: 'c2' },
  ],
  taskLinks: [{ taskId: 't1', dealId: 'd1' }],
  noteLinks: [{ noteId: 'n1', dealId: 'd1' }],
  revenue: [{ objectName: 'revenueScenario', recordId: 's1', dealId: 'd1' }],
  activeMembers: new Set(['anna', 'boris', 'owner']),
  deletedMembers: new Set(['vera']),
});

const member = (over: Partial<MemberRow> & { id: string }): MemberRow => ({
  teamId: 'team1',
  memberId: 'anna',
  accessLevel: 'READ',
  validFrom: null,
  validTo: null,
  status: 'ACTIVE',
  createdAt: '2026-01-01T00:00:00Z',
  ...over,
});

const team1 = { id: 'team1', name: 'А', opportunityId: 'd1', leadId: null };
const TODAY = '2026-06-01';

describe('grant computation', () => {
  it('reaches the deal, its company, contacts and point of contact, tasks, notes, revenue records and tags', () => {
    const result = teamGrants(
      team1,
      [member({ id: 'm1' })],
      [{ id: 'x', teamId: 'team1', objectName: 'person', recordId: 'p7' }],
      graph,
      TODAY,
    );
    assert.deepEqual(result.grants.map((g) => `${g.objectName}:${g.recordId}`).sort(), [
      'company:c1',
      'note:n1',
      'opportunity:d1',
      'person:p1',
      'person:p2',
      'person:p7',
      'person:p9',
      'revenueScenario:s1',
      'task:t1',
    ]);
    const tagged = result.grants.find((g) => g.recordId === 'p7' && g.memberId === 'anna');
    assert.equal(tagged?.reason, 'Команда «А» сделки «Аудит»: отмечено командой');
  });

  it('grants nothing outside the dates, and expires at the end of the last day in Moscow', () => {
    assert.equal(
      teamGrants(team1, [member({ id: 'm1', validFrom: '2026-07-01' })], [], graph, TODAY).grants.length,
      0,
    );
    assert.equal(
      teamGrants(team1, [member({ id: 'm1', validTo: '2026-05-31' })], [], graph, TODAY).grants.length,
      0,
    );
    const g = teamGrants(team1, [member({ id: 'm1', validTo: '2026-06-01' })], [], graph, TODAY).grants[0];
    assert.equal(g?.expiresAt, '2026-06-01T20:59:59.999Z');
    assert.equal(endOfMoscowDay('bad'), null);
    assert.equal(moscowDate(new Date('2026-06-01T21:30:00Z')), '2026-06-02');
  });

  it('flags a second membership of the same person, a deactivated account, a deleted deal; ABOVE_ADDER stays', () => {
    const result = teamGrants(
      team1,
      [
        member({ id: 'm1' }),
        member({ id: 'm2', accessLevel: 'OWNER', createdAt: '2026-02-01T00:00:00Z' }),
        member({ id: 'm3', memberId: 'vera' }),
        member({ id: 'm4', memberId: 'boris', status: 'ABOVE_ADDER' }),
      ],
      [],
      graph,
      TODAY,
    );
    assert.equal(result.members.get('m1')?.status, 'ACTIVE');
    assert.equal(result.members.get('m2')?.status, 'DUPLICATE');
    assert.equal(result.members.get('m3')?.status, 'INACTIVE_MEMBER');
    assert.equal(result.members.get('m4')?.status, 'ABOVE_ADDER');
    const granted = result.grants.filter((g) => g.memberId !== 'owner');
    assert.ok(granted.every((g) => g.memberId === 'anna' && g.level === 'READ'));
    const gone = teamGrants({ ...team1, opportunityId: 'deleted' }, [member({ id: 'm1' })], [], graph, TODAY);
    assert.equal(gone.grants.length, 0);
    assert.equal(gone.members.get('m1')?.status, 'NO_DEAL');
    assert.match(gone.teamProblem ?? '', /удалена/);
  });

  it('keeps one grant per member, record and team; the highest level counts across teams', () => {
    const a = teamGrants(team1, [member({ id: 'm1' })], [], graph, TODAY).grants;
    const b = teamGrants(
      { id: 'team2', name: 'Б', opportunityId: 'd1' },
      [member({ id: 'm9', teamId: 'team2', accessLevel: 'EDIT' })],
      [],
      graph,
      TODAY,
    ).grants;
    const onDeal = [...a, ...b].filter((g) => g.recordId === 'd1');
    assert.equal(onDeal.length, 2);
    assert.equal(effectiveLevel(onDeal, 'anna'), 'EDIT');
    assert.equal(effectiveLevel(onDeal, 'boris'), null);
  });

  it('diffs by cause: unchanged grants are left alone, each removed cause goes, duplicates go', () => {
    const desired = teamGrants(team1, [member({ id: 'm1' })], [], graph, TODAY).grants;
    const current = new Map(
      desired.map((g, i) => [
        g.key,
        { id: `id${i}`, level: g.level, reason: g.reason, expiresAt: g.expiresAt },
      ]),
    );
    assert.deepEqual(diffGrants(current, desired), { create: [], update: [], remove: [] });
    const fewer = desired.filter((g) => g.objectName !== 'task');
    const diff = diffGrants(current, fewer, ['dup']);
    assert.equal(diff.remove.length, 2);
    assert.ok(diff.remove.includes('dup'));
    const promoted = desired.map((g) => ({ ...g, level: 'EDIT' as const }));
    assert.equal(diffGrants(current, promoted).update.length, desired.length);
  });

  it('is deterministic and removes nothing it would create again (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('anna', 'boris', 'vera'), { maxLength: 5 }),
        fc.constantFrom('READ', 'EDIT', 'OWNER'),
        (people, level) => {
          const members = people.map((p, i) =>
            member({
              id: `m${i}`,
              memberId: p,
              accessLevel: level,
              createdAt: `2026-01-0${(i % 9) + 1}T00:00:00Z`,
            }),
          );
          const one = teamGrants(team1, members, [], graph, TODAY).grants;
          const two = teamGrants(team1, members, [], graph, TODAY).grants;
          assert.deepEqual(one, two);
          const keys = new Set(one.map((g) => g.key));
          assert.equal(keys.size, one.length);
        },
      ),
    );
  });
});

describe('adding a member', () => {
  const deal = { id: 'd1', name: 'Аудит', companyId: 'c1', pointOfContactId: null, ownerId: 'owner' };
  const base = {
    memberId: 'boris',
    deal,
    memberActive: true,
    others: [],
    now: new Date('2026-06-01T10:00:00Z'),
  };

  it('gives the owner and the lead OWNER, others their own level, strangers nothing', () => {
    const members = [member({ id: 'm1', memberId: 'anna', accessLevel: 'EDIT' })];
    assert.equal(adderLevel('owner', deal, team1, members, TODAY), 'OWNER');
    assert.equal(adderLevel('lead', deal, { leadId: 'lead' }, members, TODAY), 'OWNER');
    assert.equal(adderLevel('anna', deal, team1, members, TODAY), 'EDIT');
    assert.equal(adderLevel('zoe', deal, team1, members, TODAY), null);
  });

  it('refuses a level above the adder’s own, a member twice, a deactivated account, a deleted deal, bad dates', () => {
    assert.equal(
      checkAddition({ ...base, requested: 'OWNER', adder: 'EDIT' })?.code,
      'teams_level_above_own',
    );
    assert.equal(checkAddition({ ...base, requested: 'EDIT', adder: 'EDIT' }), null);
    assert.equal(checkAddition({ ...base, requested: 'OWNER', adder: 'ADMIN' }), null);
    assert.equal(checkAddition({ ...base, requested: 'READ', adder: null })?.code, 'teams_no_rights');
    assert.equal(
      checkAddition({ ...base, requested: 'READ', adder: 'OWNER', memberActive: false })?.code,
      'teams_member_inactive',
    );
    assert.equal(
      checkAddition({ ...base, requested: 'READ', adder: 'OWNER', deal: undefined })?.code,
      'teams_deal_deleted',
    );
    assert.equal(checkAddition({ ...base, requested: 'SUPER', adder: 'OWNER' })?.code, 'teams_bad_level');
    assert.equal(
      checkAddition({
        ...base,
        requested: 'READ',
        adder: 'OWNER',
        others: [member({ id: 'm1', memberId: 'boris' })],
      })?.code,
      'teams_member_twice',
    );
    assert.equal(
      checkAddition({
        ...base,
        requested: 'READ',
        adder: 'OWNER',
        others: [member({ id: 'm1', memberId: 'boris', validTo: '2026-01-01' })],
      }),
      null,
    );
    assert.equal(
      checkAddition({
        ...base,
        requested: 'READ',
        adder: 'OWNER',
        validFrom: '2026-09-01',
        validTo: '2026-08-01',
      })?.code,
      'teams_bad_dates',
    );
  });
});
