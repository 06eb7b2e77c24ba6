/**
 * Operator endpoints of the running app (staff role `admin`): the CLI uses
 * them while `realty start` holds the embedded store (one process may open a
 * PGlite directory), and they work the same against a server store.
 */
import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../plugins/core/runtime';
import { SchedulerError } from '../plugins/core/scheduler';
import { requireStaff } from './staff-session';

export const ADMIN_PREFIX = '/api/admin';

export function registerAdminRoutes(app: FastifyInstance, runtime: Runtime, staffSecret: string): void {
  const admin = { secret: staffSecret, roles: ['admin'] as const };
  app.get(`${ADMIN_PREFIX}/queue`, async (request, reply) => {
    if (!requireStaff(request, reply, admin)) return reply;
    return queueStatus(runtime);
  });
  app.post(`${ADMIN_PREFIX}/queue/:id/retry`, async (request, reply) => {
    if (!requireStaff(request, reply, admin)) return reply;
    const { id } = request.params as { id: string };
    const retried = await runtime.store.queue.retryDead(id);
    return reply.code(retried ? 200 : 404).send({ retried, id });
  });
  app.get(`${ADMIN_PREFIX}/jobs`, async (request, reply) => {
    if (!requireStaff(request, reply, admin)) return reply;
    return jobsList(runtime);
  });
  app.post(`${ADMIN_PREFIX}/jobs/:name/run`, async (request, reply) => {
    if (!requireStaff(request, reply, admin)) return reply;
    const { name } = request.params as { name: string };
    try {
      return await runtime.scheduler.runJobNow(name);
    } catch (error) {
      if (error instanceof SchedulerError && error.code === 'scheduler_unknown_job') {
        return reply.code(404).send({ statusCode: 404, error: 'NotFound', messages: [error.message] });
      }
      throw error;
    }
  });
  app.post(`${ADMIN_PREFIX}/resync`, async (request, reply) => {
    if (!requireStaff(request, reply, admin)) return reply;
    const objects = (request.body as { objects?: string[] } | undefined)?.objects;
    return runtime.store.readModel.resync(
      runtime.twenty,
      objects && objects.length > 0 ? objects : undefined,
    );
  });
}

export async function queueStatus(runtime: Runtime) {
  const [stats, dead] = await Promise.all([
    runtime.store.queue.stats(),
    runtime.store.queue.deadLetters({ limit: 100 }),
  ]);
  return {
    stats,
    deadLetters: dead.map((job) => ({
      id: job.id,
      kind: job.kind,
      attempts: job.attempts,
      error: job.lastError,
      payload: job.payload,
    })),
  };
}

export async function jobsList(runtime: Runtime) {
  return {
    jobs: runtime.scheduler.jobs().map((j) => ({ ...j, nextRun: j.nextRun?.toISOString() ?? null })),
    recentRuns: await runtime.scheduler.recentRuns({ limit: 20 }),
  };
}
