/**
 * `realty auction-create --unit-ids <id…>` and `POST /api/operations/auction-create`, from one
 * declaration (core serves both doors; through the running app when `realty start` holds the
 * store): an auction from units (--unit-ids, or one per line in --units-file), with its
 * dates; --dry-run checks everything (units FREE and in no other auction, dates in order, deposits
 * and steps) and writes nothing; --announce announces at once (units IN_AUCTION). Refusals are
 * the rules' (409/400 with every problem); exit 2 on refused input.
 */
import { z } from 'zod';
import { dataAccessOf } from '../core/access/index';
import { defineOperation, RouteError } from '../core/plugin/index';
import { createAuction, runCommand, unitsInfo } from './engine/auction-engine';
import { engineRun } from './engine/engine-run';
import { AUCTION_MANAGERS } from './roles';
import { refusalsAsErrors } from './route-errors';
import { ENGINE_OBJECTS } from './routes';
import { planAuction } from './rules/auction-plan';
import type { LotState } from './rules/auction-types';
import { formatRub } from './rules/money';
import { AUCTION_STATUS_RU, type AuctionStatus } from './vocabulary';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const instant = z
  .string()
  .refine(
    (v) => !Number.isNaN(Date.parse(v)),
    'нужны дата и время (ISO 8601, например 2027-01-10T10:00+03:00)',
  );

export const auctionCreateInput = z.object({
  unitIds: z.array(z.string()).optional().describe('unit ids (uuid)'),
  unitsFile: z.string().optional().describe('a file with unit ids, one per line'),
  number: z
    .string()
    .trim()
    .min(1, 'укажите номер аукциона')
    .max(60)
    .describe('the auction number, e.g. А-2027-015'),
  applicationStart: instant.describe('applications open (ISO 8601, e.g. 2027-01-10T10:00+03:00)'),
  applicationEnd: instant.describe('applications close'),
  biddingStart: instant.describe('bidding starts'),
  biddingEnd: instant.describe('bidding ends'),
  platform: z.string().max(200).optional().describe('the electronic trading platform'),
  procedure: z.string().max(100).optional().describe('the procedure number on the platform'),
  announce: z.boolean().optional().describe('announce at once (units become IN_AUCTION)'),
});
export type AuctionCreateInput = z.infer<typeof auctionCreateInput>;

export type AuctionCreateResult =
  | { dryRun: true; lots: LotState[] }
  | { dryRun: false; id: string; number: string; status: AuctionStatus; lots: number; url: string };

/** The unit ids of the arguments and the file's text, each checked to be a uuid. */
export function unitIdsOf(input: Pick<AuctionCreateInput, 'unitIds' | 'unitsFile'>): string[] {
  const ids = [...(input.unitIds ?? []), ...(input.unitsFile ?? '').split(/[\s,;]+/).filter(Boolean)];
  const bad = ids.filter((id) => !UUID.test(id));
  if (bad.length > 0)
    throw new RouteError(
      400,
      'auction_bad_unit_ids',
      `это не идентификаторы помещений (uuid): ${bad.join(', ')}`,
      {
        field: 'unitIds',
      },
    );
  if (ids.length === 0)
    throw new RouteError(
      400,
      'auction_no_units',
      'укажите хотя бы одно помещение (--unit-ids или --units-file)',
      {
        field: 'unitIds',
      },
    );
  return ids;
}

export const auctionCreateOperation = defineOperation({
  name: 'auction-create',
  description: 'create an auction from units (FREE; a lot per unit), optionally announcing it',
  roles: AUCTION_MANAGERS,
  input: auctionCreateInput,
  files: { unitsFile: 'text' },
  writes: true,
  objects: ENGINE_OBJECTS,
  async run(input, ctx): Promise<AuctionCreateResult> {
    const unitIds = unitIdsOf(input);
    const engine = engineRun(dataAccessOf(ctx, 'auctions'));
    const plan = {
      number: input.number,
      applicationStart: input.applicationStart,
      applicationEnd: input.applicationEnd,
      biddingStart: input.biddingStart,
      biddingEnd: input.biddingEnd,
      platform: input.platform ?? null,
      procedureNumber: input.procedure ?? null,
      lots: unitIds.map((unitId) => ({ unitId })),
    };
    return refusalsAsErrors(async () => {
      if (ctx.dryRun) {
        const checked = planAuction(plan, {
          rules: engine.rules,
          units: await unitsInfo(engine, unitIds, null),
          auctionId: 'dry-run',
          lotId: (u) => u,
        });
        if (!checked.ok)
          throw new RouteError(400, 'auction_invalid', checked.problems.map((p) => p.message).join('; '), {
            field: checked.problems[0]?.field ?? 'unitIds',
          });
        return { dryRun: true, lots: checked.state.lots };
      }
      let state = await createAuction(engine, plan);
      if (input.announce) state = (await runCommand(engine, state.id, { type: 'announce' })).state;
      return {
        dryRun: false,
        id: state.id,
        number: state.number,
        status: state.status,
        lots: state.lots.length,
        url: `${engine.access.publicUrl.replace(/\/+$/, '')}/auctions/${state.id}`,
      };
    });
  },
  render: (r) =>
    r.dryRun
      ? [
          ...r.lots.map(
            (l) =>
              `лот ${l.number}: помещение ${l.unitId}, начальная цена ${formatRub(l.startMicros)}, задаток ${formatRub(l.depositMicros)}, шаг ${formatRub(l.stepMicros)}`,
          ),
          'пробный прогон: ничего не записано',
        ].join('\n')
      : `аукцион ${r.number} создан (${AUCTION_STATUS_RU[r.status]}), лотов: ${r.lots}: ${r.url}`,
});

export const auctionOperations = [auctionCreateOperation];
