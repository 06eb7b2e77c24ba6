/**
 * The dependency rules of docs/DESIGN (Layout): dependencies point one way —
 * scripts, webhooks, migration → plugins → plugins/core → sdk, db (one exception:
 * plugins/migration/commands.ts loads the migration/ engine by a dynamic import). `npm test`
 * runs these rules (test/architecture/dependency-rules.test.ts), so a
 * wrong-way import fails the suite. The one rule a regular expression cannot
 * say — a plugin imports another plugin only if it lists it in `dependsOn` or
 * `uses` — is checked by that test against the registry; SQL naming another
 * plugin's objects or `rv_` tables by test/architecture/plugin-sql.test.ts.
 *
 * Run by hand: npm run deps
 */
/** Where requests, operators and tests come in; nothing below them imports them. */
const FRONT_DOORS = '^(webhooks|scripts|bench|test|migration)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'sdk-knows-no-project-code',
      comment: 'The Twenty client is a library: it knows no plugin, no devhost and no front door.',
      severity: 'error',
      from: { path: '^sdk/' },
      to: { path: '^(plugins|devhost|webhooks|scripts|bench|test|migration)/' },
    },
    {
      name: 'devhost-only-sdk-and-db',
      comment: 'devhost stands in for Twenty: it depends on nothing but sdk/ and db/.',
      severity: 'error',
      from: { path: '^devhost/' },
      to: { path: '^(plugins|webhooks|scripts|bench|test|migration)/' },
    },
    {
      name: 'db-knows-no-project-code',
      comment: 'db/ is the storage driver everything shares: it imports nothing of the project.',
      severity: 'error',
      from: { path: '^db/' },
      to: { path: '^(sdk|plugins|devhost|webhooks|scripts|bench|test|migration)/' },
    },
    {
      name: 'core-knows-no-plugin',
      comment: 'plugins/core is the runtime every plugin builds on: it imports no plugin folder.',
      severity: 'error',
      from: { path: '^plugins/core/' },
      to: { path: '^plugins/', pathNot: '^plugins/core/' },
    },
    {
      name: 'plugins-reach-no-front-door',
      comment:
        'Plugins (core included) never import devhost, webhooks, scripts, bench, tests or migration — ' +
        'with one exception, the next two rules.',
      severity: 'error',
      from: { path: '^plugins/' },
      to: { path: `^devhost/|${FRONT_DOORS}`, pathNot: '^migration/' },
    },
    {
      name: 'plugins-reach-no-migration-engine',
      comment:
        'The migration engine (top-level migration/) depends on plugins, not the other way round; ' +
        'only plugins/migration/commands.ts, which declares `realty migrate …`, reaches it (next rule).',
      severity: 'error',
      from: { path: '^plugins/', pathNot: '^plugins/migration/commands\\.ts$' },
      to: { path: '^migration/' },
    },
    {
      name: 'migration-engine-loaded-lazily',
      comment:
        'The one documented exception: plugins/migration/commands.ts loads the engine with a dynamic ' +
        "import() when a migrate command runs — never statically (types included), so the plugin's " +
        'declarations, the app and the other commands never load the engine.',
      severity: 'error',
      from: { path: '^plugins/migration/commands\\.ts$' },
      to: { path: '^migration/', dependencyTypesNot: ['dynamic-import'] },
    },
    {
      name: 'plugin-through-its-index',
      comment:
        "A plugin imports another plugin only through that plugin's index.ts (plugins/<name>/index.ts); " +
        'whether it may at all (dependsOn or uses) is checked by the architecture test.',
      severity: 'error',
      from: { path: '^plugins/([^/]+)/', pathNot: '^plugins/core/' },
      to: {
        path: '^plugins/[^/]+/',
        pathNot: ['^plugins/$1/', '^plugins/core/', '^plugins/[^/]+/index\\.ts$'],
      },
    },
    {
      name: 'core-through-its-entries',
      comment:
        'Plugins and front doors (tests excepted: they test internals) import plugins/core only through plugins/core/index.ts or a ' +
        "sub-folder's plugins/core/<sub>/index.ts, never the files beside it.",
      severity: 'error',
      from: { path: '^(plugins|webhooks|scripts|bench|migration)/', pathNot: '^plugins/core/' },
      to: {
        path: '^plugins/core/',
        pathNot: ['^plugins/core/index\\.ts$', '^plugins/core/[^/]+/index\\.ts$'],
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/' },
    // Type-only imports are dependencies too: a plugin naming another's types depends on it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    skipAnalysisNotInRules: false,
  },
};
