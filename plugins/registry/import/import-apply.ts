import type { PluginContext } from '../../core/plugin-context';
import { ImportError } from './import-errors';
import type { ApplyImportOptions, ImportPlan, ImportResult } from './import-types';

export class ImportAbortedError extends ImportError {}

export async function applyImport(
  _plan: ImportPlan,
  _ctx: PluginContext,
  _opts: ApplyImportOptions = {},
): Promise<ImportResult> {
  throw new Error('TODO');
}
