import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import jwt from 'jsonwebtoken';
import {
  issueStaffToken,
  StaffTokenError,
  verifyStaffToken,
} from '../../../../plugins/core/auth/staff-token';

const secret = 'a-test-secret-that-is-long-enough-0123456789';
const identity = {
  memberId: '6f0c2a4e-1d2b-4c3d-8e9f-0a1b2c3d4e5f',
  email: 'admin@realty.local',
  role: 'admin' as const,
};

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof StaffTokenError, `expected StaffTokenError, got ${String(error)}`);
    return error.code;
  }
  assert.fail('expected the token to be refused');
}

describe('staff tokens', () => {
  it('gives back the member, e-mail and role it was issued for', () => {
    const token = issueStaffToken(identity, { secret });
    assert.deepEqual(verifyStaffToken(token, { secret }), identity);
  });

  it('refuses a token after its expiry', () => {
    const token = issueStaffToken(identity, { secret, ttl: '15m', now: new Date('2026-01-01T10:00:00Z') });
    assert.equal(
      codeOf(() => verifyStaffToken(token, { secret, now: new Date('2026-01-01T10:16:00Z') })),
      'expired',
    );
    assert.equal(verifyStaffToken(token, { secret, now: new Date('2026-01-01T10:14:00Z') }).role, 'admin');
  });

  it('refuses a token signed with another secret', () => {
    const token = issueStaffToken(identity, { secret: `${secret}-other` });
    assert.equal(
      codeOf(() => verifyStaffToken(token, { secret })),
      'invalid',
    );
  });

  it('refuses an unsigned (alg none) token even with valid claims', () => {
    const token = jwt.sign({ email: identity.email, role: 'admin' }, '', {
      algorithm: 'none',
      issuer: 'twenty-realty',
      audience: 'staff',
      subject: identity.memberId,
    });
    assert.equal(
      codeOf(() => verifyStaffToken(token, { secret })),
      'invalid',
    );
  });

  it('refuses a partner token (another audience) signed with the same secret', () => {
    const token = jwt.sign({ email: identity.email, role: 'admin' }, secret, {
      algorithm: 'HS256',
      issuer: 'twenty-realty',
      audience: 'partner',
      subject: identity.memberId,
    });
    assert.equal(
      codeOf(() => verifyStaffToken(token, { secret })),
      'wrong_audience',
    );
  });

  it('refuses a token whose role is not a staff role', () => {
    const token = jwt.sign({ email: identity.email, role: 'superuser' }, secret, {
      algorithm: 'HS256',
      issuer: 'twenty-realty',
      audience: 'staff',
      subject: identity.memberId,
    });
    assert.equal(
      codeOf(() => verifyStaffToken(token, { secret })),
      'bad_claims',
    );
  });

  it('says how to sign in when no token is given', () => {
    assert.equal(
      codeOf(() => verifyStaffToken(undefined, { secret })),
      'missing',
    );
  });

  it('refuses to issue tokens with a short secret', () => {
    assert.throws(() => issueStaffToken(identity, { secret: 'short' }), /at least 32 characters/);
  });
});
