// Public entry of plugins/core/store: plugins and front doors import this file, not the ones beside it.
export * from './advisory-locks';
export * from './core-migrations';
export * from './group-commit';
export * from './migrations';
export * from './own-writes';
export * from './shared-secrets';
export * from './store';
