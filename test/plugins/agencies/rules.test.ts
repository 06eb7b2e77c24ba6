/**
 * The agencies' pure rules: a scope from grants (union of places exactly,
 * kinds and statuses per axis, the lowest level, validity by Moscow date), the
 * partner token (pinned algorithm, audience, issuer, kid, lifetime), passwords
 * (scrypt, constant-time compare, rules) and the unit list's cursor.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import jwt from 'jsonwebtoken';
import { decodeCursor, encodeCursor } from '../../../plugins/agencies/api/cursor';
import { moscowToday } from '../../../plugins/agencies/gateway/resolve';
import {
  issuePartnerToken,
  PARTNER_AUDIENCE,
  PARTNER_ISSUER,
  PartnerTokenError,
  verifyPartnerToken,
} from '../../../plugins/agencies/gateway/tokens';
import { hashPassword, passwordProblem, verifyPassword } from '../../../plugins/agencies/rules/passwords';
import { type GrantRow, grantActive, scopeFromGrants } from '../../../plugins/agencies/rules/scope';
import { RouteError } from '../../../plugins/core/plugin/index';

const grant = (over: Partial<GrantRow>): GrantRow => ({
  complexId: null,
  buildingId: null,
  sectionId: null,
  kinds: null,
  statuses: null,
  validFrom: null,
  validTo: null,
  fieldLevel: 'BASIC',
  ...over,
});
const S = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('an agency scope from its grants', () => {
  it('admits nothing without an active grant', () => {
    const scope = scopeFromGrants([grant({ complexId: S(1), validTo: '2020-01-01' })], [], '2026-12-03');
    assert.deepEqual(scope.sectionIds, []);
    assert.deepEqual(scope.complexIds, []);
  });

  it('adds places up exactly, as the sections they cover', () => {
    const covered = [
      { id: S(11), buildingId: S(2), complexId: S(1) },
      { id: S(12), buildingId: S(2), complexId: S(1) },
      { id: S(31), buildingId: S(3), complexId: S(9) },
    ];
    const scope = scopeFromGrants(
      [
        grant({ complexId: S(1), fieldLevel: 'EXTENDED' }),
        grant({ buildingId: S(3), fieldLevel: 'EXTENDED' }),
      ],
      covered,
      '2026-12-03',
    );
    assert.deepEqual(scope.sectionIds, [S(11), S(12), S(31)]);
    assert.deepEqual(scope.buildingIds, [S(2), S(3)]);
    assert.deepEqual(scope.complexIds, [S(1), S(9)]);
    assert.equal(scope.fieldLevel, 'EXTENDED');
  });

  it('lifts an axis when any grant leaves it open, and takes the lowest level', () => {
    const scope = scopeFromGrants(
      [
        grant({ kinds: ['FLAT'], statuses: ['FREE'], fieldLevel: 'EXTENDED' }),
        grant({ kinds: ['OFFICE'], statuses: [] }),
      ],
      [],
      '2026-12-03',
    );
    assert.deepEqual(scope.kinds, ['FLAT', 'OFFICE']);
    assert.equal(scope.statuses, undefined);
    assert.equal(scope.sectionIds, undefined, 'a grant without a place opens every place');
    assert.equal(scope.fieldLevel, 'BASIC');
  });

  it('counts validity by the Moscow date, both ends inclusive', () => {
    assert.equal(grantActive({ validFrom: '2026-12-03', validTo: '2026-12-03' }, '2026-12-03'), true);
    assert.equal(grantActive({ validFrom: '2026-12-04', validTo: null }, '2026-12-03'), false);
    assert.equal(moscowToday(new Date('2026-12-03T21:30:00Z')), '2026-12-04');
  });
});

describe('partner tokens', () => {
  const key = { kid: 'k1', secret: 's'.repeat(40) };
  const subject = { userId: S(5), agencyId: S(6) };
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      return error instanceof PartnerTokenError ? error.code : String(error);
    }
    return 'accepted';
  };

  it('round-trips, caps the lifetime at 15 minutes, and verifies with any listed key', () => {
    const { token, expiresAt } = issuePartnerToken(subject, { key, ttlSeconds: 3600, now: new Date(0) });
    assert.equal(expiresAt.getTime(), 900_000);
    const claims = verifyPartnerToken(token, [{ kid: 'new', secret: 'n'.repeat(40) }, key], new Date(1000));
    assert.deepEqual({ userId: claims.userId, agencyId: claims.agencyId }, subject);
  });

  it('refuses every tampering', () => {
    const { token } = issuePartnerToken(subject, { key, ttlSeconds: 600 });
    const opts = {
      algorithm: 'HS256' as const,
      keyid: 'k1',
      issuer: PARTNER_ISSUER,
      audience: PARTNER_AUDIENCE,
      subject: S(5),
      expiresIn: 600,
    };
    assert.equal(
      code(() => verifyPartnerToken(token, [{ kid: 'k2', secret: key.secret }])),
      'partner_token_unknown_key',
    );
    assert.equal(
      code(() =>
        verifyPartnerToken(jwt.sign({ agency: S(6) }, key.secret, { ...opts, algorithm: 'HS384' }), [key]),
      ),
      'partner_token_bad_algorithm',
    );
    assert.equal(
      code(() =>
        verifyPartnerToken(jwt.sign({ agency: S(6) }, key.secret, { ...opts, audience: 'staff' }), [key]),
      ),
      'partner_token_wrong_audience',
    );
    assert.equal(
      code(() => verifyPartnerToken(jwt.sign({ agency: 'x' }, key.secret, opts), [key])),
      'partner_token_invalid',
    );
    assert.equal(
      code(() => verifyPartnerToken(`${token.slice(0, -2)}xx`, [key])),
      'partner_token_invalid',
    );
    assert.equal(
      code(() => verifyPartnerToken(token, [key], new Date(Date.now() + 3_600_000))),
      'partner_token_expired',
    );
  });
});

describe('passwords', () => {
  it('hashes with scrypt and verifies only the same password', async () => {
    const hash = await hashPassword('correct horse battery');
    assert.match(hash, /^scrypt\$16384\$8\$1\$/);
    assert.equal(await verifyPassword('correct horse battery', hash), true);
    assert.equal(await verifyPassword('correct horse batterY', hash), false);
    assert.equal(await verifyPassword('x', 'garbage'), false);
    assert.notEqual(await hashPassword('correct horse battery'), hash, 'salted');
  });
  it('says why a password is refused', () => {
    assert.match(String(passwordProblem('short')), /at least 10/);
    assert.match(String(passwordProblem('1234567890123')), /digits/);
    assert.equal(passwordProblem('a fine long password'), undefined);
  });
});

describe('the unit list cursor', () => {
  it('round-trips a unit id and refuses anything else with a 400 naming cursor', () => {
    fc.assert(
      fc.property(fc.uuid(), (id) => decodeCursor(encodeCursor(id)) === id),
      { numRuns: 50 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        try {
          decodeCursor(text);
          return /^[A-Za-z0-9_-]+$/.test(text); // only a real cursor decodes
        } catch (error) {
          return error instanceof RouteError && error.status === 400 && error.field === 'cursor';
        }
      }),
      { numRuns: 200 },
    );
  });
});
