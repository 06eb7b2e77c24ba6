/**
 * The admin API behind `realty agency-user` and `realty agency-token` while
 * `realty start` holds the store: the same operations (admin.ts) through an
 * admin's route context. Role admin only.
 */
import { z } from 'zod';
import { defineRoute, type RouteContext, type RouteDeclaration, RouteError } from '../../core/plugin/index';
import {
  AdminError,
  agencyToken,
  createAgencyUser,
  resetLink,
  setActive,
  setPassword,
  unlockUser,
} from '../admin';
import { routeAdminPort } from '../admin-ports';

const ADMIN = ['admin'] as const;
const OBJECTS = ['agencyUser', 'agency'];

async function answer<T>(ctx: RouteContext, op: (port: ReturnType<typeof routeAdminPort>) => Promise<T>) {
  try {
    return { headers: { 'cache-control': 'no-store' }, body: await op(routeAdminPort(ctx)) };
  } catch (error) {
    if (error instanceof AdminError)
      throw new RouteError(
        error.status,
        error.code,
        error.message,
        error.field ? { field: error.field } : {},
      );
    throw error;
  }
}

const email = z.strictObject({ email: z.string() });

export const adminRoutes: readonly RouteDeclaration[] = [
  defineRoute({
    method: 'GET',
    path: '/api/agencies/users',
    roles: ADMIN,
    description: 'Agency users (optionally of one agency)',
    objects: OBJECTS,
    query: z.strictObject({ agency: z.string().optional() }),
    handler: (request, ctx) =>
      answer(ctx, async (port) => {
        const agency = request.query.agency ? await port.findAgency(request.query.agency) : undefined;
        if (request.query.agency && !agency)
          throw new AdminError(404, 'agency_not_found', `no agency "${request.query.agency}"`, 'agency');
        return { users: await port.listUsers(agency?.id) };
      }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/agencies/users',
    roles: ADMIN,
    description: 'Create an agency user (with a password, or a password link to send them)',
    objects: OBJECTS,
    body: z.strictObject({
      agency: z.string(),
      email: z.string(),
      name: z.string(),
      phone: z.string().optional(),
      role: z.string().optional(),
      password: z.string().optional(),
      dryRun: z.boolean().optional(),
    }),
    handler: (request, ctx) =>
      answer(ctx, (port) => createAgencyUser(port, request.body, request.body.dryRun)),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/agencies/users/password',
    roles: ADMIN,
    description: 'Set an agency user’s password (ends their portal sessions)',
    objects: OBJECTS,
    body: z.strictObject({ email: z.string(), password: z.string() }),
    handler: (request, ctx) =>
      answer(ctx, (port) => setPassword(port, request.body.email, request.body.password)),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/agencies/users/reset-link',
    roles: ADMIN,
    description: 'A one-time link for an agency user to set a new password',
    objects: OBJECTS,
    body: email,
    handler: (request, ctx) => answer(ctx, (port) => resetLink(port, request.body.email)),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/agencies/users/active',
    roles: ADMIN,
    description: 'Deactivate (ends their sessions; tokens stop working) or reactivate an agency user',
    objects: OBJECTS,
    body: z.strictObject({ email: z.string(), active: z.boolean() }),
    handler: (request, ctx) =>
      answer(ctx, (port) => setActive(port, request.body.email, request.body.active)),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/agencies/users/unlock',
    roles: ADMIN,
    description: 'Lift a lock-out after wrong passwords',
    objects: OBJECTS,
    body: email,
    handler: (request, ctx) => answer(ctx, (port) => unlockUser(port, request.body.email)),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/agencies/token',
    roles: ADMIN,
    description: 'A partner API token for an agency user (≤ 15 minutes)',
    objects: OBJECTS,
    body: z.strictObject({ email: z.string(), ttl: z.number().int().optional() }),
    handler: (request, ctx) => answer(ctx, (port) => agencyToken(port, request.body.email, request.body.ttl)),
  }),
];
