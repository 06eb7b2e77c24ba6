/**
 * 400s raised while reading `filter`, `order_by` and cursors. The codes are
 * Twenty's (RestInputRequestParserExceptionCode, CommonQueryRunnerExceptionCode
 * INVALID_CURSOR) so a client can branch on them the same way against both.
 */
import { DevhostHttpError } from '../errors';

export type QueryErrorCode = 'INVALID_FILTER_QUERY_PARAM' | 'INVALID_ORDER_BY_QUERY_PARAM' | 'INVALID_CURSOR';

export class QueryParamError extends DevhostHttpError {
  declare readonly code: QueryErrorCode;

  constructor(code: QueryErrorCode, message: string) {
    super(400, message, { code });
    this.name = 'QueryParamError';
  }
}

export const invalidFilter = (message: string) => new QueryParamError('INVALID_FILTER_QUERY_PARAM', message);
export const invalidOrderBy = (message: string) =>
  new QueryParamError('INVALID_ORDER_BY_QUERY_PARAM', message);
export const invalidCursor = (cursor: string, reason: string) =>
  new QueryParamError('INVALID_CURSOR', `Invalid cursor: ${cursor} (${reason})`);
