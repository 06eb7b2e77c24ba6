/**
 * `realty auction-create <unitId…>`: an auction from units (ids as arguments or one per line in
 * --units-file), with its dates; --dry-run checks everything (units FREE and in no other auction,
 * dates in order, deposits and steps) and writes nothing; --announce announces at once; --json
 * prints the summary. Through the running app's API when `realty start` runs, else directly.
 * Exit 0 done, 2 refused input (every problem printed), 1 failed.
 */
import { readFile } from 'node:fs/promises';
import { type CommandContext, defineCommand } from '../core/plugin/index';
import { createAuction, runCommand, unitsInfo } from './engine/auction-engine';
import { systemIo } from './engine/engine-context';
import { planAuction } from './rules/auction-plan';
import { AuctionRuleError } from './rules/auction-types';
import { formatRub } from './rules/money';
import { AUCTION_STATUS_RU } from './vocabulary';

interface Options {
  number?: string;
  applicationStart?: string;
  applicationEnd?: string;
  biddingStart?: string;
  biddingEnd?: string;
  unitsFile?: string;
  platform?: string;
  procedure?: string;
  announce?: boolean;
  dryRun?: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function unitIdsOf(
  args: string[],
  file: string | undefined,
  ctx: CommandContext,
): Promise<string[] | undefined> {
  const ids = [...args];
  if (file) ids.push(...(await readFile(file, 'utf8')).split(/[\s,;]+/).filter(Boolean));
  const bad = ids.filter((id) => !UUID.test(id));
  if (bad.length > 0) {
    ctx.say(`это не идентификаторы помещений (uuid): ${bad.join(', ')}`);
    return undefined;
  }
  return ids;
}

export const auctionCreateCommand = defineCommand({
  name: 'auction-create',
  description: 'create an auction from units (FREE; a lot per unit), optionally announcing it',
  configure: (cmd) =>
    cmd
      .argument('[unitIds...]', 'unit ids')
      .option('--units-file <file>', 'a file with unit ids, one per line')
      .requiredOption('--number <number>', 'the auction number, e.g. А-2027-015')
      .requiredOption(
        '--application-start <iso>',
        'applications open (ISO 8601, e.g. 2027-01-10T10:00+03:00)',
      )
      .requiredOption('--application-end <iso>', 'applications close')
      .requiredOption('--bidding-start <iso>', 'bidding starts')
      .requiredOption('--bidding-end <iso>', 'bidding ends')
      .option('--platform <name>', 'the electronic trading platform')
      .option('--procedure <number>', 'the procedure number on the platform')
      .option('--announce', 'announce at once (units become IN_AUCTION)')
      .option('--dry-run', 'check and print the lots; write nothing')
      .option('--json', 'print the summary as JSON on stdout'),
  async run({ args, options }, ctx) {
    const o = options as Options;
    const unitIds = await unitIdsOf([...args], o.unitsFile, ctx);
    if (!unitIds) return 2;
    if (unitIds.length === 0) {
      ctx.say('укажите хотя бы одно помещение (аргументами или в --units-file)');
      return 2;
    }
    const input = {
      number: o.number ?? '',
      applicationStart: o.applicationStart,
      applicationEnd: o.applicationEnd,
      biddingStart: o.biddingStart,
      biddingEnd: o.biddingEnd,
      platform: o.platform ?? null,
      procedureNumber: o.procedure ?? null,
      lots: unitIds.map((unitId) => ({ unitId })),
    };
    const app = await ctx.app();
    if (app && !o.dryRun) {
      const res = await app.request<{ id: string; number: string; status: string; message?: string }>(
        'POST',
        '/api/auctions',
        {
          ...input,
          lots: undefined,
          unitIds,
          announce: Boolean(o.announce),
          ...(o.platform ? { platform: o.platform } : {}),
          ...(o.procedure ? { procedureNumber: o.procedure } : {}),
        },
      );
      if (res.status >= 300) {
        ctx.say(res.body.message ?? `приложение отказало: ${res.status}`);
        return res.status < 500 ? 2 : 1;
      }
      ctx.say(`аукцион ${res.body.number} создан через запущенное приложение`);
      ctx.json(res.body);
      return 0;
    }
    const io = systemIo(await ctx.open(), 'realty auction-create');
    try {
      if (o.dryRun) {
        const plan = planAuction(input, {
          rules: io.rules,
          units: await unitsInfo(io, unitIds, null),
          auctionId: 'dry-run',
          lotId: (u) => u,
        });
        if (!plan.ok) {
          for (const p of plan.problems) ctx.say(p.message);
          ctx.json({ ok: false, problems: plan.problems });
          return 2;
        }
        for (const l of plan.state.lots)
          ctx.say(
            `лот ${l.number}: помещение ${l.unitId}, начальная цена ${formatRub(l.startMicros)}, задаток ${formatRub(l.depositMicros)}, шаг ${formatRub(l.stepMicros)}`,
          );
        ctx.say('пробный прогон: ничего не записано');
        ctx.json({ ok: true, dryRun: true, lots: plan.state.lots });
        return 0;
      }
      let state = await createAuction(io, input);
      if (o.announce) state = (await runCommand(io, state.id, { type: 'announce' })).state;
      ctx.say(
        `аукцион ${state.number} создан (${AUCTION_STATUS_RU[state.status]}), лотов: ${state.lots.length}: ${io.publicUrl}/auctions/${state.id}`,
      );
      ctx.json({ id: state.id, number: state.number, status: state.status, lots: state.lots.length });
      return 0;
    } catch (error) {
      if (error instanceof AuctionRuleError) {
        for (const line of error.message.split('; ')) ctx.say(line);
        ctx.json({ ok: false, code: error.code, message: error.message });
        return 2;
      }
      throw error;
    }
  },
});

export const auctionCommands = [auctionCreateCommand];
