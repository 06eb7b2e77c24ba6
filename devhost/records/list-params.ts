/**
 * Query-string parameters of the records API, parsed with Twenty's rules and
 * messages (engine/api/rest/input-request-parsers/*).
 */
import { badRequest } from '../errors';

export const DEFAULT_LIMIT = 60;
export const MAX_RECORDS = 200;

export type QueryString = Record<string, unknown>;

/** A query parameter as one string (the first, when repeated). */
export function queryParam(query: QueryString, name: string): string | undefined {
  const v = query[name];
  if (Array.isArray(v)) return typeof v[0] === 'string' ? v[0] : undefined;
  return typeof v === 'string' ? v : undefined;
}

export function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_LIMIT;
  const limit = Number.parseInt(raw, 10);
  if (Number.isNaN(limit) || limit < 0) throw badRequest(`limit '${raw}' is invalid. Should be an integer`);
  return Math.min(limit, MAX_RECORDS);
}

export function parseDepth(raw: string | undefined): 0 | 1 {
  if (raw === undefined) return 0;
  if (raw === '0') return 0;
  if (raw === '1') return 1;
  throw badRequest(`'depth=${raw}' parameter invalid. Allowed values are 0, 1`);
}

export function parseTrueFlag(raw: string | undefined): boolean {
  return raw === 'true';
}
