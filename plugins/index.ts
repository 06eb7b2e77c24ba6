// Every installed capability, in any order (the registry sorts by dependsOn).

import { chessboardPlugin } from './chessboard/index';
import type { PluginDefinition } from './core/plugin/index';
import { registryPlugin } from './registry/index';

export const allPlugins: readonly PluginDefinition[] = [registryPlugin, chessboardPlugin];
