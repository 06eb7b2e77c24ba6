/**
 * Functions-framework targets (`npx functions-framework --target=twentyEvents`)
 * for Cloud Functions or any functions-framework host. Each wraps the same
 * framework-agnostic handler the local server mounts. Configuration comes
 * from the environment (see plugins/core/config.ts); the store must be a
 * Postgres server (REALTY_DATABASE_URL) shared with the workers, since a
 * function instance's disk is not.
 */
import { join } from 'node:path';
import { http, type Request, type Response } from '@google-cloud/functions-framework';
import { createTwentyEventsHandler, type TwentyEventsHandler } from '../plugins/core/intake/index';
import { createLogger } from '../plugins/core/runtime/index';
import { ConfigError, loadConfig } from '../plugins/core/settings/index';
import { openStore } from '../plugins/core/store/index';

let intake: Promise<TwentyEventsHandler> | undefined;

async function createIntake(): Promise<TwentyEventsHandler> {
  const config = loadConfig(process.env);
  const log = createLogger({ level: config.logLevel, name: 'twentyEvents' });
  if (!config.twentyWebhookSecret)
    throw new ConfigError(['TWENTY_WEBHOOK_SECRET: missing; the intake verifies every event with it']);
  const store = await openStore({
    ...(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: join(config.home, 'store') }),
    log,
  });
  return createTwentyEventsHandler({ store, secret: config.twentyWebhookSecret, log });
}

/** The HTTP function; exported so a host can mount it without the registry side effect. */
export async function twentyEvents(req: Request, res: Response): Promise<void> {
  intake ??= createIntake().catch((error: unknown) => {
    intake = undefined;
    throw error;
  });
  let handler: TwentyEventsHandler;
  try {
    handler = await intake;
  } catch (error) {
    const lines =
      error instanceof ConfigError ? error.problems : ['the intake could not start; see the function log'];
    console.error(lines.join('\n'));
    res.status(500).json({ error: 'intake_not_configured', problems: lines });
    return;
  }
  const rawBody = req.rawBody ?? (typeof req.body === 'string' ? req.body : undefined);
  const result = await handler({ method: req.method, headers: req.headers, rawBody });
  res
    .status(result.status)
    .set(result.headers ?? {})
    .send(result.body);
}

http('twentyEvents', twentyEvents);
