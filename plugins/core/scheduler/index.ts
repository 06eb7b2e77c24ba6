// Public entry of plugins/core/scheduler: plugins and front doors import this file, not the ones beside it.
export * from './scheduler';
