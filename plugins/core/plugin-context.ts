/**
 * What every handler, job and route receives. Handlers write to Twenty
 * through `twenty`, keep their own state in `store`, ask `clock` for the
 * time and never read `process.env` — `config` is already validated.
 */
import type { TwentyClient } from '../../sdk/index';
import type { Clock } from './clock';
import type { RealtyConfig } from './config';
import type { Logger } from './logger';
import type { Store } from './store/store';

export type { Clock } from './clock';
export type { Config, RealtyConfig } from './config';
export type { Logger } from './logger';
export type { Store } from './store/store';

export interface PluginContext {
  twenty: TwentyClient;
  store: Store;
  clock: Clock;
  log: Logger;
  config: RealtyConfig;
}
