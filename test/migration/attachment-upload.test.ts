/**
 * Attachment bytes in the migration, file by file: an upload is checkpointed
 * before its record is written, so a run killed in between reuses the file
 * instead of uploading it again; an attachment that already holds its file is
 * left alone; a file missing from the export or refused fails its row alone.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Devhost, startDevhost } from '../../devhost/server';
import { AttachmentUploader, holdsFile } from '../../migration/engine/attachment-upload';
import { Checkpoint } from '../../migration/engine/checkpoint';
import type { AttachmentFile } from '../../migration/engine/convert';
import { type ExportSource, openExport } from '../../migration/source/export-source';
import { createTwentyClient, type TwentyClient } from '../../sdk/index';

const ATT = '11111111-1111-4111-8111-111111111111';
const GONE = '22222222-2222-4222-8222-222222222222';
const file = (key: string): AttachmentFile => ({
  folder: 'Attachments',
  key,
  fileName: `договор-${key}.pdf`,
  contentType: 'application/pdf',
  column: 'Body',
});

let devhost: Devhost;
let client: TwentyClient;
let dir: string;
let source: ExportSource;
let personId: string;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'realty-att-'));
  mkdirSync(path.join(dir, 'Attachments'));
  writeFileSync(path.join(dir, 'Attachment.csv'), '"Id","Name"\r\n"00P000000000001AAA","договор.pdf"\r\n');
  writeFileSync(path.join(dir, 'Attachments', '00P000000000001AAA'), '%PDF-1.4 договор');
  source = await openExport(dir);
  devhost = await startDevhost({ port: 0 });
  client = createTwentyClient({ url: devhost.url, apiKey: devhost.apiKey, limiter: false });
  personId = (await client.records('person').create({ name: { firstName: 'A', lastName: 'B' } })).id;
});
after(async () => {
  await source.close();
  await devhost.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('attachment files in a migration', () => {
  it('uploads once: a run killed after the upload reuses the checkpointed file, a finished one uploads nothing', async () => {
    const checkpointPath = path.join(dir, 'cp.json');
    const cp = Checkpoint.fresh(checkpointPath, {
      system: 'salesforce',
      source: dir,
      fingerprint: 'f',
      workspace: 'w',
    });
    const files = new Map([[ATT, file('00P000000000001AAA')]]);
    const first = new AttachmentUploader(client, source, cp, false);
    const item = { id: ATT, payload: { id: ATT, name: 'договор.pdf', targetPersonId: personId } };
    assert.deepEqual([...(await first.prepare([item], files, new Map()))], []);
    assert.equal(first.uploads, 1);
    const uploaded = Checkpoint.read(checkpointPath)?.files?.[ATT];
    assert.ok(uploaded, 'the file id is in the checkpoint file before the record is written');

    // The process dies here. The resumed run reads the checkpoint and uploads nothing.
    const resumed = new AttachmentUploader(
      client,
      source,
      Checkpoint.resume(
        checkpointPath,
        Checkpoint.read(checkpointPath) as NonNullable<ReturnType<typeof Checkpoint.read>>,
      ),
      false,
    );
    const again = { id: ATT, payload: { id: ATT, name: 'договор.pdf', targetPersonId: personId } };
    await resumed.prepare([again], files, new Map());
    assert.equal(resumed.uploads, 0);
    assert.deepEqual(again.payload, {
      id: ATT,
      name: 'договор.pdf',
      targetPersonId: personId,
      file: [{ fileId: uploaded.fileId, label: 'договор-00P000000000001AAA.pdf' }],
    });
    await client.records('attachment').create(again.payload);
    const stored = await client.records('attachment').get(ATT);
    assert.ok(holdsFile(stored));
    const url = (stored.file as { url: string }[])[0].url;
    assert.equal((await client.files.download(url)).toString(), '%PDF-1.4 договор');

    // A later run finds the attachment holding its file: no upload, nothing added to the payload.
    const later = new AttachmentUploader(client, source, cp, false);
    const third = { id: ATT, payload: { id: ATT, name: 'договор.pdf' } as Record<string, unknown> };
    await later.prepare([third], files, new Map([[ATT, stored]]));
    assert.equal(later.uploads, 0);
    assert.equal(third.payload.file, undefined);
  });

  it('fails a row whose file is missing, naming the source column, and uploads the others', async () => {
    const cp = Checkpoint.fresh(path.join(dir, 'cp2.json'), {
      system: 'salesforce',
      source: dir,
      fingerprint: 'f',
      workspace: 'w',
    });
    const uploader = new AttachmentUploader(client, source, cp, false);
    const refused = await uploader.prepare(
      [
        { id: GONE, payload: { id: GONE } },
        { id: ATT, payload: { id: ATT } },
      ],
      new Map([
        [GONE, file('00P000000000002AAA')],
        [ATT, file('00P000000000001AAA')],
      ]),
      new Map(),
    );
    assert.deepEqual(
      [...refused],
      [[GONE, 'Body: the file Attachments/00P000000000002AAA is not in the export']],
    );
    assert.equal(uploader.uploads, 1);
  });

  it('does not count a link-only path of the earlier migration as a stored file', () => {
    assert.equal(holdsFile({ id: ATT, fullPath: 'salesforce/Attachments/00P000000000001AAA' }), false);
    assert.equal(holdsFile({ id: ATT, fullPath: 'attachment/abc.pdf' }), true);
    assert.equal(holdsFile({ id: ATT, file: [] }), false);
  });

  it('uploads nothing in a dry run', async () => {
    const cp = Checkpoint.fresh(path.join(dir, 'cp3.json'), {
      system: 'salesforce',
      source: dir,
      fingerprint: 'f',
      workspace: 'w',
    });
    const uploader = new AttachmentUploader(client, source, cp, true);
    const item = { id: ATT, payload: { id: ATT } as Record<string, unknown> };
    await uploader.prepare([item], new Map([[ATT, file('00P000000000001AAA')]]), new Map());
    assert.equal(uploader.uploads, 0);
    assert.equal(item.payload.file, undefined);
  });
});
