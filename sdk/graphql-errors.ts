/**
 * Answers of Twenty's GraphQL endpoints (`/metadata`, `/graphql`) read the
 * way the REST errors are: one error class per actionable failure. Twenty's
 * errors carry `extensions.code` (UNAUTHENTICATED, FORBIDDEN, NOT_FOUND,
 * BAD_USER_INPUT, GRAPHQL_VALIDATION_FAILED …) and often a userFriendlyMessage.
 */
import { apiKeyFingerprint } from './error-response';
import {
  TwentyApiError,
  type TwentyApiErrorInit,
  TwentyAuthenticationError,
  TwentyNotFoundError,
  TwentyPermissionError,
  TwentyValidationError,
} from './errors';

export interface GraphQLError {
  message?: string;
  extensions?: { code?: string; subCode?: string; userFriendlyMessage?: string };
}

/** A GraphQL `errors` array → the sdk's error class for its code. */
export function errorFromGraphQL(init: {
  errors: GraphQLError[];
  method: string;
  path: string;
  apiKey: string;
}): TwentyApiError {
  const first = init.errors[0] ?? {};
  const code = first.extensions?.code ?? 'GRAPHQL_ERROR';
  const messages = init.errors.map((e) => e.extensions?.userFriendlyMessage ?? e.message ?? code);
  const base: TwentyApiErrorInit = {
    status: 400,
    error: code,
    messages,
    method: init.method,
    path: init.path,
  };
  switch (code) {
    case 'UNAUTHENTICATED':
      return new TwentyAuthenticationError({
        ...base,
        status: 401,
        keyFingerprint: apiKeyFingerprint(init.apiKey),
      });
    case 'FORBIDDEN':
      return new TwentyPermissionError({ ...base, status: 403 });
    case 'NOT_FOUND':
      return new TwentyNotFoundError({ ...base, status: 404 });
    default:
      return new TwentyValidationError(base);
  }
}

/** The server does not know `field` as a mutation: an older era. */
export function isUnknownMutation(error: unknown, field: string): boolean {
  return (
    error instanceof TwentyApiError && error.messages.some((m) => m.includes(`Cannot query field "${field}"`))
  );
}
