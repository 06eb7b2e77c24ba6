/**
 * What every handler, job and route receives. Handlers write to Twenty
 * through `twenty`, keep their own state in `store`, ask `clock` for the
 * time and never read `process.env` — `config` is already validated.
 */
import type { TwentyClient } from '../../../sdk/index';
import type { Clock } from '../runtime/clock';
import type { Logger } from '../runtime/logger';
import type { RealtyConfig } from '../settings/config';
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
}
