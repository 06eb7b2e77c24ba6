import type { ImportPlan, ImportSettings, ParsedWorkbook, RegistrySnapshot } from './import-types';

export interface PlanContext {
  registry: RegistrySnapshot;
  settings?: Partial<ImportSettings>;
  /** Who imports (staff e-mail or id): importBatch.uploadedBy and unitChange.changedBy. */
  actor: string;
  /** Overrides the deterministic batch id (uuidV5 of the checksum). */
  batchId?: string;
}

export function planImport(_parsed: ParsedWorkbook, _ctx: PlanContext): ImportPlan {
  throw new Error('TODO');
}
