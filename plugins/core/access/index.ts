// Public entry of plugins/core/access: principals, policies, scoped reader and writer.

export * from './access-scope';
export * from './access-types';
export * from './data-access';
export * from './define-policy';
export * from './define-restriction';
export * from './partner-gateway';
export * from './plugin-storage';
export * from './refused-or-missing';
export * from './route-context';
export * from './row-rule';
export * from './scoped-reader';
export * from './scoped-writer';
export * from './sql-text';
