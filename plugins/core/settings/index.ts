// Public entry of plugins/core/settings: plugins and front doors import this file, not the ones beside it.
export * from './config';
export * from './define-settings';
export * from './plugin-settings';
