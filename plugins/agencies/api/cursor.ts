/** The unit list's page cursor: opaque text naming the last unit of the page; anything else is a 400. */
import { RouteError } from '../../core/plugin/index';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeCursor(lastId: string): string {
  return Buffer.from(JSON.stringify({ v: 1, after: lastId }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const bad = () =>
    new RouteError(400, 'partner_bad_cursor', 'cursor: not a cursor this API gave; start again without it', {
      field: 'cursor',
    });
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) throw bad();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  const after = (value as { v?: unknown; after?: unknown } | null)?.after;
  if ((value as { v?: unknown } | null)?.v !== 1 || typeof after !== 'string' || !UUID.test(after))
    throw bad();
  return after;
}
