// Public entry of plugins/core/pages: the one page shell, the formatters and the asset files.
export * from './asset-files';
export * from './embed';
export * from './format';
export * from './page-shell';
export * from './staff-roles';
