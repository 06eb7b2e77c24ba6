/**
 * The agencies' pure rules: a scope from grants (each active grant kept whole,
 * the rules it gives units and places, the lowest level, validity by Moscow date), the
 * partner token (pinned algorithm, audience, issuer, kid, lifetime), passwords
 * (scrypt, constant-time compare, rules) and the unit list's cursor.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import jwt from 'jsonwebtoken';
import { decodeCursor, encodeCursor } from '../../../plugins/agencies/api/cursor';
import {
  issuePartnerToken,
  PARTNER_AUDIENCE,
  PARTNER_ISSUER,
  PartnerTokenError,
  verifyPartnerToken,
} from '../../../plugins/agencies/gateway/tokens';
import { hashPassword, passwordProblem, verifyPassword } from '../../../plugins/agencies/rules/passwords';
import {
  agencyScopeOf,
  buildingRule,
  complexRule,
  type GrantRow,
  grantActive,
  scopeFromGrants,
  sectionRule,
  toPartnerScope,
  unitRule,
} from '../../../plugins/agencies/rules/scope';
import { RouteError } from '../../../plugins/core/plugin/index';
import { moscowToday } from '../../../plugins/core/runtime/index';

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
    const scope = scopeFromGrants([grant({ complexId: S(1), validTo: '2020-01-01' })], '2026-12-03');
    assert.deepEqual(scope.grants, []);
    assert.equal(unitRule(scope), 'none');
    assert.equal(sectionRule(scope), 'none');
    assert.equal(buildingRule(scope), 'none');
    assert.equal(complexRule(scope), 'none');
  });

  it('keeps each grant whole: a unit rule per grant, on every axis it names', () => {
    const scope = scopeFromGrants(
      [
        grant({ sectionId: S(11), buildingId: S(2), kinds: ['FLAT'], statuses: ['SOLD'] }),
        grant({ buildingId: S(3), statuses: ['FREE'] }),
      ],
      '2026-12-03',
    );
    assert.deepEqual(unitRule(scope), {
      anyOf: [
        { sectionId: [S(11)], kind: ['FLAT'], status: ['SOLD'] },
        { buildingId: [S(3)], status: ['FREE'] },
      ],
    });
    assert.deepEqual(unitRule(scope, 'unit.'), {
      anyOf: [
        { 'unit.sectionId': [S(11)], 'unit.kind': ['FLAT'], 'unit.status': ['SOLD'] },
        { 'unit.buildingId': [S(3)], 'unit.status': ['FREE'] },
      ],
    });
  });

  it('shows the places inside a granted place or holding one; a grant without a place opens every place', () => {
    const scope = scopeFromGrants([grant({ sectionId: S(11) }), grant({ complexId: S(1) })], '2026-12-03');
    assert.deepEqual(sectionRule(scope), { anyOf: [{ id: [S(11)] }, { 'building.complexId': [S(1)] }] });
    assert.deepEqual(buildingRule(scope), {
      anyOf: [
        { complexId: [S(1)] },
        { inRecords: { object: 'section', field: 'buildingId', where: { id: [S(11)] } } },
      ],
    });
    assert.equal((complexRule(scope) as { anyOf: unknown[] }).anyOf.length, 2);
    const open = scopeFromGrants([grant({ kinds: ['FLAT'] }), grant({ sectionId: S(11) })], '2026-12-03');
    assert.equal(sectionRule(open), 'all');
    assert.equal(complexRule(open), 'all');
    assert.deepEqual(unitRule(open), { anyOf: [{ kind: ['FLAT'] }, { sectionId: [S(11)] }] });
    assert.equal(unitRule(scopeFromGrants([grant({})], '2026-12-03')), 'all');
  });

  it('takes the lowest level, and reads back only a scope it made', () => {
    const both = scopeFromGrants(
      [grant({ fieldLevel: 'EXTENDED' }), grant({ fieldLevel: 'BASIC' })],
      '2026-12-03',
    );
    assert.equal(both.fieldLevel, 'BASIC');
    const extended = scopeFromGrants([grant({ fieldLevel: 'EXTENDED' })], '2026-12-03');
    assert.equal(extended.fieldLevel, 'EXTENDED');
    assert.equal(agencyScopeOf({ scope: toPartnerScope(extended) }), extended);
    const forged = { scope: { grants: [{ place: { kind: 'everywhere' } }], fieldLevel: 'EXTENDED' } };
    assert.deepEqual(agencyScopeOf(forged as never).grants, [], 'a hand-made scope admits nothing');
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
