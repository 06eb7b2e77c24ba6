/**
 * Turns a non-2xx answer from Twenty into the matching error class. Twenty's
 * exception filter sends `{ statusCode, error, messages: [..] }`; guards that
 * run before it (older versions) send NestJS's default `{ statusCode,
 * message, error }`, and the metadata API can forward GraphQL `errors`. All
 * three are accepted.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  TwentyApiError,
  type TwentyApiErrorInit,
  TwentyAuthenticationError,
  TwentyNotFoundError,
  TwentyPermissionError,
  TwentyRateLimitError,
  TwentyValidationError,
} from './errors';

const errorBodySchema = z.looseObject({
  statusCode: z.number().optional(),
  error: z.string().optional(),
  messages: z.array(z.unknown()).optional(),
  message: z.union([z.string(), z.array(z.unknown())]).optional(),
  errors: z.array(z.looseObject({ message: z.string().optional() })).optional(),
});

/** First four hex characters of sha256(key): enough to tell keys apart in a log, useless to an attacker. */
export function apiKeyFingerprint(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex').slice(0, 4);
}

export function readErrorBody(body: unknown): { error?: string; messages: string[] } {
  if (typeof body === 'string') return { messages: body.trim() ? [body.trim().slice(0, 500)] : [] };
  const parsed = errorBodySchema.safeParse(body);
  if (!parsed.success) return { messages: [] };
  const { error, messages, message, errors } = parsed.data;
  const collected: string[] = [];
  if (messages) collected.push(...messages.map(String));
  if (typeof message === 'string') collected.push(message);
  else if (Array.isArray(message)) collected.push(...message.map(String));
  if (errors) collected.push(...errors.map((e) => e.message ?? JSON.stringify(e)));
  return { error, messages: collected };
}

const STATUS_ERROR_NAMES: Record<number, string> = {
  400: 'BadRequestException',
  401: 'UnauthorizedException',
  403: 'ForbiddenException',
  404: 'NotFoundException',
  409: 'ConflictException',
  422: 'UnprocessableEntityException',
  429: 'TooManyRequestsException',
  500: 'InternalServerErrorException',
  502: 'BadGatewayException',
  503: 'ServiceUnavailableException',
  504: 'GatewayTimeoutException',
};

export interface ResponseFailure {
  status: number;
  body: unknown;
  method: string;
  path: string;
  requestId?: string;
  attempts?: number;
  apiKey: string;
}

export function errorFromResponse(failure: ResponseFailure): TwentyApiError {
  const { error, messages } = readErrorBody(failure.body);
  const init: TwentyApiErrorInit = {
    status: failure.status,
    error: error ?? STATUS_ERROR_NAMES[failure.status] ?? `HTTP ${failure.status}`,
    messages,
    method: failure.method,
    path: failure.path,
    requestId: failure.requestId,
    attempts: failure.attempts,
  };
  const said = messages.join(' ');
  switch (failure.status) {
    case 401:
      return new TwentyAuthenticationError({ ...init, keyFingerprint: apiKeyFingerprint(failure.apiKey) });
    case 403:
      // A guard that rejects the token answers NestJS's generic "Forbidden resource"; a role that lacks a permission says more.
      return /forbidden resource/i.test(said) || messages.length === 0
        ? new TwentyAuthenticationError({ ...init, keyFingerprint: apiKeyFingerprint(failure.apiKey) })
        : new TwentyPermissionError(init);
    case 404:
      return new TwentyNotFoundError(init);
    case 429:
      return new TwentyRateLimitError(init);
    case 400:
    case 422:
      // Older Twenty answered a missing record with 400, and its throttler with 400 "Limit reached".
      if (/record not found/i.test(said)) return new TwentyNotFoundError(init);
      if (/^limit reached/i.test(said)) return new TwentyRateLimitError(init);
      return new TwentyValidationError(init);
    default:
      return new TwentyApiError(init);
  }
}
