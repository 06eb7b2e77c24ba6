/**
 * The plugin runtime, by concern. Each sub-folder has one public entry; this
 * file gathers them for code that needs several (plugins may import either).
 */
export * from './access/index';
export * from './auth/index';
export * from './events/index';
export * from './intake/index';
export * from './pages/index';
export * from './plugin/index';
export * from './provisioning/index';
export * from './queue/index';
export * from './read-model/index';
export * from './runtime/index';
export * from './scheduler/index';
export * from './settings/index';
export * from './store/index';
