/**
 * Operator endpoints of the running app (staff role `admin`): the CLI uses
 * them while `realty start` holds the embedded store (one process may open a
 * PGlite directory), and they work the same against a server store. Refusals
 * answer the one error body `{ status, code, message, field? }`.
 */
import type { FastifyInstance } from 'fastify';
import { withOrigin } from '../plugins/core/events/index';
import { errorBody, preferredLang } from '../plugins/core/plugin/index';
import { type Runtime, redactSecrets } from '../plugins/core/runtime/index';
import { SchedulerError } from '../plugins/core/scheduler/index';
import { healthReport } from './health-report';
import { requireStaff } from './staff-session';

export const ADMIN_PREFIX = '/api/admin';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function registerAdminRoutes(
  app: FastifyInstance,
  runtime: Runtime,
  staffSecret: string,
  options: { twentyUrl: string },
): void {
  const admin = { secret: staffSecret, roles: ['admin'] as const };
  app.get(`${ADMIN_PREFIX}/health`, async (request, reply) => {
    if (!requireStaff(request, reply, admin)) return reply;
    // Always 200: the report says what fails (`ok` inside); /healthz is the load balancer's status code.
    return healthReport(runtime, { twentyUrl: options.twentyUrl, knownSecrets: [staffSecret] });
  });
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
        return reply.code(404).send(errorBody(404, 'job_not_found', error.message, { field: 'name' }));
      }
      throw error;
    }
  });
  // What the read model holds for one record: lets an operator (and the end-to-end tests) see
  // whether a webhook reached the replica without opening the embedded store the app holds.
  app.get(`${ADMIN_PREFIX}/read-model/:object/:id`, async (request, reply) => {
    if (!requireStaff(request, reply, admin)) return reply;
    const { object, id } = request.params as { object: string; id: string };
    if (!runtime.store.readModel.has(object))
      return reply.code(404).send(
        errorBody(
          404,
          'read_model_object_unknown',
          {
            ru: `«${object}» нет в реплике (реплицируются: ${runtime.store.readModel.objects().join(', ')})`,
            en: `"${object}" is not in the read model (replicated: ${runtime.store.readModel.objects().join(', ')})`,
          },
          { field: 'object' },
        ),
      );
    if (!UUID.test(id))
      return reply
        .code(400)
        .send(
          errorBody(
            400,
            'invalid_id',
            { ru: `«${id}» — не UUID`, en: `'${id}' is not a valid UUID` },
            { field: 'id' },
            preferredLang(request.headers['accept-language']),
          ),
        );
    const row = await runtime.store.readModel.get(object, id);
    return (
      row ??
      reply
        .code(404)
        .send(
          errorBody(
            404,
            'record_not_found',
            { ru: `в реплике нет записи ${object} ${id}`, en: `the read model holds no ${object} ${id}` },
            {},
            preferredLang(request.headers['accept-language']),
          ),
        )
    );
  });
  // `realty seed-demo` while the app owns the embedded store: every enabled plugin's seed, in order.
  app.post(`${ADMIN_PREFIX}/seed`, async (request, reply) => {
    if (!requireStaff(request, reply, admin)) return reply;
    const seeds = [];
    for (const seed of runtime.registry.seeds) {
      const counts = await withOrigin({ plugin: seed.plugin, kind: 'seed', name: 'seed' }, () =>
        seed.run(runtime.contextFor(seed.plugin), {}),
      );
      seeds.push({ plugin: seed.plugin, description: seed.description, counts });
    }
    return { seeds };
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
  const secrets = runtime.knownSecrets;
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
      error: job.lastError === null ? null : redactSecrets(job.lastError, secrets),
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
