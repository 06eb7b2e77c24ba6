import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configuredSecrets, redactSecrets } from '../../../../plugins/core/runtime/redact-secrets';

describe('redactSecrets', () => {
  it('keeps the user, host and database of a connection string and removes its password', () => {
    assert.equal(
      redactSecrets('connect ECONNREFUSED postgres://realty:S3cret-pw@db.internal:5432/realty'),
      'connect ECONNREFUSED postgres://realty:***@db.internal:5432/realty',
    );
  });

  it('removes password= pairs, bearer tokens and JWTs', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    const out = redactSecrets(
      `host=db password=hunter22 user=realty; Authorization: Bearer abc.def-123; token ${jwt}`,
    );
    assert.equal(out, 'host=db password=*** user=realty; Authorization: Bearer ***; token ***');
  });

  it('removes every configured secret wherever it appears, URL-encoded too', () => {
    const secret = 'p@ss/with:odd chars';
    const out = redactSecrets(`failed with ${secret} and ${encodeURIComponent(secret)}`, [secret]);
    assert.equal(out, 'failed with *** and ***');
  });

  it('leaves ordinary messages alone, and ignores configured secrets too short to search for', () => {
    const text = 'unit 4f1c… not found in building 12 (status FREE)';
    assert.equal(redactSecrets(text, ['FREE', undefined]), text);
  });

  it('collects the configured secrets, the database URL password among them', () => {
    assert.deepEqual(
      configuredSecrets({ twentyApiKey: 'api-key-1', databaseUrl: 'postgres://u:pa%40ss@h:5432/d' }, [
        'webhook-secret',
      ]).sort(),
      ['api-key-1', 'pa@ss', 'webhook-secret'],
    );
  });
});
