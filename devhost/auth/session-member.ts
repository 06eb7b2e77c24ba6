/**
 * Devhost only — not part of Twenty. Real Twenty puts `workspaceMemberId` on
 * a webhook event when a signed-in user (a UI session) made the change; API
 * keys have no member (C17, C21). Devhost has no UI sessions, so a test that
 * must play "a member edited this in Twenty's UI" sends the admin key plus
 * `X-Devhost-Workspace-Member: <member uuid>`; the events of that request then
 * carry the member. Any other key with the header is refused, so a restricted
 * key cannot impersonate a person.
 */
import { badRequest, forbidden } from '../errors';
import type { AuthContext } from './api-keys';

export const DEVHOST_MEMBER_HEADER = 'x-devhost-workspace-member';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function withDevhostMember(auth: AuthContext, header: string | string[] | undefined): AuthContext {
  if (header === undefined) return auth;
  const value = Array.isArray(header) ? header[0] : header;
  if (!auth.permissions.isAdmin)
    throw forbidden(`${DEVHOST_MEMBER_HEADER} is accepted only with the admin API key`);
  if (!value || !UUID.test(value.trim()))
    throw badRequest(`${DEVHOST_MEMBER_HEADER} must be a workspace member's UUID`);
  return { ...auth, workspaceMemberId: value.trim().toLowerCase() };
}
