/**
 * The plugin runtime: declare objects and plugins (`defineObject`,
 * `definePlugin`, `on`, `every`), check them as a whole (`createRegistry`),
 * provision them into a Twenty workspace (`provision`), and the context every
 * handler, job and route receives (`PluginContext`: twenty, store, clock, log, config).
 */
export * from './clock';
export * from './config';
export * from './declaration-error';
export * from './define-field';
export * from './define-object';
export * from './define-plugin';
export * from './deterministic-id';
export * from './dispatcher';
export * from './dispatcher-jobs';
export * from './logger';
export * from './metadata-names';
export type { PluginContext } from './plugin-context';
export * from './plugin-registry';
export * from './provision';
export * from './provision-apply';
export * from './provision-field-input';
export * from './provision-format';
export * from './provision-plan';
export * from './provision-webhook';
export * from './provision-workspace';
export * from './queue';
export * from './queue-worker';
export * from './read-model';
export * from './read-model-resync';
export * from './scheduler';
export * from './staff-token';
export * from './store/advisory-locks';
export * from './store/migrations';
export * from './store/own-writes';
export * from './store/store';
export * from './sweep';
