/**
 * Embed tokens as the exported Twenty app signs them: the member it names comes back; a forged,
 * tampered, expired, over-long, wrongly addressed or alg-swapped token is refused with a Russian
 * reason; REALTY_EMBED_ROLES maps e-mails to roles.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import jwt from 'jsonwebtoken';
import {
  EMBED_AUDIENCE,
  EMBED_ISSUER,
  EmbedTokenError,
  embedRoleOf,
  parseEmbedRoles,
  signEmbedToken,
  verifyEmbedToken,
} from '../../../../plugins/core/auth/embed-token';
import { loadConfig } from '../../../../plugins/core/settings/config';

const secret = 'the-secret-shared-with-the-twenty-app-0123456789';
const memberId = '6f0c2a4e-1d2b-4c3d-8e9f-0a1b2c3d4e5f';
const now = new Date('2026-12-07T10:00:00Z');

function refusal(fn: () => unknown): EmbedTokenError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof EmbedTokenError, `expected EmbedTokenError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the token to be refused');
}

describe('embed tokens', () => {
  it('names the workspace member the app signed it for, and verifies with a standard JWT library', () => {
    const token = signEmbedToken(memberId, { secret, now });
    assert.deepEqual(verifyEmbedToken(token, { secret, now }), { memberId });
    const decoded = jwt.verify(token, secret, { clockTimestamp: now.getTime() / 1000 }) as jwt.JwtPayload;
    assert.equal(decoded.iss, EMBED_ISSUER);
    assert.equal(decoded.aud, EMBED_AUDIENCE);
    assert.equal(decoded.sub, memberId);
  });

  it('refuses a token signed with another secret (forged) or altered after signing', () => {
    const forged = signEmbedToken(memberId, { secret: 'someone-elses-secret-0123456789-abcdef', now });
    const error = refusal(() => verifyEmbedToken(forged, { secret, now }));
    assert.equal(error.code, 'embed_invalid');
    assert.match(error.message, /недействителен/);
    const [head, , sig] = signEmbedToken(memberId, { secret, now }).split('.');
    const other = Buffer.from(
      JSON.stringify({
        iss: EMBED_ISSUER,
        aud: EMBED_AUDIENCE,
        sub: '11111111-2222-4333-8444-555555555555',
        iat: 1,
        exp: 2e9,
      }),
    ).toString('base64url');
    assert.equal(
      refusal(() => verifyEmbedToken(`${head}.${other}.${sig}`, { secret, now })).code,
      'embed_invalid',
    );
    assert.equal(refusal(() => verifyEmbedToken('not-a-jwt', { secret, now })).code, 'embed_invalid');
  });

  it('refuses an unsigned (alg none) token and a staff token addressed elsewhere', () => {
    const none = jwt.sign({ sub: memberId }, '', {
      algorithm: 'none',
      issuer: EMBED_ISSUER,
      audience: EMBED_AUDIENCE,
    } as jwt.SignOptions);
    assert.equal(refusal(() => verifyEmbedToken(none, { secret, now })).code, 'embed_invalid');
    const staff = jwt.sign({ email: 'a@b.c', role: 'admin' }, secret, {
      issuer: 'twenty-realty',
      audience: 'staff',
      subject: memberId,
      expiresIn: 60,
    });
    assert.equal(refusal(() => verifyEmbedToken(staff, { secret })).code, 'embed_invalid');
  });

  it('refuses an expired token, saying so in Russian', () => {
    const token = signEmbedToken(memberId, { secret, now, ttlSeconds: 120 });
    const later = new Date(now.getTime() + 121_000);
    const error = refusal(() => verifyEmbedToken(token, { secret, now: later }));
    assert.equal(error.code, 'embed_expired');
    assert.match(error.message, /срок действия токена встраивания истёк/);
    assert.match(error.en, /expired/);
  });

  it('refuses a token that claims to live longer than ten minutes, even correctly signed', () => {
    const token = signEmbedToken(memberId, { secret, now, ttlSeconds: 24 * 3600 });
    assert.equal(refusal(() => verifyEmbedToken(token, { secret, now })).code, 'embed_too_long');
  });

  it('says embedding is not configured when TWENTY_APP_SECRET is not set, and when the URL has no token', () => {
    const token = signEmbedToken(memberId, { secret, now });
    const error = refusal(() => verifyEmbedToken(token, { secret: undefined, now }));
    assert.equal(error.code, 'embed_not_configured');
    assert.match(error.message, /TWENTY_APP_SECRET/);
    assert.equal(refusal(() => verifyEmbedToken(undefined, { secret, now })).code, 'embed_missing');
  });
});

describe('REALTY_EMBED_ROLES and the embed settings', () => {
  it('gives members their role by e-mail (case-insensitive), everyone else the `*` role or none', () => {
    const { roles, problems } = parseEmbedRoles('Anna@Example.ru=sales, boss@example.ru=admin');
    assert.deepEqual(problems, []);
    assert.equal(embedRoleOf(roles, 'anna@example.RU'), 'sales');
    assert.equal(embedRoleOf(roles, 'boss@example.ru'), 'admin');
    assert.equal(embedRoleOf(roles, 'other@example.ru'), undefined);
    assert.equal(embedRoleOf(parseEmbedRoles('*=finance').roles, 'other@example.ru'), 'finance');
  });

  it('reports a bad entry, a short secret and a bad origin as configuration problems, never the secret', () => {
    try {
      loadConfig({
        REALTY_EMBED_ROLES: 'anna@example.ru=sales,bob@example.ru=boss',
        TWENTY_APP_SECRET: 'short-secret',
        REALTY_EMBED_ORIGINS: 'https://team.twenty.com,not a url',
      });
      assert.fail('expected a configuration error');
    } catch (error) {
      const problems = (error as { problems: string[] }).problems;
      assert.ok(
        problems.some((p) => /^REALTY_EMBED_ROLES: entry 2 /.test(p)),
        problems.join('\n'),
      );
      assert.ok(problems.some((p) => /^TWENTY_APP_SECRET: is 12 characters/.test(p)));
      assert.ok(problems.some((p) => /^REALTY_EMBED_ORIGINS: "not a url"/.test(p)));
      assert.ok(!problems.join('\n').includes('short-secret'));
    }
    const config = loadConfig({
      TWENTY_APP_SECRET: secret,
      REALTY_EMBED_ROLES: '*=sales',
      REALTY_EMBED_ORIGINS: 'https://team.twenty.com/',
    });
    assert.equal(config.embed.appSecret, secret);
    assert.deepEqual(config.embed.frameOrigins, ['https://team.twenty.com']);
  });
});
