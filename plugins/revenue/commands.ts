/**
 * `realty revenue check`: the revenue rules checked from the command line
 * (without the app; with it running, the handlers flag every change). Loading
 * the bank's rates (`realty rates`) and the scenario commands (`revenue
 * scenario|copy|primary|line|allocate`) are operations (operations.ts). Exit
 * codes: 0 no problem, 1 problems found, 2 bad input.
 */
import type { Command } from 'commander';
import { type CommandContext, defineCommand } from '../core/plugin/index';
import { CbrFileError } from './cbr-rates';
import { loadAllocations, loadScenarios, systemQuery } from './revenue-data';
import { RevenueError } from './rules/revenue-errors';
import { checkPrimary } from './rules/scenario-rules';

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

/** Runs `fn` and maps errors to exit codes with one clear line. */
async function run(ctx: CommandContext, fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof RevenueError) {
      ctx.say(`${error.field ? `${error.field}: ` : ''}${error.message}`);
      return EXIT_USAGE;
    }
    if (error instanceof CbrFileError) {
      ctx.say(error.message);
      return EXIT_FAILED;
    }
    throw error;
  }
}

export const revenueCommands = [
  defineCommand({
    name: 'revenue check',
    description: 'list deals breaking a revenue rule (primary scenarios, allocations, lines without a rate)',
    configure: (cmd: Command) => cmd.option('--json'),
    run: (_input, ctx) =>
      run(ctx, async () => {
        if (await ctx.app()) {
          ctx.say(
            'realty start is running: see the flagged records on /revenue (the handlers check every change)',
          );
          return EXIT_OK;
        }
        const query = systemQuery(await ctx.open());
        const deals = (
          await query<{ id: string }>(
            'select distinct s.opportunity_id::text as id from {revenueScenario} s where s.opportunity_id is not null',
          )
        ).map((r) => r.id);
        const scenarios = await loadScenarios(query, { opportunityIds: deals });
        const problems: { opportunityId: string; problem: string }[] = [];
        for (const deal of deals) {
          const verdict = checkPrimary(scenarios.filter((s) => s.opportunityId === deal));
          if (!verdict.ok) problems.push({ opportunityId: deal, problem: verdict.message ?? '' });
        }
        for (const a of await loadAllocations(query))
          if (a.validationIssue)
            problems.push({ opportunityId: a.opportunityId ?? '', problem: a.validationIssue });
        for (const p of problems) ctx.say(`${p.opportunityId}: ${p.problem}`);
        ctx.say(
          problems.length === 0
            ? `${deals.length} deal(s) checked: no problems`
            : `${problems.length} problem(s)`,
        );
        ctx.json({ deals: deals.length, problems });
        return problems.length === 0 ? EXIT_OK : EXIT_FAILED;
      }),
  }),
];
