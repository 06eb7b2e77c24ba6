/**
 * One call as the PBX reports it, event by event, and what the call center keeps of it. Each
 * provider's adapter turns its webhook into `PbxEvent`s (keyed, ordered by `seq`); `foldCall`
 * replays every event of a call in order into one `CallState` — so a repeated event changes
 * nothing and an event that arrives late is put in its place.
 */

export const PROVIDERS = ['mango', 'zadarma'] as const;
export type Provider = (typeof PROVIDERS)[number];

export const CALL_STATUSES = ['ANSWERED', 'MISSED', 'BUSY', 'FAILED'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];
export type CallDirection = 'INCOMING' | 'OUTGOING';

export interface PbxEvent {
  provider: Provider;
  /** The provider's id of the whole call (Mango `entry_id`, Zadarma `pbx_call_id`). */
  callId: string;
  /** Unique within the call: a repeated delivery has the same key. */
  key: string;
  /** Order within the call (Mango `seq`; Zadarma by the event's place in a call). */
  seq: number;
  kind: 'ringing' | 'answered' | 'ended' | 'summary' | 'recording';
  /** When it happened, as the PBX says (or when it arrived, when the PBX does not say). */
  at: string;
  direction?: CallDirection;
  /** The client's number as the PBX sent it (digits). */
  clientNumber?: string;
  /** Our number the client dialled / called from. */
  lineNumber?: string;
  /** The operator's extension the PBX rings or connected. */
  extension?: string;
  /** Leg of the call (Mango `call_id`): several operators may ring at once. */
  leg?: string;
  status?: CallStatus;
  durationSeconds?: number;
  answeredAt?: string;
  endedAt?: string;
  startedAt?: string;
  recordingUrl?: string;
  /** The provider's recording id (Zadarma `call_id_with_rec`). */
  recordingId?: string;
}

export interface CallState {
  provider: Provider;
  callId: string;
  direction: CallDirection;
  clientNumber: string | null;
  lineNumber: string | null;
  extension: string | null;
  phase: 'ringing' | 'talking' | 'ended';
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  durationSeconds: number | null;
  status: CallStatus | null;
  recordingUrl: string | null;
  recordingId: string | null;
  /** The highest seq applied. */
  seq: number;
}

const earlier = (a: string | null, b: string | undefined) =>
  b === undefined ? a : a === null || Date.parse(b) < Date.parse(a) ? b : a;
const later = (a: string | null, b: string | undefined) =>
  b === undefined ? a : a === null || Date.parse(b) > Date.parse(a) ? b : a;

/** Every event of one call, in any order and with repeats, as one state. */
export function foldCall(events: readonly PbxEvent[]): CallState | undefined {
  const sorted = [...events].sort((a, b) => a.seq - b.seq || Date.parse(a.at) - Date.parse(b.at));
  const first = sorted[0];
  if (!first) return undefined;
  const state: CallState = {
    provider: first.provider,
    callId: first.callId,
    direction: 'INCOMING',
    clientNumber: null,
    lineNumber: null,
    extension: null,
    phase: 'ringing',
    startedAt: first.startedAt ?? first.at,
    answeredAt: null,
    endedAt: null,
    durationSeconds: null,
    status: null,
    recordingUrl: null,
    recordingId: null,
    seq: 0,
  };
  const legs = new Map<string, 'ringing' | 'answered' | 'ended'>();
  let answered = false;
  let summarised = false;
  for (const e of sorted) {
    state.seq = Math.max(state.seq, e.seq);
    if (e.direction) state.direction = e.direction;
    if (e.clientNumber) state.clientNumber = e.clientNumber;
    if (e.lineNumber) state.lineNumber = e.lineNumber;
    state.startedAt =
      earlier(state.startedAt, e.startedAt ?? (e.kind === 'ringing' ? e.at : undefined)) ?? e.at;
    if (e.recordingUrl) state.recordingUrl = e.recordingUrl;
    if (e.recordingId) state.recordingId = e.recordingId;
    const leg = e.leg ?? 'call';
    switch (e.kind) {
      case 'ringing':
        if (legs.get(leg) === undefined) legs.set(leg, 'ringing');
        // The operator being rung is shown until one answers.
        if (e.extension && !answered) state.extension = e.extension;
        break;
      case 'answered':
        legs.set(leg, 'answered');
        answered = true;
        if (e.extension) state.extension = e.extension;
        state.answeredAt = earlier(state.answeredAt, e.answeredAt ?? e.at);
        break;
      case 'ended':
        if (legs.get(leg) === 'answered') answered = true;
        legs.set(leg, 'ended');
        if (e.extension && !answered) state.extension = e.extension;
        state.endedAt = later(state.endedAt, e.endedAt ?? e.at);
        if (e.durationSeconds !== undefined) state.durationSeconds = e.durationSeconds;
        // A leg's busy/failed says nothing once another leg was answered.
        if (e.status && !summarised && !(answered && e.status !== 'ANSWERED')) state.status = e.status;
        break;
      case 'summary':
        summarised = true;
        for (const key of legs.keys()) legs.set(key, 'ended');
        legs.set(leg, 'ended');
        if (e.status) state.status = e.status;
        if (e.status === 'ANSWERED') answered = true;
        state.answeredAt = earlier(state.answeredAt, e.answeredAt);
        state.endedAt = later(state.endedAt, e.endedAt ?? e.at);
        if (e.durationSeconds !== undefined) state.durationSeconds = e.durationSeconds;
        break;
      case 'recording':
        break;
    }
  }
  const open = [...legs.values()].some((s) => s !== 'ended');
  state.phase = !open && legs.size > 0 ? 'ended' : answered ? 'talking' : 'ringing';
  if (state.phase === 'ended') {
    state.status ??= answered ? 'ANSWERED' : 'MISSED';
    if (state.durationSeconds === null)
      state.durationSeconds =
        state.answeredAt && state.endedAt
          ? Math.max(0, Math.round((Date.parse(state.endedAt) - Date.parse(state.answeredAt)) / 1000))
          : 0;
  }
  return state;
}

/** A missed call the call center must return: an incoming call nobody answered. */
export const needsCallback = (state: CallState): boolean =>
  state.phase === 'ended' && state.direction === 'INCOMING' && state.status === 'MISSED';
