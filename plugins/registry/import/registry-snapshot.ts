import type { PluginContext } from '../../core/plugin-context';
import type { RegistrySnapshot } from './import-types';

export async function loadRegistrySnapshot(_ctx: PluginContext): Promise<RegistrySnapshot> {
  throw new Error('TODO');
}
