import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemberCheck, type MemberStatus } from '../../../../plugins/core/auth/member-check';

describe('the workspace membership check', () => {
  it('asks Twenty once per member within the cache window, and again after it', async () => {
    let at = 0;
    const asked: string[] = [];
    let status: MemberStatus = 'active';
    const check = createMemberCheck({
      lookup: async (id) => {
        asked.push(id);
        return status;
      },
      ttlMs: 60_000,
      now: () => at,
    });
    assert.equal(await check.statusOf('m1'), 'active');
    status = 'removed';
    at = 59_999;
    assert.equal(await check.statusOf('m1'), 'active', 'still cached');
    at = 60_000;
    assert.equal(await check.statusOf('m1'), 'removed', 'refused once the minute is over');
    assert.deepEqual(asked, ['m1', 'm1']);
  });

  it('shares one lookup among concurrent requests, never caches a failure, and exempts the operator', async () => {
    let calls = 0;
    let fail = true;
    const check = createMemberCheck({
      lookup: async () => {
        calls += 1;
        if (fail) throw new Error('Twenty is down');
        return 'active';
      },
      exempt: ['operator'],
    });
    await assert.rejects(Promise.all([check.statusOf('m'), check.statusOf('m')]), /Twenty is down/);
    assert.equal(calls, 1);
    fail = false;
    assert.equal(await check.statusOf('m'), 'active');
    assert.equal(await check.statusOf('operator'), 'active');
    assert.equal(calls, 2);
  });
});
