/**
 * Functions-framework targets (`npx functions-framework --target=twentyEvents`)
 * for Cloud Functions or any functions-framework host. Each wraps the same
 * framework-agnostic handler the local server mounts, and the intake is the
 * one `realty start` runs (assembleIntake): the same journal decision
 * (REALTY_INTAKE_JOURNAL) and the same filter of objects the enabled plugins
 * (REALTY_PLUGINS) care about. Configuration comes from the environment; on
 * Cloud Functions the store must be a Postgres server (REALTY_DATABASE_URL)
 * shared with the workers, since a function instance's disk is not.
 */
import { join } from 'node:path';
import { http, type Request, type Response } from '@google-cloud/functions-framework';
import { assembleIntake, knownObjectsOf, type TwentyEventsHandler } from '../plugins/core/intake/index';
import { createRegistry, DeclarationError, selectPlugins } from '../plugins/core/plugin/index';
import { createLogger } from '../plugins/core/runtime/index';
import { ConfigError, loadConfig } from '../plugins/core/settings/index';
import { openStore } from '../plugins/core/store/index';
import { allPlugins } from '../plugins/index';

let intake: Promise<TwentyEventsHandler> | undefined;

async function createIntake(): Promise<TwentyEventsHandler> {
  const config = loadConfig(process.env);
  const log = createLogger({ level: config.logLevel, name: 'twentyEvents' });
  if (!config.twentyWebhookSecret)
    throw new ConfigError(['TWENTY_WEBHOOK_SECRET: missing; the intake verifies every event with it']);
  const registry = createRegistry(selectPlugins(allPlugins, config.plugins));
  const storeDir = config.databaseUrl ? undefined : join(config.home, 'store');
  const store = await openStore({
    ...(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: storeDir }),
    log,
  });
  try {
    const assembled = await assembleIntake({
      config,
      store,
      secret: config.twentyWebhookSecret,
      knownObjects: knownObjectsOf(registry),
      log,
      ...(storeDir ? { storeDir } : {}),
    });
    return assembled.intake;
  } catch (error) {
    await store.close();
    throw error;
  }
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
    // REALTY_PLUGINS naming an unknown plugin is a DeclarationError of the registry: a configuration problem too.
    const lines =
      error instanceof ConfigError
        ? error.problems
        : error instanceof DeclarationError
          ? error.problems.map((p) => `${error.subject}: ${p}`)
          : ['the intake could not start; see the function log'];
    if (!(error instanceof ConfigError || error instanceof DeclarationError)) console.error(error);
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
