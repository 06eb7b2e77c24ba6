/**
 * Mounts the Twenty intake on a Fastify app. The route lives in its own
 * encapsulated scope whose JSON parser keeps the raw bytes — the signature is
 * over them, and the app's other routes keep Fastify's normal parsing.
 */
import type { FastifyInstance } from 'fastify';
import type { TwentyEventsHandler } from '../plugins/core/intake/index';

export const TWENTY_EVENTS_PATH = '/webhooks/twenty';

export async function registerTwentyEventsRoute(
  app: FastifyInstance,
  handler: TwentyEventsHandler,
  options: { path?: string } = {},
): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    scope.post(options.path ?? TWENTY_EVENTS_PATH, async (request, reply) => {
      const rawBody = Buffer.isBuffer(request.body) ? request.body : undefined;
      const res = await handler({
        method: request.method,
        headers: request.headers,
        rawBody: rawBody ?? Buffer.alloc(0),
      });
      return reply
        .code(res.status)
        .headers(res.headers ?? {})
        .send(res.body);
    });
  });
}
