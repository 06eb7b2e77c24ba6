/**
 * The "done when" of the migration issue, as an operator runs it: a generated
 * Salesforce Data Export (a .zip with every object the default mapping knows,
 * custom objects, files, and the nasty cases) migrated by `realty migrate
 * salesforce` as a child process into a real `realty devhost`; the run is
 * killed (SIGKILL) half-way and resumed, run again (0 changes), and every
 * relation is verified one by one against the export — independently of the
 * migration's own check pass.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Devhost, startDevhost } from '../../devhost/server';
import { to18 } from '../../migration/salesforce/ids';
import { uuidV5 } from '../../plugins/core/index';
import { provision, provisionSucceeded } from '../../plugins/core/provisioning/provision';
import { createTwentyClient, in_, type TwentyClient, type TwentyRecord } from '../../sdk/index';
import { newInstall, REPO_ROOT, type RealtyInstall, runRealty } from '../scripts/realty-process';
import {
  exportFiles,
  type GeneratedExport,
  type Row,
  salesforceExport,
  zipBytes,
} from '../support/crm-exports';

let install: RealtyInstall;
let devhost: Devhost | undefined;
let twenty: TwentyClient;
let exp: GeneratedExport;
let zip: string;
let errorsCsv: string;
let missingBody: string;
const checkpoint = () => path.join(install.home, 'sf-checkpoint.json');

const idOf = (sf: string) => uuidV5(`salesforce:record:${to18(sf)}`);
const linkId = (owner: string, target: string) => uuidV5(`salesforce:target:${to18(owner)}>${to18(target)}`);

async function loadPlugins() {
  try {
    return (await import('../../plugins/index')).allPlugins;
  } catch {
    return [(await import('../../plugins/registry/index')).registryPlugin];
  }
}

async function all(object: string, ids: string[]): Promise<Map<string, TwentyRecord>> {
  const out = new Map<string, TwentyRecord>();
  for (let i = 0; i < ids.length; i += 100) {
    const page = await twenty.records(object).list({ filter: in_('id', ids.slice(i, i + 100)), limit: 200 });
    for (const r of page.records) out.set(r.id, r);
  }
  return out;
}

const CHILD = path.join(import.meta.dirname, 'migrate-child.ts');

/** The plugin's command in a child process (see migrate-child.ts). */
function child(args: string[]) {
  return spawn(
    process.execPath,
    ['--import', 'tsx', CHILD, 'salesforce', zip, '--checkpoint', checkpoint(), ...args],
    {
      cwd: REPO_ROOT,
      env: install.env,
      stdio: 'pipe',
    },
  );
}

function migrate(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const p = child(['--rate-limit', '100000', ...args]);
  let stdout = '';
  let stderr = '';
  p.stdout.setEncoding('utf8').on('data', (c: string) => {
    stdout += c;
  });
  p.stderr.setEncoding('utf8').on('data', (c: string) => {
    stderr += c;
  });
  return new Promise((resolve) => p.on('close', (code) => resolve({ code, stdout, stderr })));
}

function summaryOf(stdout: string) {
  return JSON.parse(stdout) as {
    ok: boolean;
    status: string;
    tables: {
      table: string;
      target: string;
      counts: Record<string, number>;
      derived: Record<string, number>;
    }[];
    check?: { records: number; relations: number; missing: number; different: number; problems: string[] };
    unmatchedUsers: string[];
    filesUploaded?: number;
  };
}

const rows = (table: string): Row[] => exp.tables.get(table) ?? [];

before(async () => {
  install = await newInstall('realty-migrate-sf-');
  devhost = await startDevhost({
    port: 0,
    rateLimit: { shortLimit: 10_000, shortTtlMs: 1000, longLimit: 1_000_000, longTtlMs: 60_000 },
  });
  Object.assign(install.env, {
    TWENTY_URL: devhost.url,
    TWENTY_API_KEY: devhost.apiKey,
    TWENTY_WEBHOOK_SECRET: 'migration-test-webhook-secret',
    STAFF_JWT_SECRET: 'migration-test-staff-secret-0123456789abcdef',
  });
  twenty = createTwentyClient({ url: devhost.url, apiKey: devhost.apiKey, limiter: false });
  const report = await provision({ client: twenty, plugins: await loadPlugins() });
  assert.ok(provisionSucceeded(report), JSON.stringify(report.conflicts));
  await twenty
    .records('workspaceMember')
    .create({ name: { firstName: 'Продажи', lastName: 'Отдел' }, userEmail: 'sales@realty.example' });
  const members = await twenty.records('workspaceMember').list({ limit: 10 });
  exp = salesforceExport({
    accounts: 8,
    nasty: true,
    userEmails: [
      String(members.records.find((m) => m.userEmail !== 'sales@realty.example')?.userEmail),
      'sales@realty.example',
      'gone@old.example',
    ],
  });
  // One attachment whose body file is missing from the export: reported, not linked to nothing.
  missingBody = rows('Attachment').at(-1)?.Id as string;
  exp.binaries.delete(`Attachments/${missingBody}`);
  zip = path.join(install.home, 'export.zip');
  await writeFile(zip, zipBytes(exportFiles(exp)));
  errorsCsv = path.join(install.home, 'errors.csv');
});

after(async () => {
  await devhost?.close();
  if (install) await rm(install.home, { recursive: true, force: true });
});

describe('realty migrate salesforce (a generated export with the nasty cases, into devhost)', () => {
  it('--dry-run reports per object and writes nothing', async () => {
    const r = await migrate(['--dry-run', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const s = summaryOf(r.stdout);
    assert.equal(s.status, 'dry-run');
    const account = s.tables.find((t) => t.table === 'Account');
    assert.equal(account?.target, 'company');
    assert.equal(
      account?.counts.created,
      rows('Account').length - 1,
      'every account but the duplicate would be created',
    );
    assert.equal(account?.counts.failed, 1);
    assert.match(r.stderr, /would create: .*field company\.salesforceId/);
    assert.deepEqual(
      s.unmatchedUsers.map((u) => u.split(' ')[1]),
      ['gone@old.example'],
    );
    assert.equal((await twenty.records('company').list({ limit: 1 })).totalCount, 0, 'nothing written');
  });

  it('--init-mapping writes the plan as a file; an edited one renames, retargets and skips', async () => {
    const file = path.join(install.home, 'map.json');
    const init = await migrate(['--init-mapping', file]);
    assert.equal(init.code, 0, init.stderr);
    const map = JSON.parse(readFileSync(file, 'utf8')) as {
      objects: Record<string, { target?: string; skip?: unknown; fields?: Record<string, unknown> }>;
    };
    assert.equal(map.objects.Account.target, 'company');
    assert.equal(map.objects.Contact.fields?.AccountId, 'company');
    assert.equal(map.objects.Task.fields?.WhoId, '@targets');
    assert.equal(map.objects.Project__c.target, 'project');
    map.objects.Campaign = { skip: 'not needed' };
    map.objects.CampaignMember = { skip: true };
    map.objects.Project__c.target = 'engagement';
    const fields = map.objects.Account.fields ?? {};
    fields.Region__c = null;
    fields.Description = { to: 'about', type: 'TEXT' };
    await writeFile(file, JSON.stringify(map));
    const r = await migrate(['--mapping', file, '--dry-run', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const s = summaryOf(r.stdout);
    const byTable = new Map(s.tables.map((t) => [t.table, t]));
    assert.equal((byTable.get('Campaign') as { skipped?: string }).skipped, 'not needed');
    assert.equal(byTable.get('CampaignMember')?.counts.skipped, rows('CampaignMember').length);
    assert.equal(byTable.get('Project__c')?.target, 'engagement');
    assert.match(r.stderr, /field company\.about \(TEXT\)/);
    assert.doesNotMatch(r.stderr, /field company\.region /);
    const bad = await migrate(['--mapping', path.join(install.home, 'missing.json'), '--dry-run']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /cannot read the mapping/);
  });

  it('stops at a checkpoint on Ctrl-C, is killed half-way (SIGKILL), resumes and verifies every relation', async () => {
    /** Starts a slow run and waits until `ready(checkpoint)`; returns the process. */
    const slowRun = async (
      args: string[],
      ready: (cp: { tables: Record<string, { pass1: number; loaded: boolean }> }) => boolean,
    ) => {
      const running = child(['--rate-limit', '600', '--batch-size', '4', '--errors', errorsCsv, ...args]);
      let stderr = '';
      running.stderr.setEncoding('utf8').on('data', (c: string) => {
        stderr += c;
      });
      const exited = new Promise<number | null>((resolve) => running.on('close', (code) => resolve(code)));
      const deadline = Date.now() + 120_000;
      for (;;) {
        if (Date.now() > deadline) throw new Error(`never reached the stop point\n${stderr}`);
        if (running.exitCode !== null) throw new Error(`finished before it could be stopped\n${stderr}`);
        if (existsSync(checkpoint())) {
          try {
            if (ready(JSON.parse(readFileSync(checkpoint(), 'utf8')))) break;
          } catch {
            // being replaced right now
          }
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      return { running, exited, stderr: () => stderr };
    };
    // Ctrl-C once the first tables are in: it stops after the batches on their way, at a checkpoint.
    const first = await slowRun([], (cp) => Object.values(cp.tables).filter((t) => t.loaded).length >= 2);
    first.running.kill('SIGINT');
    assert.equal(await first.exited, 1);
    assert.match(first.stderr(), /stopped at a checkpoint .* --resume/);
    // Resumed, then killed once a few more tables are done and another is part-way.
    const second = await slowRun(['--resume'], (cp) => {
      const loaded = Object.values(cp.tables).filter((t) => t.loaded).length;
      return loaded >= 4 && Object.values(cp.tables).some((t) => !t.loaded && t.pass1 > 0);
    });
    second.running.kill('SIGKILL');
    await second.exited;
    const before = (await twenty.records('company').list({ limit: 1 })).totalCount;
    assert.ok(before > 0, 'some records were written before the kill');

    const r = await migrate([
      '--resume',
      '--json',
      '--errors',
      errorsCsv,
      '--batch-size',
      '60',
      '--rate-limit',
      '100000',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const s = summaryOf(r.stdout);
    assert.equal(s.status, 'done');
    assert.ok(s.check, 'the check pass ran');
    assert.equal(s.check.missing, 0, s.check.problems.join('\n'));
    assert.equal(s.check.different, 0, s.check.problems.join('\n'));
    assert.ok(s.check.relations > 100, `relations checked: ${s.check.relations}`);
  });

  it('left no duplicates: one record per source row', async () => {
    const expected: [string, string, number][] = [
      ['company', 'Account', rows('Account').length - 1],
      ['person', 'Contact', rows('Contact').length],
      ['opportunity', 'Opportunity', rows('Opportunity').length],
      ['task', 'Task+Event', rows('Task').length + rows('Event').length],
      ['note', 'Note+ContentNote', rows('Note').length + rows('ContentNote').length],
    ];
    for (const [object, table, n] of expected) {
      const count = (await twenty.records(object).list({ limit: 1 })).totalCount;
      assert.equal(count, n, `${object} from ${table}`);
    }
  });

  it('verifies relation by relation against the export', async () => {
    const accountIds = new Set(rows('Account').map((a) => to18(a.Id)));
    // Contact → company, Contact → reportsTo (self, second pass).
    const people = await all(
      'person',
      rows('Contact').map((c) => idOf(c.Id)),
    );
    let checked = 0;
    for (const c of rows('Contact')) {
      const p = people.get(idOf(c.Id));
      assert.ok(p, `person for ${c.Id}`);
      const expectedCompany = c.AccountId && accountIds.has(to18(c.AccountId)) ? idOf(c.AccountId) : null;
      assert.equal(p.companyId ?? null, expectedCompany, `person ${c.Id}.company`);
      assert.equal(
        p.reportsToId ?? null,
        c.ReportsToId ? idOf(c.ReportsToId) : null,
        `person ${c.Id}.reportsTo`,
      );
      checked += 2;
    }
    // Opportunity → company, pointOfContact.
    const opps = await all(
      'opportunity',
      rows('Opportunity').map((o) => idOf(o.Id)),
    );
    for (const o of rows('Opportunity')) {
      const r = opps.get(idOf(o.Id));
      assert.ok(r);
      assert.equal(r.companyId, idOf(o.AccountId));
      assert.equal(r.pointOfContactId, idOf(o.ContactId));
      checked += 2;
    }
    // Account → parentCompany (self reference).
    const companies = await all(
      'company',
      rows('Account').map((a) => idOf(a.Id)),
    );
    for (const a of rows('Account').filter((x) => x.ParentId)) {
      assert.equal(
        companies.get(idOf(a.Id))?.parentCompanyId,
        idOf(a.ParentId),
        `company ${a.Id}.parentCompany`,
      );
      checked++;
    }
    // Task/Event WhoId/WhatId and EventRelation → task targets.
    const links: [string, string][] = [];
    for (const t of [...rows('Task'), ...rows('Event')]) {
      if (t.WhoId) links.push([t.Id, t.WhoId]);
      if (t.WhatId && !t.WhatId.startsWith('500')) links.push([t.Id, t.WhatId]);
    }
    for (const er of rows('EventRelation')) links.push([er.EventId, er.RelationId]);
    const targets = await all(
      'taskTarget',
      links.map(([a, b]) => linkId(a, b)),
    );
    for (const [owner, target] of links) {
      const t = targets.get(linkId(owner, target));
      assert.ok(t, `task target ${owner} → ${target}`);
      assert.equal(t.taskId, idOf(owner));
      const field = target.startsWith('003')
        ? 'personId'
        : target.startsWith('006')
          ? 'opportunityId'
          : 'companyId';
      assert.equal(t[field], idOf(target), `${owner} → ${target} (${field})`);
      checked++;
    }
    // The task linked to a Case (not exported) exists without that link.
    const orphanTask = rows('Task').find((t) => t.WhatId.startsWith('500'));
    assert.ok(orphanTask && (await all('task', [idOf(orphanTask.Id)])).size === 1);
    // Note → noteTargets; ContentDocumentLink → noteTarget.
    const noteLinks = [
      ...rows('Note').map((n) => [n.Id, n.ParentId] as [string, string]),
      ...rows('ContentDocumentLink').map((l) => [l.ContentDocumentId, l.LinkedEntityId] as [string, string]),
    ];
    const noteTargets = await all(
      'noteTarget',
      noteLinks.map(([a, b]) => linkId(a, b)),
    );
    for (const [owner, target] of noteLinks) {
      assert.equal(
        noteTargets.get(linkId(owner, target))?.noteId,
        idOf(owner),
        `note target ${owner} → ${target}`,
      );
      checked++;
    }
    // Attachments → their parents.
    const atts = await all(
      'attachment',
      [...rows('Attachment'), ...rows('ContentVersion')].map((a) => idOf(a.Id)),
    );
    // Era C (contract C22): the parent through target<Object>Id, the bytes uploaded into `file`.
    const bytesOf = async (id: string) => {
      const file = (atts.get(idOf(id))?.file ?? []) as { fileId: string; label: string; url: string }[];
      assert.equal(file.length, 1, `attachment ${id} holds one file`);
      return { label: file[0].label, bytes: await twenty.files.download(file[0].url) };
    };
    for (const a of rows('Attachment')) {
      if (a.Id === missingBody) {
        assert.equal(atts.has(idOf(a.Id)), false, 'an attachment without its body is not created');
        continue;
      }
      assert.equal(atts.get(idOf(a.Id))?.targetOpportunityId, idOf(a.ParentId));
      const { label, bytes } = await bytesOf(a.Id);
      assert.equal(label, a.Name);
      assert.ok(bytes.equals(exp.binaries.get(`Attachments/${a.Id}`) as Buffer), `bytes of ${a.Id}`);
      checked++;
    }
    for (const a of rows('ContentVersion')) {
      assert.equal(atts.get(idOf(a.Id))?.targetCompanyId, idOf(a.FirstPublishLocationId));
      const { label, bytes } = await bytesOf(a.Id);
      assert.equal(label, a.PathOnClient);
      assert.ok(bytes.equals(exp.binaries.get(`ContentVersion/${a.Id}`) as Buffer), `bytes of ${a.Id}`);
      checked++;
    }
    // Custom object Project__c → company and itself.
    const projects = await all(
      'project',
      rows('Project__c').map((p) => idOf(p.Id)),
    );
    for (const p of rows('Project__c')) {
      const r = projects.get(idOf(p.Id));
      assert.ok(r, `project ${p.Id}`);
      assert.equal(r.accountId, idOf(p.Account__c));
      assert.equal(r.parentProjectId ?? null, p.Parent_Project__c ? idOf(p.Parent_Project__c) : null);
      assert.equal(r.salesforceId, to18(p.Id));
      checked += 2;
    }
    // Team members (projectTeamMember when the teams plugin is there, else a stand-in object).
    const teamTarget = (await twenty.metadata.objects.list()).some(
      (o) => o.nameSingular === 'projectTeamMember',
    );
    const members = await all(
      teamTarget ? 'projectTeamMember' : 'opportunityTeamMember',
      rows('OpportunityTeamMember').map((m) => idOf(m.Id)),
    );
    for (const m of rows('OpportunityTeamMember')) {
      const r = members.get(idOf(m.Id));
      assert.ok(r, `team member ${m.Id}`);
      if (teamTarget) assert.equal(r.teamId, uuidV5(`salesforce:team:${to18(m.OpportunityId)}`));
      else assert.equal(r.opportunityId, idOf(m.OpportunityId));
      checked++;
    }
    assert.ok(checked > 80, `relations verified: ${checked}`);
  });

  it('runs again with 0 changes', async () => {
    const r = await migrate(['--json']);
    assert.equal(r.code, 0, r.stderr);
    const s = summaryOf(r.stdout);
    for (const t of s.tables) {
      assert.equal(t.counts.created, 0, `${t.table} created`);
      assert.equal(t.counts.updated, 0, `${t.table} updated`);
      assert.deepEqual(t.derived, {}, `${t.table} derived`);
    }
    assert.equal(s.check?.missing, 0);
    assert.equal(s.check?.different, 0);
    assert.equal(s.filesUploaded, 0, 'no file uploaded twice');
  });

  it('kept the nasty cases apart, with row, field and reason in the errors CSV', async () => {
    const csv = readFileSync(errorsCsv, 'utf8');
    assert.match(csv, /^\uFEFFobject,source id,row,field,reason,outcome/);
    assert.match(csv, /Contact,,\d+,,"?broken quoting.*Contact\.csv line \d+/);
    assert.match(csv, /Account,0010000000000[^,]+,\d+,,duplicate id/);
    assert.match(
      csv,
      new RegExp(`Attachment,${to18(missingBody)},\\d+,Body,the file is not in the export \\(Attachments/`),
    );
    assert.match(csv, /Opportunity,[^,]+,\d+,CloseDate,"""2024-02-30"" is not a valid date/);
    assert.match(csv, /Contact,[^,]+,\d+,AccountId,relation company left empty: [^,]+ is not in the export/);
    assert.match(csv, /Task,[^,]+,\d+,WhatId,link not migrated: [^,]+ is not in the export \(a 500 record\)/);
    assert.match(
      csv,
      /Contact,[^,]+,\d+,Email,e-mail contact0@example\.ru is already on [^,]+ \(person\.emails is unique\); left out/,
    );
    // 15-char ids that differ only in case are two companies.
    const lower = await all('company', [idOf('001AAAAAAAAAAAa'), idOf('001AAAAAAAAAAAA')]);
    assert.equal(lower.size, 2);
    assert.deepEqual([...lower.values()].map((c) => c.name).sort(), [
      'Регистр ПРОПИСНОЙ',
      'Регистр строчный',
    ]);
    // A picklist value with a comma became one option; Cyrillic kept as is.
    const fields =
      (await twenty.metadata.objects.list()).find((o) => o.nameSingular === 'company')?.fields ?? [];
    const industry = fields.find((f) => f.name === 'industry');
    assert.ok(industry?.options?.some((o) => o.label === 'Real Estate, Construction'));
    const first = rows('Account')[0];
    const company = (await all('company', [idOf(first.Id)])).get(idOf(first.Id));
    assert.equal(company?.name, first.Name);
    assert.equal((company?.address as { addressCity?: string } | undefined)?.addressCity, first.BillingCity);
    assert.equal(
      (company?.annualRecurringRevenue as { amountMicros?: number } | undefined)?.amountMicros,
      Number(first.AnnualRevenue) * 1_000_000,
    );
  });

  it('is a `realty` command (the real CLI, with every plugin loaded)', async () => {
    const r = await runRealty(
      [
        'migrate',
        'salesforce',
        zip,
        '--checkpoint',
        checkpoint(),
        '--dry-run',
        '--json',
        '--rate-limit',
        '100000',
      ],
      install.env,
      { timeoutMs: 120_000 },
    );
    assert.equal(r.code, 0, r.stderr);
    const s = summaryOf(r.stdout);
    assert.equal(s.status, 'dry-run');
    for (const t of s.tables) assert.equal(t.counts.created, 0, `${t.table}: everything exists already`);
    const usage = await runRealty(['migrate', 'salesforce'], install.env);
    assert.equal(usage.code, 2);
  });
});
