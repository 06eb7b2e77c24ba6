/**
 * client.files against devhost (era C, real HTTP) and, for what devhost does
 * not speak — era B, a gateway error in the middle of an upload — against a
 * scripted server answering in Twenty's formats.
 */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { type Devhost, startDevhost } from '../../devhost/server';
import {
  createTwentyClient,
  fileCategoryOf,
  MAX_FILE_SIZE_BYTES,
  type RecordWritten,
  TwentyFileSizeError,
  TwentyFileUrlError,
} from '../../sdk';
import { type FakeTwenty, type SeenRequest, startFakeTwenty } from './fake-twenty-server';

const ATTACHMENT_META = (withFilesField: boolean) => ({
  data: {
    objects: [
      {
        id: 'o-att',
        nameSingular: 'attachment',
        namePlural: 'attachments',
        fields: [
          { id: 'f-name', name: 'name', type: 'TEXT' },
          ...(withFilesField ? [{ id: 'f-file', name: 'file', type: 'FILES' }] : []),
        ],
      },
    ],
  },
  pageInfo: { hasNextPage: false },
});

const UNIT_ID = '11111111-1111-4111-8111-111111111111';

describe('client.files on devhost (era C)', () => {
  let devhost: Devhost;
  before(async () => {
    devhost = await startDevhost({ port: 0 });
  });
  after(() => devhost.close());

  it('attaches bytes to a record and downloads them back by file id and by signed URL', async () => {
    const written: RecordWritten[] = [];
    const client = createTwentyClient({
      url: devhost.url,
      apiKey: devhost.apiKey,
      onRecordWritten: (w) => written.push(w),
    });
    const person = await client.records('person').create({ name: { firstName: 'Ivan', lastName: 'Files' } });
    const body = Buffer.from('Договор купли-продажи №1');
    const { attachmentId, fileId } = await client.files.attach({
      object: 'person',
      recordId: person.id,
      fileName: 'договор.docx',
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      body,
    });
    assert.equal(await client.files.era(), 'C');
    const attachment = await client.records('attachment').get(attachmentId);
    assert.equal(attachment.targetPersonId, person.id);
    assert.equal(attachment.name, 'договор.docx');
    assert.ok(
      written.some((w) => w.object === 'attachment' && w.id === attachmentId && w.operation === 'create'),
    );
    assert.ok((await client.files.download(fileId)).equals(body));
    const url = (attachment.file as { url: string }[])[0].url;
    assert.ok((await client.files.download(url)).equals(body));
  });

  it('attaches nothing twice when the caller gives its own attachment id', async () => {
    const client = createTwentyClient({ url: devhost.url, apiKey: devhost.apiKey });
    const person = await client.records('person').create({ name: { firstName: 'Once', lastName: 'Only' } });
    const input = {
      object: 'person',
      recordId: person.id,
      attachmentId: '33333333-3333-4333-8333-333333333333',
      fileName: 'once.txt',
      contentType: 'text/plain',
      body: Buffer.from('once'),
    };
    const first = await client.files.attach(input);
    const before = client.stats().requests;
    const again = await client.files.attach(input);
    assert.deepEqual(again, first);
    assert.equal(client.stats().requests - before, 1, 'one read, no upload');
  });

  it('a first attempt the caller knows is new costs no look-up: upload and attachment only', async () => {
    const client = createTwentyClient({ url: devhost.url, apiKey: devhost.apiKey });
    const person = await client.records('person').create({ name: { firstName: 'New', lastName: 'Doc' } });
    const input = {
      object: 'person',
      recordId: person.id,
      attachmentId: '44444444-4444-4444-8444-444444444444',
      fileName: 'new.txt',
      contentType: 'text/plain',
      body: Buffer.from('new'),
    };
    await client.files.era();
    const before = client.stats().requests;
    const made = await client.files.attach({ ...input, attachmentIsNew: true });
    const newCost = client.stats().requests - before;
    const second = client.stats().requests;
    await client.files.attach({ ...input, attachmentId: '55555555-5555-4555-8555-555555555555' });
    assert.equal(client.stats().requests - second, newCost + 1, 'the look-up is the one request saved');
    assert.equal((await client.records('attachment').get(made.attachmentId)).targetPersonId, person.id);
  });

  it('a fresh client finds a file by id among the attachments', async () => {
    const first = createTwentyClient({ url: devhost.url, apiKey: devhost.apiKey });
    const company = await first.records('company').create({ name: 'Files Ltd' });
    const { fileId } = await first.files.attach({
      object: 'company',
      recordId: company.id,
      fileName: 'plan.pdf',
      contentType: 'application/pdf',
      body: Buffer.from('%PDF-1.7 plan'),
    });
    const second = createTwentyClient({ url: devhost.url, apiKey: devhost.apiKey });
    assert.equal((await second.files.download(fileId)).toString(), '%PDF-1.7 plan');
  });

  it('upload alone answers a file id and a signed URL', async () => {
    const client = createTwentyClient({ url: devhost.url, apiKey: devhost.apiKey });
    const { fileId, url } = await client.files.upload({
      fileName: 'a.txt',
      contentType: 'text/plain',
      body: Buffer.from('abc'),
    });
    assert.match(fileId, /^[0-9a-f-]{36}$/);
    assert.ok(url);
    assert.equal((await client.files.download(url)).toString(), 'abc');
  });

  it('streams a body of known size, and a stream shorter than it said is refused', async () => {
    const client = createTwentyClient({ url: devhost.url, apiKey: devhost.apiKey });
    const chunks = ['Отчёт ', 'по ', 'продажам'].map((t) => Buffer.from(t));
    const size = chunks.reduce((n, c) => n + c.length, 0);
    const { url } = await client.files.upload({
      fileName: 'report.txt',
      contentType: 'text/plain',
      body: { size, open: () => Readable.from(chunks) },
    });
    assert.equal((await client.files.download(url as string)).toString(), 'Отчёт по продажам');
    const streamed: Buffer[] = [];
    for await (const chunk of await client.files.downloadStream(url as string))
      streamed.push(chunk as Buffer);
    assert.equal(Buffer.concat(streamed).toString(), 'Отчёт по продажам');
    await assert.rejects(
      client.files.upload({
        fileName: 'short.txt',
        contentType: 'text/plain',
        body: { size: size + 10, open: () => Readable.from(chunks) },
      }),
      (e: unknown) =>
        e instanceof TwentyFileSizeError && e.code === 'file_size_mismatch' && e.received === size,
    );
  });

  it('says why an expired or unknown download is refused', async () => {
    const client = createTwentyClient({ url: devhost.url, apiKey: devhost.apiKey });
    const { fileId } = await client.files.upload({
      fileName: 'b.txt',
      contentType: 'text/plain',
      body: Buffer.from('b'),
    });
    const expired = devhost.signFileUrl(fileId, { expiresAt: new Date(Date.now() - 1000) });
    await assert.rejects(client.files.download(expired), (e: unknown) => {
      assert.ok(e instanceof TwentyFileUrlError);
      assert.equal(e.status, 403);
      assert.match(e.message, /expired/);
      assert.doesNotMatch(e.message, /token=/, 'the token stays out of the message');
      return true;
    });
    await assert.rejects(client.files.download('00000000-0000-4000-8000-000000000000'), TwentyFileUrlError);
    await assert.rejects(
      client.files.downloadStream(expired),
      (e: unknown) => e instanceof TwentyFileUrlError && e.status === 403,
    );
  });

  it('refuses an empty file and one above 100 MB before sending anything', async () => {
    const client = createTwentyClient({ url: devhost.url, apiKey: devhost.apiKey });
    const sent = client.stats().requests;
    // allocUnsafe: the pages are never touched, so the test costs no 100 MB of memory.
    const huge = Buffer.allocUnsafe(MAX_FILE_SIZE_BYTES + 1);
    await assert.rejects(
      client.files.upload({ fileName: 'huge.zip', contentType: 'application/zip', body: huge }),
      (e: unknown) =>
        e instanceof TwentyFileSizeError && e.code === 'file_too_large' && /100\.0 MB/.test(e.message),
    );
    await assert.rejects(
      client.files.upload({ fileName: 'empty.txt', contentType: 'text/plain', body: Buffer.alloc(0) }),
      (e: unknown) => e instanceof TwentyFileSizeError && e.code === 'file_empty',
    );
    assert.equal(client.stats().requests, sent);
  });
});

describe('client.files against a scripted server', () => {
  let fake: FakeTwenty;
  before(async () => {
    fake = await startFakeTwenty();
  });
  after(() => fake.close());
  const client = () =>
    createTwentyClient({ url: fake.url, apiKey: 'k', retryBaseMs: 1, retryCapMs: 2, limiter: false });

  it('falls back to era B when createFileUpload is unknown: multipart uploadFile, then fullPath and <object>Id', async () => {
    fake.handle((req) => {
      if (req.path === '/rest/metadata/objects') return { body: ATTACHMENT_META(true) };
      if (req.path === '/metadata')
        return {
          status: 400,
          body: {
            errors: [
              {
                message: 'Cannot query field "createFileUpload" on type "Mutation".',
                extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
              },
            ],
          },
        };
      if (req.path === '/graphql')
        return { body: { data: { uploadFile: { path: 'attachment/abc.pdf?token=t', token: 't' } } } };
      if (req.path === '/rest/attachments')
        return { status: 201, body: { data: { createAttachment: req.body } } };
      return { status: 404, body: { messages: ['unexpected'] } };
    });
    const c = client();
    const out = await c.files.attach({
      object: 'unit',
      recordId: UNIT_ID,
      fileName: 'act.pdf',
      contentType: 'application/pdf',
      body: Buffer.from('%PDF act'),
    });
    assert.equal(out.fileId, 'abc');
    assert.equal(await c.files.era(), 'B');
    const upload = fake.requests.find((r) => r.path === '/graphql') as SeenRequest;
    assert.match(String(upload.headers['content-type']), /^multipart\/form-data; boundary=/);
    assert.equal(upload.headers.authorization, 'Bearer k');
    const text = upload.raw.toString();
    assert.match(text, /name="operations"[\s\S]*uploadFile[\s\S]*"fileFolder":"Attachment"/);
    assert.match(text, /name="map"\r\n\r\n\{"0":\["variables.file"\]\}/);
    assert.match(text, /filename="act.pdf"\r\nContent-Type: application\/pdf\r\n\r\n%PDF act/);
    const created = fake.requests.find((r) => r.path === '/rest/attachments')?.body as Record<
      string,
      unknown
    >;
    assert.deepEqual(
      { ...created, id: undefined },
      {
        id: undefined,
        name: 'act.pdf',
        fullPath: 'attachment/abc.pdf',
        fileCategory: 'TEXT_DOCUMENT',
        unitId: UNIT_ID,
      },
    );
  });

  it('goes straight to era B when the attachment has no FILES field', async () => {
    fake.handle((req) => {
      if (req.path === '/rest/metadata/objects') return { body: ATTACHMENT_META(false) };
      if (req.path === '/graphql')
        return { body: { data: { uploadFile: { path: 'attachment/x.png', token: 't' } } } };
      return { status: 500, body: { messages: ['unexpected'] } };
    });
    const c = client();
    assert.deepEqual(
      await c.files.upload({ fileName: 'x.png', contentType: 'image/png', body: Buffer.from('png') }),
      { fileId: 'x', path: 'attachment/x.png' },
    );
    assert.ok(!fake.requests.some((r) => r.path === '/metadata'));
  });

  it('repeats the PUT of the bytes after a gateway error, with the exact size and no API key', async () => {
    let puts = 0;
    fake.handle((req) => {
      if (req.path === '/rest/metadata/objects') return { body: ATTACHMENT_META(true) };
      if (
        req.path === '/metadata' &&
        String((req.body as { query: string }).query).includes('createFileUpload')
      )
        return {
          body: {
            data: {
              createFileUpload: {
                fileId: 'f1',
                uploadUrl: `${fake.url}/file-upload/f1?token=secret`,
                contentType: 'application/octet-stream',
                expiresAt: new Date().toISOString(),
              },
            },
          },
        };
      if (req.path === '/file-upload/f1') {
        puts++;
        return puts === 1 ? { status: 503, body: { messages: ['busy'] } } : { status: 204 };
      }
      if (req.path === '/metadata')
        return {
          body: {
            data: {
              completeFileUpload: {
                id: 'f1',
                path: 'p',
                size: 5,
                createdAt: 'x',
                url: `${fake.url}/file/files-field/f1?token=s`,
              },
            },
          },
        };
      return { status: 500, body: { messages: ['unexpected'] } };
    });
    let opened = 0;
    const body = {
      size: 5,
      open: () => {
        opened++;
        return Readable.from([Buffer.from('123'), Buffer.from('45')]);
      },
    };
    const out = await client().files.upload({ fileName: 'r.txt', contentType: 'text/plain', body });
    assert.equal(opened, 2, 'the stream is opened again for the repeated PUT');
    assert.equal(out.fileId, 'f1');
    const sent = fake.requests.filter((r) => r.path === '/file-upload/f1');
    assert.equal(sent.length, 2);
    for (const put of sent) {
      assert.equal(put.headers['content-length'], '5');
      assert.equal(put.headers.authorization, undefined, 'a signed URL carries its own token');
      assert.equal(put.raw.toString(), '12345');
    }
    const create = fake.requests.find((r) => r.path === '/metadata') as SeenRequest;
    assert.deepEqual((create.body as { variables: unknown }).variables, {
      filename: 'r.txt',
      size: 5,
      fileFolder: 'FilesField',
      fieldMetadataId: 'f-file',
    });
  });

  it('names attachment categories as Twenty does', () => {
    assert.equal(fileCategoryOf('a.docx', 'application/octet-stream'), 'TEXT_DOCUMENT');
    assert.equal(fileCategoryOf('a.xlsx', 'application/octet-stream'), 'SPREADSHEET');
    assert.equal(fileCategoryOf('photo', 'image/jpeg'), 'IMAGE');
    assert.equal(fileCategoryOf('a.bin', 'application/octet-stream'), 'OTHER');
  });
});
