/**
 * The unit card the page opens on hover/click: every field of the unit from
 * the read model, its change history and the link to the record in Twenty.
 * The read model does not replicate unitChange, so the history is one
 * filtered request to Twenty for this one unit — on demand, never per board.
 */
import { z } from 'zod';
import { desc, eq } from '../../sdk/index';
import type { PluginContext } from '../core/index';
import { twentyBaseUrl } from './board';
import { isUuid } from './chessboard-filters';
import { fieldVisible, MASKABLE_UNIT_FIELDS, type UnitScope } from './unit-scope';

export const HISTORY_LIMIT = 50;

const changeSchema = z.object({
  id: z.string(),
  fieldName: z.string().nullish(),
  oldValue: z.string().nullish(),
  newValue: z.string().nullish(),
  source: z.string().nullish(),
  changedBy: z.string().nullish(),
  changedAt: z.string().nullish(),
  status: z.string().nullish(),
});
export type UnitChangeEntry = z.infer<typeof changeSchema>;

export interface UnitCard {
  id: string;
  fields: Record<string, unknown>;
  history: UnitChangeEntry[];
  /** Why the history is missing (Twenty unreachable), when it is. */
  historyError?: string;
  /** No auction object exists yet; the auctions plugin will fill this. */
  currentAuction: null;
  twentyUrl: string;
}

export class UnitNotFoundError extends Error {
  readonly code = 'chessboard_unit_not_found';
  constructor(unitId: string) {
    super(`unit ${unitId} is not in the registry (or not visible to you)`);
    this.name = 'UnitNotFoundError';
  }
}

/** Fields of the replica's record the card never shows: Twenty internals and relation objects. */
const HIDDEN = new Set([
  'createdBy',
  'position',
  'searchVector',
  'deletedAt',
  'building',
  'section',
  'changes',
]);

export async function loadUnitCard(ctx: PluginContext, unitId: string, scope: UnitScope): Promise<UnitCard> {
  if (!isUuid(unitId)) throw new UnitNotFoundError(unitId);
  const row = await ctx.store.readModel.get('unit', unitId.toLowerCase());
  if (!row || row.deletedAt !== null) throw new UnitNotFoundError(unitId);
  const data = row.data;
  const inScope =
    (scope.buildingIds === undefined || scope.buildingIds.includes(String(data.buildingId))) &&
    (scope.kinds === undefined || (scope.kinds as readonly unknown[]).includes(data.kind)) &&
    (scope.statuses === undefined || (scope.statuses as readonly unknown[]).includes(data.status));
  if (!inScope) throw new UnitNotFoundError(unitId);
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (HIDDEN.has(key)) continue;
    const maskable = (MASKABLE_UNIT_FIELDS as readonly string[]).includes(key);
    if (scope.fields !== undefined && !maskable && !['id', 'floor', 'positionOnFloor', 'kind'].includes(key))
      continue;
    if (maskable && !fieldVisible(scope, key as (typeof MASKABLE_UNIT_FIELDS)[number])) continue;
    fields[key] = value;
  }
  const card: UnitCard = {
    id: row.id,
    fields,
    history: [],
    currentAuction: null,
    twentyUrl: `${twentyBaseUrl(ctx)}/object/unit/${row.id}`,
  };
  try {
    const changes = await ctx.twenty.records('unitChange').list({
      filter: eq('unitId', row.id),
      orderBy: [desc('changedAt')],
      limit: HISTORY_LIMIT,
    });
    card.history = changes.records.map((r) => changeSchema.parse(r));
  } catch (error) {
    ctx.log.warn({ err: error, unitId: row.id }, 'chessboard: could not load the unit change history');
    card.historyError = error instanceof Error ? error.message : String(error);
  }
  return card;
}
