// Public entry of plugins/core/queue: plugins and front doors import this file, not the ones beside it.

export * from './queue';
export * from './queue-rows';
export * from './queue-types';
export * from './queue-worker';
