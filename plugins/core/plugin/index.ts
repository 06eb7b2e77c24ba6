// Public entry of plugins/core/plugin: plugins and front doors import this file, not the ones beside it.
export * from './declaration-error';
export * from './define-command';
export * from './define-field';
export * from './define-object';
export * from './define-operation';
export * from './define-page';
export * from './define-plugin';
export * from './define-route';
export * from './deterministic-id';
export * from './metadata-names';
export * from './plugin-context';
export * from './plugin-registry';
export * from './route-error';
export * from './seed-finished';
export * from './standard-fields';
export * from './validation-error';
