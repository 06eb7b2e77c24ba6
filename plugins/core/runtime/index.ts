// Public entry of plugins/core/runtime: plugins and front doors import this file, not the ones beside it.
export * from './clock';
export * from './logger';
export * from './redact-secrets';
export * from './runtime';
