// Public entry of plugins/core/access: principals, policies, scoped reader and writer.
export * from './access-types';
export * from './define-policy';
