import type { FastifyRequest } from 'fastify';
import type { AuthContext } from '../auth/api-keys';

const AUTH = new WeakMap<FastifyRequest, AuthContext>();

export function setAuth(request: FastifyRequest, auth: AuthContext): void {
  AUTH.set(request, auth);
}

/** The API key context the auth hook attached; every /rest route runs after that hook. */
export function authOf(request: FastifyRequest): AuthContext {
  const auth = AUTH.get(request);
  if (!auth)
    throw new Error(`no auth context on ${request.method} ${request.url}: the auth hook did not run`);
  return auth;
}
