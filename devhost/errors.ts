/**
 * Errors devhost answers with, shaped like Twenty's RestApiExceptionFilter:
 * `{ statusCode, error, messages: [string] }` (contract C12 — note the array).
 */
const ERROR_NAMES: Record<number, string> = {
  400: 'BadRequestException',
  401: 'UnauthorizedException',
  402: 'PaymentRequiredException',
  403: 'ForbiddenException',
  404: 'NotFoundException',
  409: 'ConflictException',
  422: 'UnprocessableEntityException',
  429: 'TooManyRequestsException',
  500: 'InternalServerErrorException',
};

export function errorNameForStatus(statusCode: number): string {
  return ERROR_NAMES[statusCode] ?? 'HttpException';
}

export interface TwentyErrorBody {
  statusCode: number;
  error: string;
  messages: string[];
  code?: string;
}

export class DevhostHttpError extends Error {
  readonly statusCode: number;
  readonly messages: string[];
  readonly errorName: string;
  readonly code?: string;

  constructor(
    statusCode: number,
    messages: string | string[],
    options: { error?: string; code?: string } = {},
  ) {
    const list = Array.isArray(messages) ? messages : [messages];
    super(list.join('; '));
    this.name = 'DevhostHttpError';
    this.statusCode = statusCode;
    this.messages = list;
    this.errorName = options.error ?? errorNameForStatus(statusCode);
    this.code = options.code;
  }

  toBody(): TwentyErrorBody {
    const body: TwentyErrorBody = {
      statusCode: this.statusCode,
      error: this.errorName,
      messages: this.messages,
    };
    if (this.code) body.code = this.code;
    return body;
  }
}

export const badRequest = (message: string, code?: string) => new DevhostHttpError(400, message, { code });
export const notFound = (message = 'Record not found') => new DevhostHttpError(404, message);
export const forbidden = (message = 'Forbidden resource') => new DevhostHttpError(403, message);
export const unauthorized = (message = 'Unauthorized') => new DevhostHttpError(401, message);
