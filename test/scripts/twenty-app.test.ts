/**
 * `realty twenty-app`: the app package it writes (the template plus the workspace's record page
 * layouts), its tokens accepted by the project's verifier, refusals that name the flag; and — where
 * twenty-sdk is installed (REALTY_TWENTY_SDK=<a node_modules holding it>, else npm installs it once into
 * node_modules/.cache; without the registry the check skips, saying so) — the app
 * type-checked against twenty-sdk's own types and built into a manifest by twenty-sdk's CLI: four
 * front components, three record tabs, one dashboard, no object; five timeline activity types and the
 * logic functions that write them on database events (the summaries: twenty-app-timeline.test.ts).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { verifyEmbedToken } from '../../plugins/core/auth/embed-token';
import { readRecordPageLayouts, writeTwentyApp } from '../../scripts/commands/twenty-app';
import { createTwentyClient } from '../../sdk/index';
import { signEmbedToken } from '../../twenty-app/src/logic-functions/embed-token';
import { twentySdkModules } from '../support/twenty-sdk';

const run = promisify(execFile);
const BUILDING_LAYOUT = '5b1f1f3e-2f7a-4a6b-9e4e-0c7a1d2b3c4d';
const AUCTION_LAYOUT = '6c2e2e4f-3a8b-4b7c-8f5f-1d8b2e3c4d5e';
const targets = {
  realtyUrl: 'https://realty.example.ru',
  buildingRecordPageLayout: BUILDING_LAYOUT,
  auctionRecordPageLayout: AUCTION_LAYOUT,
  source: 'the test',
};
let home: string;
let out: string;
let files: string[];

describe('realty twenty-app', () => {
  before(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'realty-twenty-app-'));
    out = path.join(home, 'app');
    files = await writeTwentyApp(out, targets);
  });
  after(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it('writes the app: the three record tabs, the dashboard, the logic function, four front components', () => {
    for (const file of [
      'package.json',
      'tsconfig.json',
      'README.md',
      'src/application-config.ts',
      'src/roles/default-role.ts',
      'src/logic-functions/embed-url.ts',
      'src/logic-functions/embed-token.ts',
      'src/front-components/building-chessboard.tsx',
      'src/front-components/auction-console.tsx',
      'src/front-components/deal-team.tsx',
      'src/front-components/auctions-registry.tsx',
      'src/page-layouts/building-chessboard-tab.ts',
      'src/page-layouts/auction-console-tab.ts',
      'src/page-layouts/deal-team-tab.ts',
      'src/page-layouts/auctions-dashboard.ts',
      'src/navigation/auctions-menu-item.ts',
      'src/workspace-targets.ts',
      'src/logic-functions/timeline-summaries.ts',
      'src/logic-functions/timeline-targets.ts',
      'src/logic-functions/stage-protocol-timeline.ts',
      'src/logic-functions/payment-timeline.ts',
      'src/logic-functions/refund-timeline.ts',
      'src/logic-functions/unit-change-timeline.ts',
      'src/timeline-activity-types/stage-protocol.ts',
      'src/timeline-activity-types/payment.ts',
      'src/timeline-activity-types/deposit-refund.ts',
      'src/timeline-activity-types/unit-status.ts',
      'src/timeline-activity-types/unit-price.ts',
    ])
      assert.ok(files.includes(file), `${file} is written`);
  });

  it('joins the workspace’s record page layouts and points at the project, redefining no object', async () => {
    const generated = await readFile(path.join(out, 'src/workspace-targets.ts'), 'utf8');
    assert.match(generated, new RegExp(`BUILDING_RECORD_PAGE_LAYOUT_UID = '${BUILDING_LAYOUT}'`));
    assert.match(generated, new RegExp(`AUCTION_RECORD_PAGE_LAYOUT_UID = '${AUCTION_LAYOUT}'`));
    assert.match(generated, /REALTY_URL = 'https:\/\/realty\.example\.ru'/);
    for (const file of files.filter((f) => /\.tsx?$/.test(f))) {
      const source = await readFile(path.join(out, file), 'utf8');
      assert.doesNotMatch(source, /defineObject|defineField\(/, `${file} defines no object or field`);
    }
    const pkg = JSON.parse(await readFile(path.join(out, 'package.json'), 'utf8'));
    assert.equal(pkg.engines.twenty, '>=2.40.0');
    assert.match(pkg.devDependencies['twenty-sdk'], /^\^2\.(4\d|[5-9]\d)/);
  });

  it('signs tokens in the app that the project accepts, for that member, and only with the shared secret', () => {
    const secret = 'the-secret-shared-by-app-and-project-0123456789';
    const member = '0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a';
    const token = signEmbedToken(member, secret, Math.floor(Date.now() / 1000));
    assert.deepEqual(verifyEmbedToken(token, { secret }), { memberId: member });
    assert.throws(() => verifyEmbedToken(token, { secret: `${secret}-other` }), /недействителен/);
  });

  it('refuses a bad layout id naming the flag, and a folder that holds something else', async () => {
    await assert.rejects(
      writeTwentyApp(path.join(home, 'bad'), { ...targets, buildingRecordPageLayout: 'building' }),
      /--building-layout: «building» is not a universal identifier/,
    );
    const foreign = path.join(home, 'foreign');
    await writeTwentyApp(path.join(foreign), targets);
    await writeFile(path.join(foreign, 'package.json'), '{"name":"someone-else"}');
    await assert.rejects(writeTwentyApp(foreign, targets), /is not empty and holds no twenty-realty app/);
    // Its own previous version is overwritten in place.
    assert.ok((await writeTwentyApp(out, targets)).length >= files.length);
  });

  it('reads the record page layouts of building and auction from the workspace, or says what is missing', async () => {
    const objects = [
      { id: 'o-building', nameSingular: 'building', namePlural: 'buildings' },
      { id: 'o-auction', nameSingular: 'auction', namePlural: 'auctions' },
    ];
    let layouts = true;
    const twenty = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://twenty');
      const send = (status: number, body: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (url.pathname === '/rest/metadata/objects')
        return send(200, { data: { objects }, pageInfo: { hasNextPage: false } });
      if (url.pathname === '/rest/metadata/pageLayouts' && layouts) {
        const object = url.searchParams.get('objectMetadataId');
        return send(200, {
          data: [
            {
              id: `l-${object}`,
              type: url.searchParams.get('pageLayoutType'),
              universalIdentifier: object === 'o-building' ? BUILDING_LAYOUT : AUCTION_LAYOUT,
            },
          ],
        });
      }
      return send(400, {
        statusCode: 400,
        error: 'BadRequestException',
        messages: [`Query path '${url.pathname}' invalid`],
      });
    });
    await new Promise<void>((resolve) => twenty.listen(0, '127.0.0.1', resolve));
    try {
      const client = createTwentyClient({
        url: `http://127.0.0.1:${(twenty.address() as AddressInfo).port}`,
        apiKey: 'test-key',
      });
      assert.deepEqual(await readRecordPageLayouts(client), {
        building: BUILDING_LAYOUT,
        auction: AUCTION_LAYOUT,
        problems: [],
      });
      layouts = false;
      const older = await readRecordPageLayouts(client);
      assert.equal(older.building, undefined);
      assert.match(older.problems.join('\n'), /pageLayouts\) недоступны/);
    } finally {
      twenty.close();
    }
  });

  it('type-checks against twenty-sdk’s own types and builds a manifest with its CLI', async (t) => {
    const sdk = await twentySdkModules();
    if ('missing' in sdk) {
      // Loud on purpose: a run without the registry does not prove the app against twenty-sdk.
      console.error(`!! TWENTY APP CHECK SKIPPED: ${sdk.missing}`);
      t.skip(sdk.missing);
      return;
    }
    await symlink(path.resolve(sdk.modules), path.join(out, 'node_modules'), 'dir');
    await run(
      process.execPath,
      [path.join(out, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.json'],
      {
        cwd: out,
      },
    );
    const built = await run(
      process.execPath,
      [path.join(out, 'node_modules/twenty-sdk/dist/cli.cjs'), 'dev:build', out],
      // As from the app's own folder: not under the variables naming this project (PWD, INIT_CWD, npm_*).
      {
        cwd: out,
        env: {
          ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_|INIT_CWD$)/i.test(k))),
          PWD: out,
          NO_COLOR: '1',
        },
      },
    );
    assert.match(built.stdout + built.stderr, /Build succeeded/);
    assert.doesNotMatch(built.stdout + built.stderr, /⚠/, 'no deprecation warning from the build');
    const manifest = JSON.parse(await readFile(path.join(out, '.twenty/output/manifest.json'), 'utf8'));
    assert.equal(manifest.objects.length, 0, 'the app defines no object');
    assert.equal(manifest.frontComponents.length, 4);
    const layouts = manifest.pageLayoutTabs.map(
      (t: { pageLayoutUniversalIdentifier: string }) => t.pageLayoutUniversalIdentifier,
    );
    assert.ok(layouts.includes(BUILDING_LAYOUT) && layouts.includes(AUCTION_LAYOUT) && layouts.length === 3);
    assert.deepEqual(
      manifest.pageLayouts.map((l: { type: string; name: string }) => [l.type, l.name]),
      [['DASHBOARD', 'Торги']],
    );
    type LogicFunction = {
      name: string;
      httpRouteTriggerSettings?: unknown;
      databaseEventTriggerSettings?: { eventName: string };
    };
    const functions: LogicFunction[] = manifest.logicFunctions;
    assert.deepEqual(functions.find((f) => f.name === 'realty-embed-url')?.httpRouteTriggerSettings, {
      path: '/realty/embed-url',
      httpMethod: 'POST',
      isAuthRequired: true,
    });
    // What happened, on the records' timelines: the activity types, in Russian, and one function per event.
    assert.deepEqual(manifest.timelineActivityTypes.map((t: { label: string }) => t.label).sort(), [
      'Возврат задатка',
      'Платёж',
      'Протокол этапа',
      'Смена статуса помещения',
      'Цена изменена',
    ]);
    assert.deepEqual(
      functions
        .map((f) => f.databaseEventTriggerSettings?.eventName)
        .filter(Boolean)
        .sort(),
      ['auctionStageResult.created', 'financialOperation.created', 'payment.created', 'unitChange.created'],
    );
    assert.equal(manifest.roles[0]?.canUpdateAllObjectRecords, false, 'the app reads records, changes none');
    assert.ok(manifest.application.applicationVariables.TWENTY_APP_SECRET.isSecret);
  });
});
