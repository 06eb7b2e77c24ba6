/**
 * The auction engine: load an auction from Twenty, apply a command through the rules, write
 * what changed — the auction, its lots, applications and bids, the units' statuses (with the
 * registry's change protocol, source AUCTION), the stage protocol and staff tasks. Deposit
 * decisions and the winner's contract are written on the application and lot; the payments
 * plugin records the money from them. Commands on one auction run one at a time in this process;
 * every id the engine creates is derived from what it records, so a retried command rewrites the
 * same records instead of adding new ones.
 */
import { and, eq, in_, neq, type TwentyRecord } from '../../../sdk/index';
import { uuidV5 } from '../../core/plugin/index';
import { applyCommand } from '../rules/auction-model';
import { type PlanInput, planAuction, type UnitForPlan } from '../rules/auction-plan';
import { isFinal } from '../rules/auction-state';
import { AuctionRuleError, type AuctionState, type Command, type Effect } from '../rules/auction-types';
import {
  applicationRecord,
  auctionFromRecords,
  auctionRecord,
  bidRecord,
  changedFields,
  lotRecord,
  micros,
  stageResultRecord,
  unitChangeRecord,
} from './auction-records';
import { allRecords, type EngineRun } from './engine-run';

export const auctionConsoleUrl = (publicUrl: string, auctionId: string): string =>
  `${publicUrl.replace(/\/+$/, '')}/auctions/${auctionId}`;

const locks = new Map<string, Promise<unknown>>();

/** Runs `fn` after every earlier call for the same key has settled. */
async function serialized<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = locks.get(key) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(fn);
  locks.set(key, next);
  try {
    return await next;
  } finally {
    if (locks.get(key) === next) locks.delete(key);
  }
}

export async function loadAuction(run: EngineRun, auctionId: string): Promise<AuctionState> {
  let auction: TwentyRecord;
  try {
    auction = await run.access.records('auction').get(auctionId);
  } catch (error) {
    if ((error as { status?: number }).status === 404 || (error as Error).name === 'TwentyNotFoundError')
      throw new AuctionRuleError('auction_not_found', 'такого аукциона нет', 'auction');
    throw error;
  }
  const lots = await allRecords(run.access.records('auctionLot'), { filter: eq('auctionId', auctionId) });
  const lotIds = lots.map((l) => l.id);
  const [applications, bids] =
    lotIds.length === 0
      ? [[], []]
      : await Promise.all([
          allRecords(run.access.records('auctionApplication'), { filter: in_('lotId', lotIds) }),
          allRecords(run.access.records('auctionBid'), { filter: in_('lotId', lotIds) }),
        ]);
  return auctionFromRecords(auction, lots, applications, bids);
}

/** Units as the rules judge them: status, price, and another non-final auction holding them. */
export async function unitsInfo(
  run: EngineRun,
  unitIds: readonly string[],
  selfAuctionId: string | null,
): Promise<Map<string, UnitForPlan>> {
  const map = new Map<string, UnitForPlan>();
  if (unitIds.length === 0) return map;
  const [units, lots] = await Promise.all([
    allRecords(run.access.records('unit'), { filter: in_('id', [...unitIds]) }),
    allRecords(run.access.records('auctionLot'), {
      filter: and(in_('unitId', [...unitIds]), eq('status', 'ACTIVE')),
    }),
  ]);
  const otherIds = [
    ...new Set(lots.map((l) => String(l.auctionId)).filter((id) => id !== selfAuctionId && id !== 'null')),
  ];
  const others =
    otherIds.length === 0
      ? []
      : (await allRecords(run.access.records('auction'), { filter: in_('id', otherIds) })).filter(
          (a) => !isFinal(a.status as never),
        );
  for (const u of units) {
    const lot = lots.find((l) => l.unitId === u.id && others.some((a) => a.id === l.auctionId));
    const other = lot ? others.find((a) => a.id === lot.auctionId) : undefined;
    map.set(u.id, {
      status: typeof u.status === 'string' ? u.status : null,
      priceMicros: micros(u.price),
      label: typeof u.number === 'string' && u.number ? `№ ${u.number}` : u.id,
      otherAuction: other ? { id: other.id, number: String(other.number ?? other.id) } : null,
    });
  }
  return map;
}

export interface CommandOutcome {
  state: AuctionState;
  effects: Effect[];
}

/** Applies one command to one auction; throws AuctionRuleError (nothing written) when the rules refuse. */
export function runCommand(run: EngineRun, auctionId: string, command: Command): Promise<CommandOutcome> {
  return serialized(auctionId, async () => {
    const before = await loadAuction(run, auctionId);
    const units =
      command.type === 'announce'
        ? await unitsInfo(
            run,
            before.lots.map((l) => l.unitId),
            auctionId,
          )
        : new Map();
    const result = applyCommand(before, command, {
      now: run.now,
      rules: run.rules,
      units,
      by: run.access.actor,
    });
    if (!result.ok) throw new AuctionRuleError(result.code, result.message, result.field);
    await writeState(run, before, result.state);
    await writeEffects(run, result.state, result.effects);
    return { state: result.state, effects: result.effects };
  });
}

/**
 * Applies several commands to one auction as one change: all stand or none is written. The
 * refusal names the command's position (`index`), e.g. a row of an imported file.
 */
export function runCommands(
  run: EngineRun,
  auctionId: string,
  commands: readonly Command[],
): Promise<CommandOutcome> {
  return serialized(auctionId, async () => {
    const before = await loadAuction(run, auctionId);
    let state = before;
    const effects: Effect[] = [];
    for (const [index, command] of commands.entries()) {
      const result = applyCommand(state, command, {
        now: run.now,
        rules: run.rules,
        units: new Map(),
        by: run.access.actor,
      });
      if (!result.ok)
        throw Object.assign(new AuctionRuleError(result.code, result.message, result.field), { index });
      state = result.state;
      effects.push(...result.effects);
    }
    await writeState(run, before, state);
    await writeEffects(run, state, effects);
    return { state, effects };
  });
}

async function writeState(run: EngineRun, before: AuctionState, after: AuctionState): Promise<void> {
  const auctionPatch = changedFields(auctionRecord(before), auctionRecord(after));
  const lotWrites = after.lots.flatMap((lot) => {
    const old = before.lots.find((l) => l.id === lot.id);
    const patch = changedFields(old ? lotRecord(old, before.id) : {}, lotRecord(lot, after.id));
    return Object.keys(patch).length > 0 ? [{ id: lot.id, patch }] : [];
  });
  const newApps = after.applications.filter((a) => !before.applications.some((b) => b.id === a.id));
  const changedApps = after.applications.flatMap((a) => {
    const old = before.applications.find((b) => b.id === a.id);
    if (!old) return [];
    const patch = changedFields(applicationRecord(old), applicationRecord(a));
    return Object.keys(patch).length > 0 ? [{ id: a.id, patch }] : [];
  });
  const newBids = after.bids.filter((b) => !before.bids.some((x) => x.id === b.id));
  // Children first, the auction's status last: a reader never sees a status its lots do not back.
  if (newApps.length > 0)
    await run.access.records('auctionApplication').createMany(
      newApps.map((a) => ({ id: a.id, ...applicationRecord(a) })),
      { upsert: true },
    );
  for (const w of changedApps) await run.access.records('auctionApplication').update(w.id, w.patch);
  if (newBids.length > 0)
    await run.access.records('auctionBid').createMany(
      newBids.map((b) => ({ id: b.id, ...bidRecord(b) })),
      { upsert: true },
    );
  for (const w of lotWrites) await run.access.records('auctionLot').update(w.id, w.patch);
  if (Object.keys(auctionPatch).length > 0)
    await run.access.records('auction').update(after.id, auctionPatch);
}

/** The unit fields auctions keeps current (read by the chessboard's card). */
function unitAuctionPatch(run: EngineRun, state: AuctionState, to: string): Record<string, unknown> {
  if (to === 'IN_AUCTION')
    return {
      currentAuction: {
        primaryLinkUrl: auctionConsoleUrl(run.access.publicUrl, state.id),
        primaryLinkLabel: `Аукцион ${state.number}`,
        secondaryLinks: null,
      },
      currentAuctionApplicationEnd: state.applicationEnd,
      currentAuctionBiddingStart: state.biddingStart,
    };
  return {
    currentAuction: { primaryLinkUrl: '', primaryLinkLabel: '', secondaryLinks: null },
    currentAuctionApplicationEnd: null,
    currentAuctionBiddingStart: null,
  };
}

async function writeEffects(run: EngineRun, state: AuctionState, effects: readonly Effect[]): Promise<void> {
  const at = run.now.toISOString();
  for (const e of effects) {
    switch (e.kind) {
      case 'unitStatus': {
        const unit = await run.access.records('unit').get(e.unitId);
        const current = typeof unit.status === 'string' ? unit.status : null;
        if (current !== e.to) {
          if (current !== e.from)
            run.access.log.warn(
              { unitId: e.unitId, expected: e.from, found: current, to: e.to, auction: state.number },
              'unit status moved under the auction; setting it anyway',
            );
          await run.access
            .records('unit')
            .update(e.unitId, { status: e.to, ...unitAuctionPatch(run, state, e.to) });
        }
        await run.access
          .records('unitChange')
          .upsert(unitChangeRecord(e, state.number, run.access.actor, at));
        break;
      }
      case 'stage':
        await run.access
          .records('auctionStageResult')
          .upsert(stageResultRecord(e, state.id, run.access.actor, at));
        break;
      case 'notify':
        await notifyStaff(run, state, e.title, e.body);
        break;
      case 'deposit':
      case 'contract':
        // Recorded on the application and lot by writeState; the payments plugin books the money.
        break;
      default: {
        const never: never = e;
        throw new Error(`unknown effect ${JSON.stringify(never)}`);
      }
    }
  }
}

/** A Twenty task on the auction (taskTarget → auction), once per title. */
export async function notifyStaff(
  run: EngineRun,
  state: { id: string; number: string },
  title: string,
  body: string,
  options: { dueAt?: string; key?: string } = {},
): Promise<string> {
  const id = uuidV5(`auctions:task:${state.id}:${options.key ?? title}`);
  const markdown = `${body}\n\nКонсоль аукциона: ${auctionConsoleUrl(run.access.publicUrl, state.id)}`;
  await run.access.records('task').upsert({
    id,
    title,
    bodyV2: { markdown, blocknote: null },
    status: 'TODO',
    ...(options.dueAt ? { dueAt: options.dueAt } : {}),
  });
  await run.access
    .records('taskTarget')
    .upsert({ id: uuidV5(`auctions:task-target:${id}`), taskId: id, auctionId: state.id });
  return id;
}

export interface CreateAuctionInput extends PlanInput {
  id?: string;
  platform?: string | null;
  procedureNumber?: string | null;
}

/** Creates an auction in DRAFT with a lot per unit; throws AuctionRuleError listing every problem. */
export async function createAuction(run: EngineRun, input: CreateAuctionInput): Promise<AuctionState> {
  const auctionId = input.id ?? uuidV5(`auctions:auction:${input.number.trim()}`);
  const existing = await run.access
    .records('auction')
    .list({ filter: eq('number', input.number.trim()), limit: 1 });
  const clash = existing.records.find((r) => r.id !== auctionId);
  if (clash)
    throw new AuctionRuleError('auction_number_taken', `номер аукциона ${input.number} уже занят`, 'number');
  const units = await unitsInfo(
    run,
    input.lots.map((l) => l.unitId),
    auctionId,
  );
  const plan = planAuction(input, {
    rules: run.rules,
    units,
    auctionId,
    lotId: (unitId) => uuidV5(`auctions:lot:${auctionId}:${unitId}`),
  });
  if (!plan.ok) {
    const first = plan.problems[0];
    throw new AuctionRuleError(
      'auction_invalid',
      plan.problems.map((p) => p.message).join('; '),
      first?.field,
    );
  }
  const state = plan.state;
  await run.access.records('auction').upsert({
    id: state.id,
    ...auctionRecord(state),
    platform: input.platform ?? null,
    procedureNumber: input.procedureNumber ?? null,
    consoleLink: {
      primaryLinkUrl: auctionConsoleUrl(run.access.publicUrl, state.id),
      primaryLinkLabel: `Консоль аукциона ${state.number}`,
      secondaryLinks: null,
    },
  });
  await run.access.records('auctionLot').createMany(
    state.lots.map((l) => ({ id: l.id, ...lotRecord(l, state.id) })),
    { upsert: true },
  );
  return state;
}

/** Non-final auctions (what the date job looks at). */
export async function openAuctionIds(run: EngineRun): Promise<string[]> {
  const open = await allRecords(run.access.records('auction'), {
    filter: and(
      neq('status', 'COMPLETED'),
      neq('status', 'FAILED'),
      neq('status', 'TERMINATED'),
      neq('status', 'CANCELLED'),
      neq('status', 'DRAFT'),
    ),
  });
  return open.map((a) => a.id);
}
