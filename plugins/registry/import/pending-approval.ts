import type { PluginContext } from '../../core/plugin-context';
import type { ApprovalOutcome } from './import-types';

export interface ApprovalContext {
  /** Who approves/rejects (a staff member's e-mail or id), written to unitChange.approvedBy. */
  approver: string;
}

export async function approvePending(
  _batchId: string,
  _changeIds: readonly string[] | 'all',
  _ctx: PluginContext,
  _opts: ApprovalContext,
): Promise<ApprovalOutcome> {
  throw new Error('TODO');
}

export async function rejectPending(
  _batchId: string,
  _changeIds: readonly string[] | 'all',
  _ctx: PluginContext,
  _opts: ApprovalContext,
): Promise<ApprovalOutcome> {
  throw new Error('TODO');
}
