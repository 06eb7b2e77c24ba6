import type { Writable } from 'node:stream';
import type { ImportPlan, ParsedWorkbook } from './import-types';

/** The file's rows with a status column and the problems; problem cells coloured. */
export async function writeImportReport(
  _parsed: ParsedWorkbook,
  _plan: ImportPlan,
  _out: string | Writable,
): Promise<void> {
  throw new Error('TODO');
}
