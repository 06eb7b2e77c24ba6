/**
 * Contract C22 (files, era C): createFileUpload → PUT the exact bytes to the
 * signed target → completeFileUpload on the metadata GraphQL endpoint, then an
 * attachment `{ name, target<Object>Id, file: [{ fileId, label }] }`; downloads
 * by signed URL (token in the query, no bearer). The signed URLs are fetched
 * bare, the way a browser would, so no API key can make them pass.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { recordCleanup } from './record-cleanup';
import { createScratchObject, objectIdByName, objectMetadata, type ScratchObject } from './scratch-object';
import { contractTargets, type HttpResponse } from './targets';
import { describeResponse, expectStatus, isObject, type Json, recordOf, uniqueName } from './wire-assertions';

const CREATE = `mutation CreateFileUpload($filename: String!, $size: Float!, $fileFolder: FileFolder!, $fieldMetadataId: String) {
  createFileUpload(filename: $filename, size: $size, fileFolder: $fileFolder, fieldMetadataId: $fieldMetadataId) { fileId uploadUrl contentType expiresAt }
}`;
const COMPLETE = `mutation CompleteFileUpload($fileId: String!) {
  completeFileUpload(fileId: $fileId) { id path size createdAt url }
}`;
const MB100 = 100 * 1024 * 1024;

interface GraphQLAnswer {
  data?: Record<string, Json> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

function graphql(res: HttpResponse): GraphQLAnswer {
  assert.ok(isObject(res.body), `GraphQL answer is not JSON: ${describeResponse(res)}`);
  return res.body as GraphQLAnswer;
}

/** A GraphQL refusal: an `errors` entry with the code, whatever the HTTP status (200 or 400). */
function expectGraphQLError(res: HttpResponse, code: string, fragment?: RegExp): void {
  const answer = graphql(res);
  assert.ok(answer.errors && answer.errors.length > 0, `expected a GraphQL error: ${describeResponse(res)}`);
  assert.equal(answer.errors[0].extensions?.code, code, describeResponse(res));
  if (fragment) assert.match(answer.errors[0].message, fragment, describeResponse(res));
}

async function bare(method: string, url: string, body?: Buffer): Promise<{ status: number; bytes: Buffer }> {
  const res = await fetch(url, {
    method,
    body: body ? new Uint8Array(body) : undefined,
    headers: body ? { 'content-type': 'application/octet-stream' } : undefined,
  });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
}

for (const target of await contractTargets()) {
  describe(`${target.name} C22 files`, { skip: target.skip }, () => {
    const cleanup = recordCleanup(target);
    let fieldMetadataId: string;
    let personId: string;
    let scratch: ScratchObject | undefined;

    const createUpload = (filename: string, size: number) =>
      target.http('POST', '/metadata', {
        body: { query: CREATE, variables: { filename, size, fileFolder: 'FilesField', fieldMetadataId } },
      });
    const startUpload = async (filename: string, size: number) => {
      const res = await createUpload(filename, size);
      const answer = graphql(res);
      assert.ok(!answer.errors, describeResponse(res));
      return answer.data?.createFileUpload as { fileId: string; uploadUrl: string; contentType: string };
    };
    const complete = (fileId: string) =>
      target.http('POST', '/metadata', { body: { query: COMPLETE, variables: { fileId } } });
    /** The three steps; answers the completed file. */
    const uploadFile = async (filename: string, bytes: Buffer) => {
      const upload = await startUpload(filename, bytes.length);
      const put = await bare('PUT', upload.uploadUrl, bytes);
      assert.equal(put.status, 204, `PUT: ${put.status} ${put.bytes.toString()}`);
      const done = await complete(upload.fileId);
      const answer = graphql(done);
      assert.ok(!answer.errors, describeResponse(done));
      return answer.data?.completeFileUpload as { id: string; size: number; url: string; path: string };
    };
    const attach = async (targetField: string, recordId: string, fileId: string, name: string) => {
      const res = await target.http('POST', '/rest/attachments', {
        body: { name, [targetField]: recordId, file: [{ fileId, label: name }] },
      });
      expectStatus(res, 201);
      const attachment = recordOf(res, 'createAttachment');
      cleanup.track('attachments', attachment.id as string);
      return { res, attachment };
    };

    before(async () => {
      const attachment = await objectMetadata(target, await objectIdByName(target, 'attachment'));
      const file = attachment.fields.find((f) => f.name === 'file');
      assert.ok(file, 'attachment has no field «file»: this server is not era C (Twenty 2.x)');
      assert.equal(file.type, 'FILES');
      fieldMetadataId = file.id as string;
      const person = await target.http('POST', '/rest/people', {
        body: { name: { firstName: 'Files', lastName: uniqueName('ctFiles') } },
      });
      expectStatus(person, 201);
      personId = cleanup.track('people', recordOf(person, 'createPerson').id as string);
    });
    after(async () => {
      await cleanup.destroyAll();
      await scratch?.remove();
    });

    it('uploads in three steps: a signed PUT target, the exact bytes (204), a completed file with a signed url', async () => {
      const bytes = Buffer.from('%PDF-1.4 contract upload');
      const upload = await startUpload('contract.pdf', bytes.length);
      assert.match(upload.fileId, /^[0-9a-f-]{36}$/);
      assert.match(upload.uploadUrl, /^https?:\/\//);
      assert.equal(typeof upload.contentType, 'string');
      assert.equal((await bare('PUT', upload.uploadUrl, bytes)).status, 204);
      const done = await complete(upload.fileId);
      const file = graphql(done).data?.completeFileUpload as Json;
      assert.equal(file.id, upload.fileId, describeResponse(done));
      assert.equal(Number(file.size), bytes.length);
      assert.match(String(file.url), new RegExp(`/file/files-field/${upload.fileId}\\?token=`));
      // Completing again while the file is temporary answers the same file (idempotent).
      const again = graphql(await complete(upload.fileId)).data?.completeFileUpload as Json;
      assert.equal(again.id, upload.fileId);
    });

    it('downloads by the signed URL without any bearer: the same bytes', async () => {
      const bytes = Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 251));
      const file = await uploadFile('bytes.bin', bytes);
      const got = await bare('GET', file.url);
      assert.equal(got.status, 200);
      assert.ok(got.bytes.equals(bytes), 'downloaded bytes differ from the uploaded ones');
    });

    it('attaches a file to a person through targetPersonId and file: [{ fileId, label }]', async () => {
      const file = await uploadFile('passport.docx', Buffer.from('PK docx bytes'));
      const { attachment } = await attach('targetPersonId', personId, file.id, 'passport.docx');
      assert.equal(attachment.targetPersonId, personId);
      const read = await target.http('GET', `/rest/attachments/${attachment.id}`);
      expectStatus(read, 200);
      const record = recordOf(read, 'attachment');
      const items = record.file as Json[];
      assert.ok(Array.isArray(items) && items.length === 1, describeResponse(read));
      assert.equal(items[0].fileId, file.id);
      assert.equal(items[0].label, 'passport.docx');
      if (typeof items[0].url === 'string') {
        // Twenty signs a fresh URL on read (devhost does; unconfirmed for every Twenty version).
        const got = await bare('GET', items[0].url);
        assert.equal(got.bytes.toString(), 'PK docx bytes');
      } else assert.ok(!target.isDevhost, 'devhost must sign a url on read');
    });

    it('attaches a file to a custom object through target<Object>Id', async () => {
      scratch = await createScratchObject(target, 'ctFile');
      const created = await target.http('POST', `/rest/${scratch.namePlural}`, {
        body: { name: 'with a file' },
      });
      expectStatus(created, 201);
      const recordId = recordOf(created, `create${scratch.capitalSingular}`).id as string;
      const file = await uploadFile('plan.pdf', Buffer.from('%PDF plan'));
      const field = `target${scratch.capitalSingular}Id`;
      const { attachment } = await attach(field, recordId, file.id, 'plan.pdf');
      assert.equal(attachment[field], recordId);
    });

    it('refuses a file id that was never completed, and a file used twice', async () => {
      const pending = await startUpload('pending.txt', 4);
      const refused = await target.http('POST', '/rest/attachments', {
        body: { name: 'x', targetPersonId: personId, file: [{ fileId: pending.fileId, label: 'x' }] },
      });
      expectStatus(refused, 400);
      if (!target.isDevhost) return; // «once» is read from Twenty's source, not yet observed on a server.
      const file = await uploadFile('once.txt', Buffer.from('once'));
      await attach('targetPersonId', personId, file.id, 'once.txt');
      const twice = await target.http('POST', '/rest/attachments', {
        body: { name: 'twice', targetPersonId: personId, file: [{ fileId: file.id, label: 'twice' }] },
      });
      expectStatus(twice, 400);
    });

    it('refuses an expired download URL', {
      skip: !target.expiredFileUrl && 'needs a way to mint an expired URL',
    }, async () => {
      const file = await uploadFile('old.txt', Buffer.from('old'));
      const expired = target.expiredFileUrl?.(file.id) as string;
      assert.equal((await bare('GET', expired)).status, 403);
    });

    it('refuses a download URL whose token is forged or belongs to another file', async () => {
      const a = await uploadFile('a.txt', Buffer.from('file a'));
      const b = await uploadFile('b.txt', Buffer.from('file b'));
      const swapped = a.url.replace(a.id, b.id);
      assert.ok([401, 403].includes((await bare('GET', swapped)).status), 'another file with a’s token');
      const url = new URL(a.url);
      const token = url.searchParams.get('token') ?? '';
      url.searchParams.set('token', `${token.slice(0, -4)}AAAA`);
      assert.ok([401, 403].includes((await bare('GET', url.toString())).status), 'a forged signature');
      url.searchParams.delete('token');
      assert.ok([401, 403].includes((await bare('GET', url.toString())).status), 'no token at all');
    });

    it('refuses a PUT without its token, even with the API key', async () => {
      const upload = await startUpload('nokey.txt', 3);
      const url = new URL(upload.uploadUrl);
      url.searchParams.delete('token');
      const res = await fetch(url, {
        method: 'PUT',
        body: new Uint8Array(Buffer.from('abc')),
        headers: { authorization: `Bearer ${target.apiKey}`, 'content-type': 'application/octet-stream' },
      });
      assert.ok([401, 403].includes(res.status), `PUT without token: ${res.status}`);
    });

    it('refuses bytes that do not match the declared size, and completion of such a file', async () => {
      const short = await startUpload('short.txt', 10);
      const fewer = await bare('PUT', short.uploadUrl, Buffer.from('12345'));
      assert.equal(fewer.status, 400, `fewer bytes: ${fewer.bytes.toString()}`);
      assert.match(fewer.bytes.toString(), /declared/);
      // FILE_NOT_UPLOADED or FILE_SIZE_MISMATCH at completion (file-upload-completion.service.ts).
      expectGraphQLError(await complete(short.fileId), 'BAD_USER_INPUT');
      const long = await startUpload('long.txt', 5);
      const more = await bare('PUT', long.uploadUrl, Buffer.from('1234567890'));
      // FILE_TOO_LARGE → 413 in Twenty's FileUploadApiExceptionFilter; that the PUT route uses it is unconfirmed.
      assert.ok(
        target.isDevhost ? more.status === 413 : [400, 413].includes(more.status),
        `more bytes: ${more.status}`,
      );
    });

    it('takes the PUT again until completion, and refuses completion before the bytes came', {
      skip: !target.isDevhost && 'newer Twenty only (a repeated PUT was refused before completion moved)',
    }, async () => {
      const upload = await startUpload('again.txt', 5);
      expectGraphQLError(await complete(upload.fileId), 'BAD_USER_INPUT', /not been uploaded/);
      assert.equal((await bare('PUT', upload.uploadUrl, Buffer.from('first'))).status, 204);
      assert.equal((await bare('PUT', upload.uploadUrl, Buffer.from('again'))).status, 204);
      const done = graphql(await complete(upload.fileId)).data?.completeFileUpload as Json;
      assert.equal((await bare('GET', String(done.url))).bytes.toString(), 'again');
      assert.equal((await bare('PUT', upload.uploadUrl, Buffer.from('later'))).status, 400);
    });

    it('refuses to create an upload above the size limit, or of an empty file', async () => {
      // Devhost holds Twenty's 100 MB default exactly; a real server may be configured higher, so 1 TiB there.
      const tooBig = target.isDevhost ? MB100 + 1 : 2 ** 40;
      expectGraphQLError(await createUpload('huge.bin', tooBig), 'BAD_USER_INPUT', /size/i);
      expectGraphQLError(await createUpload('empty.bin', 0), 'BAD_USER_INPUT', /size/i);
      if (target.isDevhost)
        assert.ok(!graphql(await createUpload('limit.bin', MB100)).errors, 'exactly 100 MB is allowed');
    });

    it('answers an unknown mutation with a GraphQL validation error naming it (how clients detect era B)', async () => {
      const res = await target.http('POST', '/metadata', {
        body: { query: 'mutation { uploadSomethingElse(x: 1) { id } }' },
      });
      const answer = graphql(res);
      assert.match(
        answer.errors?.[0]?.message ?? '',
        /Cannot query field "uploadSomethingElse" on type "Mutation"/,
      );
    });

    it('refuses uploads to a key whose role may not write attachments', {
      skip: !target.isDevhost && 'a real role needs the UPLOAD_FILE flag set up by hand',
    }, async () => {
      const key = await target.restrictedKey?.({
        label: 'Readers',
        canReadAllObjectRecords: true,
        canUpdateAllObjectRecords: false,
      });
      const res = await target.http('POST', '/metadata', {
        apiKey: key,
        body: {
          query: CREATE,
          variables: { filename: 'x.txt', size: 1, fileFolder: 'FilesField', fieldMetadataId },
        },
      });
      expectGraphQLError(res, 'FORBIDDEN', /may not upload files/);
    });

    it('refuses the metadata mutations without an API key', async () => {
      const res = await target.http('POST', '/metadata', {
        apiKey: null,
        body: {
          query: CREATE,
          variables: { filename: 'x.txt', size: 1, fileFolder: 'FilesField', fieldMetadataId },
        },
      });
      const answer = graphql(res);
      assert.ok(answer.errors && answer.errors.length > 0, describeResponse(res));
      assert.equal(answer.errors[0].extensions?.code, 'UNAUTHENTICATED', describeResponse(res));
    });
  });
}
