import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../../../plugins/core/settings/config';

const SECRET = 'whsec-super-secret-value-1234567890';
const remote = {
  TWENTY_URL: 'https://crm.example.com/',
  TWENTY_API_KEY: 'api-key-value',
  TWENTY_WEBHOOK_SECRET: SECRET,
};

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.code, 'config_invalid');
    return error.problems;
  }
  assert.fail('expected a ConfigError');
}

describe('loadConfig', () => {
  it('starts in devhost mode with defaults when nothing is set', () => {
    const config = loadConfig({});
    assert.equal(config.twentyUrl, undefined);
    assert.equal(config.port, 4000);
    assert.equal(config.devhostPort, 3000);
    assert.equal(config.home, '.realty');
    assert.equal(config.publicUrl, 'http://localhost:4000');
    assert.equal(config.logLevel, 'info');
    assert.deepEqual(config.partnerJwtKeys, []);
  });

  it('normalises the Twenty URL and derives the public URL from PORT', () => {
    const config = loadConfig({ ...remote, TWENTY_URL: 'https://crm.example.com/rest/', PORT: '8080' });
    assert.equal(config.twentyUrl, 'https://crm.example.com');
    assert.equal(config.publicUrl, 'http://localhost:8080');
    assert.equal(config.twentyApiKey, 'api-key-value');
  });

  it('rejects a TWENTY_URL that is not an http(s) URL and says what it expects', () => {
    const problems = problemsOf({ ...remote, TWENTY_URL: 'crm.example.com' });
    assert.equal(problems.length, 1);
    assert.match(problems[0], /^TWENTY_URL: expected .*http\(s\).*got "crm\.example\.com"/);
  });

  it('asks for the API key when a Twenty URL is given without one', () => {
    const problems = problemsOf({ ...remote, TWENTY_API_KEY: undefined });
    assert.deepEqual(
      problems.map((p) => p.split(':')[0]),
      ['TWENTY_API_KEY'],
    );
    assert.match(problems[0], /missing/);
  });

  it('treats an empty variable as unset', () => {
    const problems = problemsOf({ ...remote, TWENTY_API_KEY: '   ' });
    assert.match(problems[0], /^TWENTY_API_KEY: missing/);
  });

  it('lists every problem at once, one line per variable', () => {
    const problems = problemsOf({
      TWENTY_URL: 'ftp://nope',
      TWENTY_WEBHOOK_SECRET: 'short',
      REALTY_DATABASE_URL: 'mysql://root:hunter2@db/x',
      PORT: 'eighty',
      PUBLIC_URL: 'not a url',
      STAFF_JWT_SECRET: 'tiny',
      PARTNER_JWT_KEYS: 'nokid',
      LOG_LEVEL: 'loud',
    });
    assert.deepEqual(
      problems.map((p) => p.split(':')[0]),
      [
        'TWENTY_URL',
        'TWENTY_API_KEY',
        'TWENTY_WEBHOOK_SECRET',
        'REALTY_DATABASE_URL',
        'PORT',
        'PUBLIC_URL',
        'STAFF_JWT_SECRET',
        'PARTNER_JWT_KEYS',
        'LOG_LEVEL',
      ],
    );
    for (const line of problems) assert.ok(!line.includes('\n'));
  });

  it('never echoes a secret or a database password in its messages', () => {
    let message = '';
    try {
      loadConfig({
        TWENTY_URL: 'https://crm.example.com',
        TWENTY_API_KEY: 'k',
        TWENTY_WEBHOOK_SECRET: 'short-secret',
        REALTY_DATABASE_URL: 'mysql://root:hunter2@db/x',
        STAFF_JWT_SECRET: 'staff-secret-too-short',
        PARTNER_JWT_KEYS: 'k1:partner-secret-short',
      });
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      message = error.message;
    }
    assert.ok(message.length > 0);
    for (const secret of ['short-secret', 'hunter2', 'staff-secret-too-short', 'partner-secret-short']) {
      assert.ok(!message.includes(secret), `message leaks ${secret}`);
    }
  });

  it('parses partner keys in rotation order and rejects a repeated kid', () => {
    const strong = 'x'.repeat(40);
    const config = loadConfig({ PARTNER_JWT_KEYS: `2025a:${strong}, 2024b:${strong}y` });
    assert.deepEqual(
      config.partnerJwtKeys.map((k) => k.kid),
      ['2025a', '2024b'],
    );
    const problems = problemsOf({ PARTNER_JWT_KEYS: `k:${strong},k:${strong}` });
    assert.match(problems[0], /appears twice/);
  });

  it('reads STAFF_SESSION_TTL as a duration (default 8 h) and refuses anything else in one line', () => {
    assert.equal(loadConfig({}).staffSessionTtlMs, 8 * 3_600_000);
    assert.equal(loadConfig({ STAFF_SESSION_TTL: '30m' }).staffSessionTtlMs, 30 * 60_000);
    assert.equal(loadConfig({ STAFF_SESSION_TTL: '1d' }).staffSessionTtlMs, 86_400_000);
    assert.deepEqual(problemsOf({ STAFF_SESSION_TTL: 'forever' }), [
      'STAFF_SESSION_TTL: expected a duration such as 30m, 8h or 1d, got "forever"',
    ]);
  });

  it("reads TWENTY_RATE_LIMIT as the workspace's requests a minute (default Twenty's 100) and refuses anything else", () => {
    assert.equal(loadConfig({}).twentyRateLimit, 100);
    assert.equal(loadConfig({ TWENTY_RATE_LIMIT: '600' }).twentyRateLimit, 600);
    for (const bad of ['0', '-5', '100/min', '2.5', '1000001'])
      assert.deepEqual(problemsOf({ TWENTY_RATE_LIMIT: bad }), [
        `TWENTY_RATE_LIMIT: expected the requests a minute your Twenty allows API keys (its API_RATE_LIMITING_LONG_LIMIT), a whole number 1-1000000, got "${bad}"`,
      ]);
  });

  it('accepts a postgres URL for the store', () => {
    const config = loadConfig({ REALTY_DATABASE_URL: 'postgresql://u:p@db.internal:5432/realty' });
    assert.equal(config.databaseUrl, 'postgresql://u:p@db.internal:5432/realty');
  });
});
