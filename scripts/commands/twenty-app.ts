// `realty twenty-app --out DIR`: writes the Twenty app (twenty-sdk ≥ 2.40, the template in
// `twenty-app/` at the top of the project) that shows the project's pages inside Twenty: record tabs
// on building (its chessboard), auction (its console) and opportunity (the deal's team and grants), a
// dashboard with the auctions registry. It defines no object (`realty setup` provisions them); it
// adds tabs to the record page layouts the workspace already has, so it reads their universal
// identifiers from the workspace (or takes them from --building-layout / --auction-layout).
// Its logic function signs the member's embed token with TWENTY_APP_SECRET (docs/readme/embed.md).

import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TwentyClient } from '../../sdk/index';
import { cliContext } from '../cli-runtime';
import { CliUsageError, printJson, say } from '../cli-support';
import { connectTwentyClient } from '../workspace';

export const TWENTY_APP_TEMPLATE = fileURLToPath(new URL('../../twenty-app/', import.meta.url));
/** What the template holds of the app (never node_modules or a build). */
const TEMPLATE_ENTRIES = ['package.json', 'tsconfig.json', 'README.md', 'src'];
const GENERATED = 'src/workspace-targets.ts';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface TwentyAppTargets {
  /** Where the project's pages live (PUBLIC_URL): the app variable REALTY_URL's default. */
  realtyUrl: string;
  buildingRecordPageLayout: string;
  auctionRecordPageLayout: string;
  /** Where they came from, for the generated file's header. */
  source: string;
}

/** The record page layout of each object, as the workspace's metadata API tells (Twenty ≥ 2.x). */
export async function readRecordPageLayouts(
  client: TwentyClient,
): Promise<{ building?: string; auction?: string; problems: string[] }> {
  const problems: string[] = [];
  const objects = await client.metadata.objects.list();
  const found: { building?: string; auction?: string } = {};
  for (const name of ['building', 'auction'] as const) {
    const object = objects.find((o) => o.nameSingular === name);
    if (!object) {
      problems.push(`в рабочем пространстве нет объекта ${name}: сначала \`realty setup\``);
      continue;
    }
    try {
      const answer = await client.request<{
        data?: unknown;
      }>({
        method: 'GET',
        path: '/rest/metadata/pageLayouts',
        query: { objectMetadataId: object.id, pageLayoutType: 'RECORD_PAGE' },
      });
      const data = answer?.data;
      const list = (
        Array.isArray(data) ? data : ((data as { pageLayouts?: unknown[] })?.pageLayouts ?? [])
      ) as {
        universalIdentifier?: string;
        type?: string;
      }[];
      const layout = list.find((l) => (l.type ?? 'RECORD_PAGE') === 'RECORD_PAGE' && l.universalIdentifier);
      if (layout?.universalIdentifier) found[name] = layout.universalIdentifier;
      else problems.push(`у объекта ${name} нет макета страницы записи с universalIdentifier`);
    } catch (error) {
      problems.push(
        `макеты страниц (/rest/metadata/pageLayouts) недоступны: ${(error as Error).message.split('\n')[0]}`,
      );
    }
  }
  return { ...found, problems };
}

/** The file the command writes for one workspace; the rest of the app is the template as it is. */
export function workspaceTargetsSource(targets: TwentyAppTargets): string {
  const q = (value: string) => JSON.stringify(value).replace(/"/g, "'");
  return `// Written by \`realty twenty-app\` from ${targets.source}. Regenerate rather than edit.
// The record page layouts of the objects \`realty setup\` provisioned (this app adds a tab to each),
// and where the project's pages live (the app variable REALTY_URL's default).
export const REALTY_URL = ${q(targets.realtyUrl)};
export const BUILDING_RECORD_PAGE_LAYOUT_UID = ${q(targets.buildingRecordPageLayout)};
export const AUCTION_RECORD_PAGE_LAYOUT_UID = ${q(targets.auctionRecordPageLayout)};
`;
}

/** Writes the app into `outDir` (created; a previous version of the app there is overwritten). */
export async function writeTwentyApp(outDir: string, targets: TwentyAppTargets): Promise<string[]> {
  for (const [flag, value] of [
    ['--building-layout', targets.buildingRecordPageLayout],
    ['--auction-layout', targets.auctionRecordPageLayout],
  ] as const)
    if (!UUID.test(value))
      throw new CliUsageError(`${flag}: «${value}» is not a universal identifier (UUID)`);
  if (!/^https?:\/\//.test(targets.realtyUrl))
    throw new CliUsageError(`--realty-url: «${targets.realtyUrl}» is not an http(s) URL`);
  if (existsSync(outDir)) {
    const entries = await readdir(outDir);
    const ours =
      entries.includes('package.json') &&
      (JSON.parse(await readFile(path.join(outDir, 'package.json'), 'utf8')) as { name?: string }).name ===
        'twenty-realty-app';
    if (entries.length > 0 && !ours)
      throw new CliUsageError(`${outDir} is not empty and holds no twenty-realty app: choose another --out`);
  }
  await mkdir(outDir, { recursive: true });
  for (const entry of TEMPLATE_ENTRIES)
    await cp(path.join(TWENTY_APP_TEMPLATE, entry), path.join(outDir, entry), {
      recursive: true,
      force: true,
    });
  await writeFile(path.join(outDir, GENERATED), workspaceTargetsSource(targets));
  const written: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(path.join(outDir, dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== '.twenty') await walk(rel);
      } else written.push(rel);
    }
  };
  await walk('');
  return written.sort();
}

export async function twentyAppCommand(opts: {
  out: string;
  buildingLayout?: string;
  auctionLayout?: string;
  realtyUrl?: string;
  json?: boolean;
}): Promise<void> {
  const ctx = cliContext();
  const realtyUrl = opts.realtyUrl ?? ctx.config.publicUrl;
  let building = opts.buildingLayout;
  let auction = opts.auctionLayout;
  let source = 'the command line';
  if (!building || !auction) {
    const { twenty, client } = await connectTwentyClient(ctx.config);
    const read = await readRecordPageLayouts(client);
    building ??= read.building;
    auction ??= read.auction;
    source = `the workspace at ${twenty.url}`;
    if (!building || !auction)
      throw new CliUsageError(
        [
          `the record page layouts could not be read from ${twenty.url} (page layouts need Twenty ≥ 2.x; apps need ≥ 2.40):`,
          ...read.problems.map((p) => `  ${p}`),
          'give them by hand: --building-layout UUID --auction-layout UUID (Settings → Data model → the object → layout)',
        ].join('\n'),
      );
  }
  const outDir = path.resolve(opts.out);
  const files = await writeTwentyApp(outDir, {
    realtyUrl,
    buildingRecordPageLayout: building,
    auctionRecordPageLayout: auction,
    source,
  });
  if (opts.json) {
    printJson({
      out: outDir,
      files,
      realtyUrl,
      buildingRecordPageLayout: building,
      auctionRecordPageLayout: auction,
    });
    return;
  }
  say(
    `wrote the Twenty app to ${outDir} (${files.length} files; pages at ${realtyUrl}). Install it into the workspace:`,
  );
  say(`  cd ${opts.out} && yarn install`);
  say('  yarn twenty remote:add --url <TWENTY_URL> --api-key <API key with the Applications permission>');
  say(
    '  yarn twenty apply   # then set TWENTY_APP_SECRET in the app’s settings to the project’s TWENTY_APP_SECRET',
  );
}
