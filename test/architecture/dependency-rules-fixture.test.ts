/**
 * The dependency rules can fail: a throw-away tree with one wrong-way import
 * per rule (and a few right-way ones) is cruised with the project's
 * .dependency-cruiser.cjs, and exactly the wrong ones are reported.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { cruise, describeViolation, undeclaredPluginImports } from './dependency-graph';

const FILES: Record<string, string> = {
  'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler' } }),
  'sdk/client.ts': "import { alpha } from '../plugins/alpha/index';\nexport const client = alpha;\n",
  'db/database.ts': 'export const db = 1;\n',
  'devhost/server.ts':
    "import { client } from '../sdk/client';\nimport { db } from '../db/database';\nimport { core } from '../plugins/core/index';\nexport const server = [client, db, core];\n",
  'plugins/core/index.ts': "export * from './queue/index';\nexport const core = 1;\n",
  'plugins/core/queue/index.ts': "export * from './queue';\n",
  'plugins/core/queue/queue.ts': "import { beta } from '../../beta/index';\nexport const queue = beta;\n",
  'plugins/alpha/index.ts':
    "import { internal } from '../beta/internal';\nimport { server } from '../../webhooks/server';\nexport const alpha = [internal, server];\n",
  'plugins/alpha/uses-core.ts':
    "import { queue } from '../core/queue/queue';\nimport { core } from '../core/index';\nexport const uses = [queue, core];\n",
  'plugins/beta/index.ts': "import { internal } from './internal';\nexport const beta = internal;\n",
  'plugins/beta/internal.ts': 'export const internal = 1;\n',
  'plugins/gamma/index.ts':
    "import { beta } from '../beta/index';\nimport { queue } from '../core/queue/index';\nexport const gamma = [beta, queue];\n",
  'plugins/delta/index.ts': "import { beta } from '../beta/index';\nexport const delta = beta;\n",
  'plugins/epsilon/index.ts':
    "import { beta } from '../beta/index';\nimport { internal } from '../beta/internal';\nexport const epsilon = [beta, internal];\n",
  'webhooks/server.ts':
    "import { queue } from '../plugins/core/queue/queue';\nimport { delta } from '../plugins/delta/index';\nexport const server = [queue, delta];\n",
};

describe('dependency rules catch wrong-way imports (fixture tree)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'realty-depcruise-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  for (const [file, text] of Object.entries(FILES)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  const result = cruise(['sdk', 'devhost', 'db', 'plugins', 'webhooks'], dir);

  it('reports each wrong-way import with its rule, and nothing else', () => {
    assert.deepEqual(result.summary.violations.map(describeViolation).sort(), [
      'devhost/server.ts → plugins/core/index.ts: devhost-only-sdk-and-db',
      'plugins/alpha/index.ts → plugins/beta/internal.ts: plugin-through-its-index',
      'plugins/alpha/index.ts → webhooks/server.ts: plugins-reach-no-front-door',
      'plugins/alpha/uses-core.ts → plugins/core/queue/queue.ts: core-through-its-entries',
      'plugins/core/queue/queue.ts → plugins/beta/index.ts: core-knows-no-plugin',
      'plugins/epsilon/index.ts → plugins/beta/internal.ts: plugin-through-its-index',
      'sdk/client.ts → plugins/alpha/index.ts: sdk-knows-no-project-code',
      'webhooks/server.ts → plugins/core/queue/queue.ts: core-through-its-entries',
    ]);
  });

  it('reports a plugin importing a plugin it lists in neither dependsOn nor uses', () => {
    const plugins = new Map([
      ['alpha', { name: 'alpha', dependsOn: ['beta'] }],
      ['beta', { name: 'beta', dependsOn: [] }],
      ['gamma', { name: 'gamma', dependsOn: [] }],
      ['delta', { name: 'delta', dependsOn: ['beta'] }],
      // Optional cooperation: imports beta's index.ts (and, wrongly, a file beside it).
      ['epsilon', { name: 'epsilon', dependsOn: [], uses: ['beta'] }],
    ]);
    assert.deepEqual(undeclaredPluginImports(result, plugins), [
      'plugins/gamma/index.ts → plugins/beta/index.ts: plugin-not-in-depends-on ("gamma" lists "beta" in neither dependsOn nor uses)',
    ]);
    const withoutUses = new Map(plugins).set('epsilon', { name: 'epsilon', dependsOn: [], uses: [] });
    assert.equal(
      undeclaredPluginImports(result, withoutUses).filter((p) => p.startsWith('plugins/epsilon/')).length,
      2,
      'without uses, both of epsilon’s imports of beta are reported',
    );
  });
});
