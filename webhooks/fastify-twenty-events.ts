/**
 * Mounts the Twenty intake on a Fastify app. The route lives in its own
 * encapsulated scope whose JSON parser keeps the raw bytes — the signature is
 * over them, and the app's other routes keep Fastify's normal parsing.
 */
import type { FastifyInstance } from 'fastify';
import type { TwentyEventsHandler } from '../plugins/core/intake/index';
import { errorBody, preferredLang } from '../plugins/core/plugin/index';
import { frameworkErrorBody } from './plugin-routes';

export const TWENTY_EVENTS_PATH = '/webhooks/twenty';

export async function registerTwentyEventsRoute(
  app: FastifyInstance,
  handler: TwentyEventsHandler,
  options: { path?: string } = {},
): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    // A body too large, or a failure the handler did not answer, in the one error body too.
    scope.setErrorHandler((error, request, reply) => {
      const lang = preferredLang(request.headers['accept-language']);
      const failure = error as { statusCode?: number; message: string };
      if (failure.statusCode && failure.statusCode < 500) {
        const body = frameworkErrorBody(failure, lang);
        return reply.code(body.status).send(body);
      }
      request.log.error({ err: error }, 'the Twenty intake failed');
      const message = {
        ru: 'Событие не принято из-за ошибки на сервере; подробности — в журнале сервера',
        en: 'the event was not accepted: the server failed; see its log',
      };
      return reply.code(500).send(errorBody(500, 'internal_error', message, {}, lang));
    });
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
