// Public entry of plugins/core/intake: plugins and front doors import this file, not the ones beside it.

export * from './assemble-intake';
export * from './intake-journal';
export * from './twenty-events';
