/**
 * What every handler, job, seed, migration and command receives: the
 * project's own (system) powers. Handlers write to Twenty through `twenty`,
 * keep their own state in `store`, ask `clock` for the time and never read
 * `process.env` — `config` and each plugin's `settings` are already
 * validated. Routes get a `RouteContext` instead (scoped, see define-route.ts).
 */
import type { TwentyClient } from '../../../sdk/index';
import type { WriteOrigin } from '../events/origin';
import type { Clock } from '../runtime/clock';
import type { Logger } from '../runtime/logger';
import type { RealtyConfig } from '../settings/config';
import type { PluginSettings } from '../settings/define-settings';
import type { Store } from '../store/store';

export type { Clock } from '../runtime/clock';
export type { Logger } from '../runtime/logger';
export type { Config, RealtyConfig } from '../settings/config';
export type { Store } from '../store/store';

export interface PluginContext {
  twenty: TwentyClient;
  store: Store;
  clock: Clock;
  log: Logger;
  config: RealtyConfig;
  /** Every enabled plugin's parsed settings; read yours with `yourSettings.of(ctx)`. */
  settings: PluginSettings;
  /**
   * In a handler: who made the change when it is the project's own write (another handler, a job, a
   * route, a seed, a command — never this handler itself); absent when it was made in Twenty (a
   * person in the UI, another integration). A handler that judges only people's edits returns when set.
   */
  writtenBy?: WriteOrigin;
}
