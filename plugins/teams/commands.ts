/**
 * `realty teams-access [--dry-run] [--json]`: says whether the workspace enforces row-level
 * permissions (C21) and, where it does, provisions the «Project team member» role with the
 * predicate `teamAccess CONTAINS current member` on every covered object.
 * `realty teams-recompute [--dry-run]`: recomputes every team's grants now (the hourly repair, on
 * demand); with --dry-run it counts what would change and writes nothing. It needs the store's SQL
 * (a system context), so it stays a command rather than an operation (a route's scoped context).
 */
import { defineCommand } from '../core/plugin/index';
import { recomputeTeams } from './recompute';
import { detectRowLevelPermissions, teamAccessSetup } from './row-level';

export const teamsAccessCommand = defineCommand({
  name: 'teams-access',
  description: 'detect row-level permissions in Twenty and provision the project-team role predicate',
  configure: (cmd) =>
    cmd.option('--dry-run', 'say what would be provisioned; change nothing').option('--json'),
  async run({ options }, ctx) {
    const plugin = await ctx.open();
    if (options.json) {
      ctx.json(await detectRowLevelPermissions(plugin.twenty));
      return 0;
    }
    for (const line of await teamAccessSetup(plugin.twenty, { dryRun: options.dryRun === true }))
      ctx.say(line);
    return 0;
  },
});

export const teamsRecomputeCommand = defineCommand({
  name: 'teams-recompute',
  description: 'recompute every project team’s grants now and repair what Twenty holds',
  configure: (cmd) => cmd.option('--dry-run', 'count what would change; write nothing').option('--json'),
  async run({ options }, ctx) {
    const dryRun = options.dryRun === true;
    const summary = await recomputeTeams(await ctx.open(), 'all', { dryRun });
    if (options.json) ctx.json({ ...summary, ...(dryRun ? { dryRun } : {}) });
    else if (dryRun)
      ctx.say(
        `пробный прогон: команд ${summary.teams}; прав будет создано ${summary.created}, изменено ${summary.updated}, отозвано ${summary.removed}; участников с проблемой ${summary.membersFlagged}; ничего не записано`,
      );
    else
      ctx.say(
        `teams: ${summary.teams} team(s); grants created ${summary.created}, changed ${summary.updated}, revoked ${summary.removed}; teamAccess updated on ${summary.teamAccessUpdated} record(s)`,
      );
    return 0;
  },
});
