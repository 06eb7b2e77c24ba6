/**
 * The one error body every route answers with, and every page shows the same
 * way: `{ status, code, message, field?, row? }`. Routes throw `RouteError`
 * (or a subclass); the app server turns it — and a zod validation failure, an
 * access refusal — into this body. Anything else is a 500 whose message says
 * to look in the log (the log has the details; the caller gets no internals).
 */
export interface ErrorBody {
  status: number;
  /** Stable, snake_case: `chessboard_bad_filter`, `access_denied`, `plan_not_found`. */
  code: string;
  /** For a person: what is wrong and what to do. */
  message: string;
  /** The parameter, query key, body field or column it concerns. */
  field?: string;
  /** The row it concerns (imports), 1-based as people count. */
  row?: number;
}

export class RouteError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field?: string;
  readonly row?: number;
  constructor(status: number, code: string, message: string, options: { field?: string; row?: number } = {}) {
    super(message);
    this.name = 'RouteError';
    this.status = status;
    this.code = code;
    if (options.field !== undefined) this.field = options.field;
    if (options.row !== undefined) this.row = options.row;
  }
  toBody(): ErrorBody {
    return {
      status: this.status,
      code: this.code,
      message: this.message,
      ...(this.field !== undefined ? { field: this.field } : {}),
      ...(this.row !== undefined ? { row: this.row } : {}),
    };
  }
}

export const badRequest = (code: string, message: string, field?: string) =>
  new RouteError(400, code, message, field !== undefined ? { field } : {});
export const notFound = (code: string, message: string) => new RouteError(404, code, message);
export const forbidden = (code: string, message: string) => new RouteError(403, code, message);

export function errorBody(
  status: number,
  code: string,
  message: string,
  extra: { field?: string; row?: number } = {},
): ErrorBody {
  return { status, code, message, ...extra };
}

/**
 * A page that shows its loader's refusal instead of a JSON error: runs `load`, and a RouteError it
 * throws (404, 403, a bad id) becomes the page's status and the `problem` the page renders in the
 * shell; any other error still reaches the one error body.
 */
export async function pageResponse<T>(
  load: () => Promise<T>,
  render: (outcome: { view?: T; problem?: ErrorBody }) => string,
): Promise<{ status?: number; headers: Record<string, string>; body: string }> {
  const headers = { 'content-type': 'text/html; charset=utf-8' };
  try {
    return { headers, body: render({ view: await load() }) };
  } catch (error) {
    if (!(error instanceof RouteError)) throw error;
    return { status: error.status, headers, body: render({ problem: error.toBody() }) };
  }
}
