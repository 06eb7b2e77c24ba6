/**
 * Contract C13: the API-key rate limit. Devhost is started with a long bucket of
 * 5 tokens per minute so the limit is reached in six requests. A real Twenty is
 * never driven into its limit: the workspace's quota is shared with real users.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contractTargets } from './targets';
import { expectStatus, expectTwentyError } from './wire-assertions';

const LIMIT = 5;

for (const target of await contractTargets({
  rateLimit: { shortLimit: 1000, longLimit: LIMIT, longTtlMs: 60_000 },
})) {
  const skip =
    target.skip ??
    (target.isDevhost ? undefined : "not run on a real Twenty: it would burn the workspace's quota");
  describe(target.name, { skip }, () => {
    describe('C13 rate limit', () => {
      it('answers the request after the limit with 429, the limit in the message and no Retry-After', async () => {
        for (let i = 1; i <= LIMIT; i++) {
          const res = await target.http('GET', '/rest/people', { query: { limit: 1 } });
          expectStatus(res, 200);
        }
        const limited = await target.http('GET', '/rest/people', { query: { limit: 1 } });
        expectTwentyError(limited, 429, `Limit reached (${LIMIT} tokens per 60000 ms)`);
        assert.equal(limited.headers.get('retry-after'), null, 'Twenty sends no Retry-After header');

        const again = await target.http('POST', '/rest/people', {
          body: { name: { firstName: 'Never', lastName: 'Written' } },
        });
        expectStatus(again, 429);
      });

      it('does not count requests without a valid key', async () => {
        // The bucket is empty after the previous test, so an unauthenticated request
        // must still fail on authentication, not on the limit.
        const res = await target.http('GET', '/rest/people', { apiKey: null });
        expectStatus(res, 401);
      });
    });
  });
}
