/**
 * Writes a call's card into Twenty from its folded state: the phoneCall (deterministic id, upsert —
 * PBX fields only, never the operator's notes or outcome), the client found by the number, the
 * operator at the extension, and for a missed incoming call one callback task (deterministic ids)
 * linked to the client and assigned in turn to the call center's callback group. The same code
 * runs through an operator's scoped writer (their open /calls page claims a fresh call) and through
 * the system's client (the sync job's catch-up): it takes a DataAccess.
 */
import type { DataAccess } from '../core/access/index';
import { uuidV5 } from '../core/plugin/index';
import type { FoundPerson } from './card';
import { type CallRow, claimCall, markCallbackTask, releaseClaim, rememberPerson } from './inbox';
import { type CallState, needsCallback } from './rules/call-events';
import { formatPhone, normalizePhone } from './rules/phone';
import { memberAtExtension, type TelephonySettings } from './settings';

export type PersonLookup = (phone: string) => Promise<FoundPerson[]>;

/** How a sync finds the client by number and checks that a member the settings name exists. */
export interface SyncLookups {
  people: PersonLookup;
  /** A workspace member id from the settings is linked only when the workspace has it. */
  memberExists: (memberId: string) => Promise<boolean>;
}

export const callbackTaskId = (callCardId: string) => uuidV5(`telephony:callback-task:${callCardId}`);
const callbackTargetId = (callCardId: string) => uuidV5(`telephony:callback-target:${callCardId}`);

/** The phoneCall's fields the PBX decides. */
export function phoneCallValues(
  state: CallState,
  personId: string | null,
  operatorId: string | undefined,
  recordingUrl?: string,
) {
  const client = normalizePhone(state.clientNumber) ?? state.clientNumber;
  const line = normalizePhone(state.lineNumber) ?? state.lineNumber;
  const incoming = state.direction === 'INCOMING';
  const ours = line ?? state.extension;
  return {
    direction: state.direction,
    fromNumber: incoming ? client : ours,
    toNumber: incoming ? ours : client,
    personId,
    ...(operatorId ? { operatorId } : {}),
    startedAt: state.startedAt,
    answeredAt: state.answeredAt,
    endedAt: state.endedAt,
    durationSeconds: state.durationSeconds,
    status: state.status,
    provider: state.provider,
    providerCallId: state.callId,
    ...((recordingUrl ?? state.recordingUrl)
      ? {
          recordingUrl: {
            primaryLinkUrl: recordingUrl ?? state.recordingUrl,
            primaryLinkLabel: 'Запись разговора',
            secondaryLinks: null,
          },
        }
      : {}),
  };
}

export const recordingPath = (publicUrl: string, callCardId: string) =>
  `${publicUrl.replace(/\/+$/, '')}/api/telephony/calls/${callCardId}/recording`;

/** Who returns a missed call: the callback group in turn (stable per call), else nobody yet. */
export function callbackAssignee(group: readonly string[], callCardId: string): string | undefined {
  if (group.length === 0) return undefined;
  const n = Number.parseInt(callCardId.replace(/-/g, '').slice(0, 8), 16);
  return group[n % group.length];
}

/** Writes the card (and the callback task); the client found, for the caller's pop. */
export async function writeCallCard(
  access: DataAccess,
  row: CallRow,
  lookups: SyncLookups,
  settings: TelephonySettings,
): Promise<{ personId: string | null }> {
  const { state } = row;
  let personId = row.personId;
  if (!personId && state.clientNumber) {
    const [found] = await lookups.people(state.clientNumber);
    personId = found?.id ?? null;
    if (personId) await rememberPerson(access.storage, row.id, personId);
  }
  const member = memberAtExtension(settings, state.extension);
  const operatorId = member && (await lookups.memberExists(member)) ? member : undefined;
  // Zadarma's recording links expire: the card links our route, which asks for a fresh one.
  const recording =
    state.provider === 'zadarma' && state.recordingId ? recordingPath(access.publicUrl, row.id) : undefined;
  await access
    .records('phoneCall')
    .upsert({ id: row.id, ...phoneCallValues(state, personId, operatorId, recording) });
  if (needsCallback(state) && !row.callbackTask) {
    const taskId = callbackTaskId(row.id);
    const candidate = callbackAssignee(settings.callbackGroup, row.id);
    const assignee = candidate && (await lookups.memberExists(candidate)) ? candidate : undefined;
    const when = new Date(state.startedAt);
    await access.records('task').upsert({
      id: taskId,
      title: `Перезвонить: ${formatPhone(normalizePhone(state.clientNumber) ?? state.clientNumber)} (пропущенный звонок)`,
      status: 'TODO',
      dueAt: new Date(when.getTime() + 2 * 3_600_000).toISOString(),
      ...(assignee ? { assigneeId: assignee } : {}),
    });
    if (personId)
      await access.records('taskTarget').upsert({ id: callbackTargetId(row.id), taskId, personId });
    await markCallbackTask(access.storage, row.id, access.clock.now());
  }
  return { personId };
}

/**
 * Claims the call's unsynced version and writes it; false when someone else holds it (another page,
 * the job). A failed write gives the claim back so the job retries, and is rethrown.
 */
export async function syncClaimed(
  access: DataAccess,
  row: CallRow,
  lookups: SyncLookups,
  settings: TelephonySettings,
): Promise<boolean> {
  if (row.syncedVersion >= row.version) return false;
  if (!(await claimCall(access.storage, row))) return false;
  try {
    await writeCallCard(access, row, lookups, settings);
    return true;
  } catch (error) {
    await releaseClaim(access.storage, row);
    throw error;
  }
}
