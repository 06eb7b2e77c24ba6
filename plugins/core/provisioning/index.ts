// Public entry of plugins/core/provisioning: plugins and front doors import this file, not the ones beside it.

export * from './iframe-widgets';
export * from './provision';
export * from './provision-apply';
export * from './provision-field-input';
export * from './provision-format';
export * from './provision-labels';
export * from './provision-plan';
export * from './provision-views';
export * from './provision-webhook';
export * from './provision-workspace';
