/**
 * The Excel unit import: template → parse → plan (validation + diff against
 * the registry) → apply (resumable, protocolled in unitChange) → approve the
 * held price changes. `realty import-units` and the `/import` page both call
 * exactly these functions; planImport is pure, the others do the I/O.
 */

export { type PlanContext, planImport } from '../rules/import-plan';
export { applyImport, ImportAbortedError } from './import-apply';
export * from './import-columns';
export * from './import-errors';
export { writeImportReport } from './import-report';
export {
  buildImportTemplate,
  type ImportTemplateOptions,
  INSTRUCTIONS_SHEET,
  templateHeader,
  UNITS_SHEET,
  writeImportTemplate,
} from './import-template';
export * from './import-types';
export { type ApprovalContext, approvePending, rejectPending } from './pending-approval';
export { loadRegistrySnapshot } from './registry-snapshot';
export { type ParseOptions, parseUnitWorkbook } from './workbook-parser';
