import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuthContext } from '../../../devhost/auth/api-keys';
import { ADMIN_ROLE, RolePermissions } from '../../../devhost/auth/permissions';
import { withDevhostMember } from '../../../devhost/auth/session-member';
import { DevhostHttpError } from '../../../devhost/errors';

const MEMBER = '3f1c2b7a-9d4e-4c1b-8a2f-5e6d7c8b9a01';
const auth = (isAdmin: boolean): AuthContext => ({
  workspaceId: 'ws',
  apiKeyId: 'key',
  apiKeyName: isAdmin ? 'Admin' : 'Reader',
  permissions: new RolePermissions(isAdmin ? ADMIN_ROLE : { label: 'Reader' }, isAdmin),
});

describe('the devhost-only member header', () => {
  it('leaves a request without the header as an API-key request with no member', () => {
    assert.equal(withDevhostMember(auth(true), undefined).workspaceMemberId, undefined);
  });

  it("attributes an admin key's request to the named member", () => {
    assert.equal(withDevhostMember(auth(true), MEMBER.toUpperCase()).workspaceMemberId, MEMBER);
  });

  it('refuses the header with any other key, so a restricted key cannot impersonate a person', () => {
    assert.throws(
      () => withDevhostMember(auth(false), MEMBER),
      (e: unknown) => e instanceof DevhostHttpError && e.statusCode === 403,
    );
  });

  it('refuses a value that is not a member id', () => {
    assert.throws(
      () => withDevhostMember(auth(true), 'sales@realty.local'),
      (e: unknown) => e instanceof DevhostHttpError && e.statusCode === 400,
    );
  });
});
