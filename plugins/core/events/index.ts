// Public entry of plugins/core/events: plugins and front doors import this file, not the ones beside it.

export * from './dispatcher';
export * from './dispatcher-jobs';
export * from './origin';
export * from './sweep';
