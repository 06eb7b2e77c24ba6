/**
 * The procedure as other plugins drive it: load an auction, check a command against the rules
 * without writing, apply it (through the same engine as the console), and put a task on an
 * auction. A route gets one acting for its caller (the scoped writer: it can do no more than the
 * caller may, and must declare PROCEDURE_OBJECTS); a job or handler gets one acting as the project.
 * The engine itself stays inside the auctions plugin.
 */
import { dataAccessOf } from '../core/access/index';
import type { PluginContext, RouteContext } from '../core/plugin/index';
import { type CommandOutcome, loadAuction, notifyStaff, runCommand } from './engine/auction-engine';
import { type EngineRun, engineRun } from './engine/engine-run';
import { applyCommand } from './rules/auction-model';
import type { AuctionRules } from './rules/auction-rules';
import { AuctionRuleError, type AuctionState, type Command } from './rules/auction-types';

export interface AuctionProcedure {
  /** The instant the procedure acts at (the context's clock). */
  readonly now: Date;
  /** Who acts: a staff e-mail, or the project's job. */
  readonly by: string;
  readonly rules: AuctionRules;
  load(auctionId: string): Promise<AuctionState>;
  /** Undefined when the rules accept `command` on `state` now; else the refusal (nothing written). */
  refusal(state: AuctionState, command: Command): AuctionRuleError | undefined;
  /** Applies `command`; throws AuctionRuleError (nothing written) when the rules refuse it. */
  run(auctionId: string, command: Command): Promise<CommandOutcome>;
  /** A Twenty task on the auction, once per `key` (default: the title). */
  notify(
    auction: { id: string; number: string },
    title: string,
    body: string,
    options?: { dueAt?: string; key?: string },
  ): Promise<string>;
}

/** The procedure over an engine run (the two factories below; a bench builds one on its own clock). */
export function procedureOf(run: EngineRun): AuctionProcedure {
  return {
    now: run.now,
    by: run.access.actor,
    rules: run.rules,
    load: (auctionId) => loadAuction(run, auctionId),
    refusal(state, command) {
      const result = applyCommand(state, command, {
        now: run.now,
        rules: run.rules,
        units: new Map(),
        by: run.access.actor,
      });
      return result.ok ? undefined : new AuctionRuleError(result.code, result.message, result.field);
    },
    run: (auctionId, command) => runCommand(run, auctionId, command),
    notify: (auction, title, body, options) => notifyStaff(run, auction, title, body, options),
  };
}

/** The procedure acting for a route's caller (its scoped writer). */
export const procedureForRoute = (ctx: RouteContext): AuctionProcedure =>
  procedureOf(engineRun(dataAccessOf(ctx, 'auctions')));

/** The procedure acting as the project (jobs, handlers, seeds), `by` naming who in protocols. */
export const procedureForSystem = (ctx: PluginContext, by: string): AuctionProcedure =>
  procedureOf(engineRun(dataAccessOf(ctx, 'auctions', { actor: by })));

export type { CommandOutcome };
