// Public entry of plugins/core/auth: plugins and front doors import this file, not the ones beside it.
export * from './staff-token';
