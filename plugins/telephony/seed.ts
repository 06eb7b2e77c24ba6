/**
 * The call center's demo: phone numbers on the demo clients (the auctions' demo buyers when that
 * plugin is installed, else two clients of our own), and four calls as the PBX would have reported
 * them — answered with notes, missed (a callback task), outgoing, and missed from an unknown
 * number. Deterministic ids; a second run finds the demo in place and changes nothing.
 */
import { in_ } from '../../sdk/index';
import { dataAccessOf } from '../core/access/index';
import type { PluginContext, SeedDeclaration } from '../core/plugin/index';
import { uuidV5 } from '../core/plugin/index';
import { callRow, phoneCallId, recordEvent, rememberPerson } from './inbox';
import type { PbxEvent } from './rules/call-events';
import { nationalPart } from './rules/phone';
import { telephonySettingsOf } from './settings';
import { writeCallCard } from './sync';

/** The auctions' demo buyers (payments:demo:person:i), whose cards show applications and contracts. */
const auctionsDemoPerson = (i: number) => uuidV5(`payments:demo:person:${i}`);

export const DEMO_CLIENTS = [
  { id: auctionsDemoPerson(0), firstName: 'Алексей', lastName: 'Смирнов', phone: '+79161234501' },
  { id: auctionsDemoPerson(1), firstName: 'Екатерина', lastName: 'Волкова', phone: '+79161234502' },
  { id: uuidV5('telephony:demo:person:3'), firstName: 'Ирина', lastName: 'Соколова', phone: '+79031234503' },
] as const;

const LINE = '74951234567';
const MINUTE = 60_000;

interface DemoCall {
  callId: string;
  client: string;
  personId: string | null;
  direction: 'INCOMING' | 'OUTGOING';
  ago: number;
  talkSeconds: number | null;
  notes?: string;
  outcome?: string;
}

function demoCalls(): DemoCall[] {
  const [a, b, c] = DEMO_CLIENTS;
  return [
    {
      callId: 'demo-1',
      client: a.phone,
      personId: a.id,
      direction: 'INCOMING',
      ago: 2 * 24 * 60,
      talkSeconds: 245,
      notes: 'Спрашивал о сроках сдачи корпуса 2 и условиях ипотеки',
      outcome: 'CONSULTATION',
    },
    {
      callId: 'demo-2',
      client: b.phone,
      personId: b.id,
      direction: 'INCOMING',
      ago: 26 * 60,
      talkSeconds: null,
    },
    {
      callId: 'demo-3',
      client: c.phone,
      personId: c.id,
      direction: 'OUTGOING',
      ago: 3 * 60,
      talkSeconds: 130,
      notes: 'Договорились о просмотре в субботу в 12:00',
      outcome: 'VIEWING',
    },
    {
      callId: 'demo-4',
      client: '+79267654321',
      personId: null,
      direction: 'INCOMING',
      ago: 50,
      talkSeconds: null,
    },
  ];
}

/** The events a Mango PBX would have sent for the demo call. */
function eventsOf(call: DemoCall, now: Date): PbxEvent[] {
  const start = new Date(now.getTime() - call.ago * MINUTE);
  const at = (seconds: number) => new Date(start.getTime() + seconds * 1000).toISOString();
  const digits = call.client.replace(/^\+/, '');
  const base = {
    provider: 'mango' as const,
    callId: call.callId,
    leg: `${call.callId}:1`,
    direction: call.direction,
    clientNumber: digits,
    lineNumber: LINE,
    extension: '101',
  };
  const ring = 20;
  const events: PbxEvent[] = [{ ...base, key: 'call:1', seq: 1, kind: 'ringing', at: at(0) }];
  if (call.talkSeconds !== null) {
    events.push({ ...base, key: 'call:2', seq: 2, kind: 'answered', at: at(ring), answeredAt: at(ring) });
    events.push({
      ...base,
      key: 'call:3',
      seq: 3,
      kind: 'ended',
      at: at(ring + call.talkSeconds),
      endedAt: at(ring + call.talkSeconds),
    });
  } else events.push({ ...base, key: 'call:2', seq: 2, kind: 'ended', at: at(ring), endedAt: at(ring) });
  return events;
}

async function ensureClients(ctx: PluginContext): Promise<number> {
  const people = ctx.twenty.records('person');
  // One read and one write for the three (Twenty's 100 requests a minute are shared with the other seeds).
  const ids = DEMO_CLIENTS.map((c) => c.id);
  const { records } = await people.list({ filter: in_('id', ids), limit: ids.length });
  const byId = new Map(records.map((r) => [r.id, r as { phones?: { primaryPhoneNumber?: string | null } }]));
  const rows = DEMO_CLIENTS.filter((c) => !byId.get(c.id)?.phones?.primaryPhoneNumber).map((client) => ({
    id: client.id,
    ...(byId.has(client.id) ? {} : { name: { firstName: client.firstName, lastName: client.lastName } }),
    phones: {
      primaryPhoneNumber: nationalPart(client.phone),
      primaryPhoneCountryCode: 'RU',
      primaryPhoneCallingCode: '+7',
      additionalPhones: null,
    },
  }));
  if (rows.length > 0) await people.createMany(rows, { upsert: true });
  return rows.length;
}

export const telephonySeed: SeedDeclaration = {
  description:
    'demo clients’ phones and four calls (answered with notes, missed with a callback task, outgoing, unknown number)',
  async run(ctx, options): Promise<Record<string, number>> {
    const access = dataAccessOf(ctx, 'telephony');
    const calls = demoCalls();
    // The calls are written in order: when the last one is in Twenty, the whole demo is.
    const last = await callRow(access.storage, phoneCallId('mango', calls.at(-1)?.callId ?? ''));
    if (last && last.syncedVersion >= last.version) return {};
    const clients = await ensureClients(ctx);
    options?.onProgress?.(1, 2);
    const settings = telephonySettingsOf(ctx);
    const now = ctx.clock.now();
    // Operators named in TELEPHONY_OPERATORS are linked only when the workspace has them.
    const members = await ctx.twenty.records('workspaceMember').list({ limit: 200 });
    const memberIds = new Set(members.records.map((m) => m.id));
    for (const call of calls) {
      let row: Awaited<ReturnType<typeof callRow>>;
      for (const event of eventsOf(call, now))
        row = (await recordEvent(access.storage, event, new Date(event.at))).row;
      const id = phoneCallId('mango', call.callId);
      if (call.personId) await rememberPerson(access.storage, id, call.personId);
      row = await callRow(access.storage, id);
      if (!row) continue;
      await writeCallCard(
        access,
        row,
        { people: async () => [], memberExists: async (id) => memberIds.has(id) },
        settings,
      );
      if (call.notes || call.outcome)
        await access
          .records('phoneCall')
          .update(id, { notes: call.notes ?? null, outcome: call.outcome ?? null });
      // After the call's last write: a synced call is one the next run does not need to write again.
      await access.storage.query('update telephony_calls set synced_version = version where id = $1', [id]);
    }
    options?.onProgress?.(2, 2);
    return {
      person: clients,
      phoneCall: calls.length,
      task: calls.filter((c) => c.talkSeconds === null).length,
    };
  },
};
