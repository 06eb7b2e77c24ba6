/**
 * The procedure moves by its dates: every five minutes each open auction takes the steps whose
 * time has come (applications open and close, admission decided at its deadline, bidding starts
 * and ends), as many as are due, through the same engine as staff actions.
 */
import { dataAccessOf } from '../core/access/index';
import { every, type PluginContext } from '../core/plugin/index';
import { loadAuction, openAuctionIds, runCommand } from './engine/auction-engine';
import { engineRun } from './engine/engine-run';
import { dueCommand } from './rules/auction-model';

const MAX_STEPS = 6;

/** Applies every due date-driven step of every open auction; returns how many steps ran. */
export async function advanceAuctionsByDates(ctx: PluginContext): Promise<number> {
  const engine = engineRun(dataAccessOf(ctx, 'auctions', { actor: 'twenty-realty (по датам)' }));
  let steps = 0;
  for (const id of await openAuctionIds(engine)) {
    try {
      let state = await loadAuction(engine, id);
      for (let i = 0; i < MAX_STEPS; i++) {
        const command = dueCommand(state, engine.now);
        if (!command) break;
        state = (await runCommand(engine, id, command)).state;
        steps++;
        ctx.log.info(
          { auction: state.number, command: command.type, status: state.status },
          'auction moved by its dates',
        );
      }
    } catch (error) {
      ctx.log.warn(
        { auctionId: id, err: (error as Error).message },
        'could not move the auction by its dates',
      );
    }
  }
  return steps;
}

export const advanceByDatesJob = every('*/5 * * * *', 'auctions:advance-by-dates', async (_event, ctx) => {
  await advanceAuctionsByDates(ctx);
});
