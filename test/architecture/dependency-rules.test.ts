/**
 * The dependency rules of DESIGN.md, run over the code by dependency-cruiser:
 * a wrong-way import fails here with one line per violation (`from → to: rule`).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';
import type { PluginDefinition } from '../../plugins/core/plugin/index';
import { allPlugins } from '../../plugins/index';
import {
  CRUISED_FOLDERS,
  cruise,
  describeViolation,
  ROOT,
  undeclaredPluginImports,
  unresolvedImports,
} from './dependency-graph';

const result = cruise(CRUISED_FOLDERS);

function isPlugin(value: unknown): value is PluginDefinition {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'plugin';
}

// This file may run bundled (npm test) with no TypeScript loader: the plugins' index files are
// imported through one tsx namespace, so the modules they share load once.
const typescript = register({ namespace: 'dependency-rules' });

/** Each plugin folder → the plugin its index.ts exports (a folder without one is a problem). */
async function pluginFolders(): Promise<{ folders: Map<string, PluginDefinition>; problems: string[] }> {
  const folders = new Map<string, PluginDefinition>();
  const problems: string[] = [];
  const dir = path.join(ROOT, 'plugins');
  for (const name of readdirSync(dir)) {
    if (name === 'core' || !statSync(path.join(dir, name)).isDirectory()) continue;
    const index = path.join(dir, name, 'index.ts');
    if (!existsSync(index)) {
      problems.push(`plugins/${name}/ has no index.ts (a plugin's one public entry)`);
      continue;
    }
    const entry = (await typescript.import(pathToFileURL(index).href, import.meta.url)) as Record<
      string,
      unknown
    >;
    const plugin = Object.values(entry).find(isPlugin);
    if (plugin) folders.set(name, plugin);
    else problems.push(`plugins/${name}/index.ts exports no definePlugin(…) value`);
  }
  return { folders, problems };
}

describe('dependency rules (dependency-cruiser over sdk, devhost, db, plugins, webhooks, scripts, bench)', () => {
  it('cruises the whole code base and resolves every import', () => {
    assert.ok(result.summary.totalCruised > 100, `only ${result.summary.totalCruised} modules cruised`);
    assert.deepEqual(unresolvedImports(result), []);
  });

  it('finds no import against the rules of .dependency-cruiser.cjs', () => {
    const violations = result.summary.violations.map(describeViolation);
    assert.deepEqual(violations, [], `wrong-way imports:\n${violations.join('\n')}`);
  });

  it('every plugin folder holds one installed plugin, and a plugin imports only the plugins in its dependsOn or uses', async () => {
    const { folders, problems: folderProblems } = await pluginFolders();
    assert.deepEqual(folderProblems, []);
    const installed = new Set(allPlugins.map((p) => p.name));
    for (const [folder, plugin] of folders)
      assert.ok(
        installed.has(plugin.name),
        `plugins/${folder}/index.ts exports "${plugin.name}", not in allPlugins`,
      );
    for (const plugin of allPlugins)
      assert.ok(
        [...folders.values()].some((p) => p.name === plugin.name),
        `plugin "${plugin.name}" has no folder plugins/<name>/index.ts exporting it`,
      );
    const problems = undeclaredPluginImports(result, folders);
    assert.deepEqual(
      problems,
      [],
      `imports of plugins in neither dependsOn nor uses:\n${problems.join('\n')}`,
    );
  });
});
