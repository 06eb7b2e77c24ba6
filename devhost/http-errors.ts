/**
 * Every error leaves devhost in Twenty's shape `{ statusCode, error, messages }`
 * (RestApiExceptionFilter), including Fastify's own (malformed JSON, unknown
 * route) and database constraint errors, which Twenty answers with 400 and the
 * database's message.
 */
import { DevhostHttpError, errorNameForStatus, type TwentyErrorBody } from './errors';

interface DatabaseErrorLike {
  code: string;
  message: string;
  constraint?: string;
}

function isDatabaseError(error: unknown): error is DatabaseErrorLike {
  const e = error as Partial<DatabaseErrorLike> | null;
  return typeof e?.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && typeof e.message === 'string';
}

export function toErrorBody(error: unknown): TwentyErrorBody {
  if (error instanceof DevhostHttpError) return error.toBody();
  if (isDatabaseError(error)) {
    if (error.code === '23505' && error.constraint?.endsWith('_pkey'))
      return body(400, 'Record already exists');
    // Integrity (23…) and data (22…) errors are the caller's input.
    if (error.code.startsWith('23') || error.code.startsWith('22')) return body(400, error.message);
    return body(500, 'Internal server error');
  }
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500)
    return body(status, (error as Error).message);
  return body(500, 'Internal server error');
}

function body(statusCode: number, message: string): TwentyErrorBody {
  return { statusCode, error: errorNameForStatus(statusCode), messages: [message] };
}
