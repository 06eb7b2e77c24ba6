// Public entry of plugins/core/read-model: plugins and front doors import this file, not the ones beside it.

export * from './change-feed';
export * from './read-model';
export * from './read-model-apply';
export * from './read-model-previous';
export * from './read-model-resync';
export * from './views';
