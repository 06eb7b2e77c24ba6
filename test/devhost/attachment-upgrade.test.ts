/**
 * A devhost data directory from before era C (attachments with `personId`, no
 * `file`) is upgraded on start: the links it holds are kept under their morph
 * names, and files can be attached at once.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { openDatabase } from '../../devhost/db';
import { tableNameFor } from '../../devhost/metadata/schema-ddl';
import { startDevhost } from '../../devhost/server';
import { createTwentyClient } from '../../sdk/index';

const dir = await mkdtemp(path.join(tmpdir(), 'devhost-att-upgrade-'));
after(() => rm(dir, { recursive: true, force: true }));

/** Puts the attachment object back the way devhost made it before era C. */
async function downgrade(dataDir: string): Promise<void> {
  const sql = await openDatabase({ dataDir });
  try {
    const table = tableNameFor('attachment');
    const object = await sql.query<{ id: string }>(
      `SELECT id FROM core."objectMetadata" WHERE data->>'nameSingular' = 'attachment'`,
    );
    const objectId = object.rows[0].id;
    await sql.exec(
      `ALTER TABLE ${table} DROP COLUMN "file"; ALTER TABLE ${table} RENAME COLUMN "targetPersonId" TO "personId"`,
    );
    await sql.query(
      `DELETE FROM core."fieldMetadata" WHERE "objectMetadataId" = $1 AND data->>'name' = 'file'`,
      [objectId],
    );
    await sql.query(
      `UPDATE core."fieldMetadata" SET data = jsonb_set(data, '{name}', '"person"')
       WHERE "objectMetadataId" = $1 AND data->>'name' = 'targetPerson'`,
      [objectId],
    );
  } finally {
    await sql.close();
  }
}

describe('attachment upgrade', () => {
  it('renames old target links to target<Object>Id, keeps them, and adds the FILES field', async () => {
    const dataDir = path.join(dir, 'pgdata');
    const first = await startDevhost({ port: 0, dataDir });
    const old = createTwentyClient({ url: first.url, apiKey: first.apiKey, limiter: false });
    const person = await old.records('person').create({ name: { firstName: 'Old', lastName: 'Link' } });
    const attachment = await old.records('attachment').create({ name: 'old.pdf', targetPersonId: person.id });
    const apiKey = first.apiKey;
    await first.close();
    await downgrade(dataDir);

    const second = await startDevhost({ port: 0, dataDir });
    try {
      const client = createTwentyClient({ url: second.url, apiKey, limiter: false });
      const kept = await client.records('attachment').get(attachment.id);
      assert.equal(kept.targetPersonId, person.id);
      assert.equal(kept.personId, undefined);
      assert.equal(await client.files.era(), 'C');
      const { fileId } = await client.files.attach({
        object: 'person',
        recordId: person.id,
        fileName: 'new.txt',
        contentType: 'text/plain',
        body: Buffer.from('new'),
      });
      assert.equal((await client.files.download(fileId)).toString(), 'new');
    } finally {
      await second.close();
    }
  });
});
