import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { call, objectId, pick, startTestDevhost } from './http-helper';

const devhost = await startTestDevhost();

async function tableColumns(): Promise<string[]> {
  // The records API is the observable surface: a column exists when a record shows the field.
  const reply = await call(devhost, 'POST', '/rest/batch/listings', [{ name: 'probe' }]);
  const [record] = pick<Record<string, unknown>[]>(reply.body, 'data.createListings');
  return Object.keys(record);
}

describe('metadata API', () => {
  it('creates a custom object whose table is usable on /rest/{plural} at once, with the default fields', async () => {
    const created = await call(devhost, 'POST', '/rest/metadata/objects', {
      nameSingular: 'listing',
      namePlural: 'listings',
      labelSingular: 'Listing',
      labelPlural: 'Listings',
    });
    assert.equal(created.status, 201);
    const object = pick<{ fields: { name: string; type: string }[] }>(created.body, 'data.createOneObject');
    const names = object.fields.map((f) => f.name);
    for (const n of [
      'id',
      'name',
      'createdAt',
      'updatedAt',
      'deletedAt',
      'createdBy',
      'updatedBy',
      'position',
      'taskTargets',
      'noteTargets',
      'attachments',
    ]) {
      assert.ok(names.includes(n), `default field ${n} missing`);
    }
    const columns = await tableColumns();
    assert.deepEqual(
      columns.sort(),
      ['createdAt', 'createdBy', 'deletedAt', 'id', 'name', 'position', 'updatedAt', 'updatedBy'].sort(),
    );
  });

  it('adds the inverse relation column on taskTarget, noteTarget and attachment for a custom object', async () => {
    const listing = await call(devhost, 'POST', '/rest/listings', { name: 'L1' });
    const listingId = pick<string>(listing.body, 'data.createListing.id');
    const target = await call(devhost, 'POST', '/rest/taskTargets', { listingId });
    assert.equal(target.status, 201, target.text);
    const withTargets = await call(devhost, 'GET', `/rest/listings/${listingId}?depth=1`);
    const targets = pick<{ listingId: string }[]>(withTargets.body, 'data.listing.taskTargets');
    assert.equal(targets.length, 1);
    assert.equal(targets[0].listingId, listingId);
  });

  it('stores a composite field as one column per sub-field and a SELECT default as its option value', async () => {
    const listingObject = await objectId(devhost, 'listing');
    const price = await call(devhost, 'POST', '/rest/metadata/fields', {
      objectMetadataId: listingObject,
      type: 'CURRENCY',
      name: 'price',
      label: 'Price',
    });
    assert.equal(price.status, 201, price.text);
    const status = await call(devhost, 'POST', '/rest/metadata/fields', {
      objectMetadataId: listingObject,
      type: 'SELECT',
      name: 'status',
      label: 'Status',
      defaultValue: "'FREE'",
      options: [
        { value: 'FREE', label: 'Free', color: 'green' },
        { value: 'SOLD', label: 'Sold', color: 'red' },
      ],
    });
    assert.equal(status.status, 201, status.text);
    const record = await call(devhost, 'POST', '/rest/listings', {
      name: 'L2',
      price: { amountMicros: 1_500_000_000, currencyCode: 'RUB' },
    });
    assert.deepEqual(pick(record.body, 'data.createListing.price'), {
      amountMicros: 1_500_000_000,
      currencyCode: 'RUB',
    });
    assert.equal(pick(record.body, 'data.createListing.status'), 'FREE');
  });

  it('creates both sides of a RELATION and the <name>Id column on the MANY_TO_ONE side', async () => {
    const listingObject = await objectId(devhost, 'listing');
    const company = await objectId(devhost, 'company');
    const reply = await call(devhost, 'POST', '/rest/metadata/fields', {
      objectMetadataId: listingObject,
      type: 'RELATION',
      name: 'agency',
      label: 'Agency',
      relationCreationPayload: {
        type: 'MANY_TO_ONE',
        targetObjectMetadataId: company,
        targetFieldLabel: 'Agency Listings',
        targetFieldIcon: 'IconList',
      },
    });
    assert.equal(reply.status, 201, reply.text);
    const companyMeta = await call(devhost, 'GET', `/rest/metadata/objects/${company}`);
    const inverse = pick<{ name: string; relation: { type: string } }[]>(
      companyMeta.body,
      'data.object.fields',
    ).find((f) => f.name === 'agencyListings');
    assert.equal(inverse?.relation.type, 'ONE_TO_MANY');
    const acme = await call(devhost, 'POST', '/rest/companies', { name: 'Acme' });
    const acmeId = pick<string>(acme.body, 'data.createCompany.id');
    const listing = await call(devhost, 'POST', '/rest/listings', { name: 'L3', agencyId: acmeId });
    assert.equal(pick(listing.body, 'data.createListing.agencyId'), acmeId);
    const back = await call(devhost, 'GET', `/rest/companies/${acmeId}?depth=1`);
    assert.deepEqual(
      pick<{ name: string }[]>(back.body, 'data.company.agencyListings').map((l) => l.name),
      ['L3'],
    );
  });

  it('refuses reserved, malformed and duplicate names with 400 and creates nothing', async () => {
    const listingObject = await objectId(devhost, 'listing');
    const before = await call(devhost, 'GET', '/rest/metadata/fields');
    for (const name of ['type', 'Bad', 'has space', 'price', 'agencyId', 'x'.repeat(64)]) {
      const reply = await call(devhost, 'POST', '/rest/metadata/fields', {
        objectMetadataId: listingObject,
        type: 'TEXT',
        name,
        label: 'X',
      });
      assert.equal(reply.status, 400, `${name}: ${reply.text}`);
    }
    const reserved = await call(devhost, 'POST', '/rest/metadata/fields', {
      objectMetadataId: listingObject,
      type: 'TEXT',
      name: 'type',
      label: 'X',
    });
    assert.deepEqual(pick(reserved.body, 'messages'), ['The name "type" is not available']);
    const after = await call(devhost, 'GET', '/rest/metadata/fields');
    assert.equal(pick(after.body, 'totalCount'), pick(before.body, 'totalCount'));
  });

  it('rolls back a whole metadata change when one part fails: no table, no metadata', async () => {
    const same = await call(devhost, 'POST', '/rest/metadata/objects', {
      nameSingular: 'sheep',
      namePlural: 'sheep',
      labelSingular: 'S',
      labelPlural: 'S',
    });
    assert.equal(same.status, 400);
    // "author" is free as an object name, but attachment already has a "targetAuthor" field (made
    // here), so the inverse relation fails after the table and the object row were written.
    const clash = await call(devhost, 'POST', '/rest/metadata/fields', {
      objectMetadataId: await objectId(devhost, 'attachment'),
      type: 'TEXT',
      name: 'targetAuthor',
      label: 'Target author',
    });
    assert.equal(clash.status, 201, clash.text);
    const collide = await call(devhost, 'POST', '/rest/metadata/objects', {
      nameSingular: 'author',
      namePlural: 'authors',
      labelSingular: 'Author',
      labelPlural: 'Authors',
    });
    assert.equal(collide.status, 400, collide.text);
    const objects = await call(devhost, 'GET', '/rest/metadata/objects');
    assert.ok(
      !pick<{ nameSingular: string }[]>(objects.body, 'data.objects').some(
        (o) => o.nameSingular === 'author',
      ),
    );
    assert.equal((await call(devhost, 'GET', '/rest/authors')).status, 400);
    const attachment = await call(devhost, 'POST', '/rest/attachments', { name: 'a.pdf' });
    assert.equal(attachment.status, 201, 'attachment still works: its table was not altered');
  });

  it('refuses an invalid SELECT default and leaves no column behind', async () => {
    const listingObject = await objectId(devhost, 'listing');
    const reply = await call(devhost, 'POST', '/rest/metadata/fields', {
      objectMetadataId: listingObject,
      type: 'SELECT',
      name: 'kind',
      label: 'Kind',
      defaultValue: "'NOPE'",
      options: [{ value: 'FLAT', label: 'Flat', color: 'blue' }],
    });
    assert.equal(reply.status, 400);
    const retry = await call(devhost, 'POST', '/rest/metadata/fields', {
      objectMetadataId: listingObject,
      type: 'SELECT',
      name: 'kind',
      label: 'Kind',
      defaultValue: "'FLAT'",
      options: [{ value: 'FLAT', label: 'Flat', color: 'blue' }],
    });
    assert.equal(retry.status, 201, retry.text);
  });

  it('refuses a type change but applies label, options and isUnique updates', async () => {
    const fields = await call(devhost, 'GET', '/rest/metadata/fields');
    const status = pick<{ id: string; name: string; objectMetadataId: string }[]>(
      fields.body,
      'data.fields',
    ).find((f) => f.name === 'status' && f.objectMetadataId);
    assert.ok(status);
    const typeChange = await call(devhost, 'PATCH', `/rest/metadata/fields/${status.id}`, { type: 'TEXT' });
    assert.equal(typeChange.status, 400);
    const listingObject = await objectId(devhost, 'listing');
    const code = await call(devhost, 'POST', '/rest/metadata/fields', {
      objectMetadataId: listingObject,
      type: 'TEXT',
      name: 'code',
      label: 'Code',
    });
    const codeId = pick<string>(code.body, 'data.createOneField.id');
    const unique = await call(devhost, 'PATCH', `/rest/metadata/fields/${codeId}`, {
      isUnique: true,
      label: 'Unit code',
    });
    assert.equal(unique.status, 200, unique.text);
    assert.equal(pick(unique.body, 'data.updateOneField.label'), 'Unit code');
    assert.equal((await call(devhost, 'POST', '/rest/listings', { code: 'A-1' })).status, 201);
    const dup = await call(devhost, 'POST', '/rest/listings', { code: 'A-1' });
    assert.equal(dup.status, 400);
    assert.match(pick<string[]>(dup.body, 'messages')[0], /duplicate key/);
  });

  it('hides a deactivated field from records and refuses writes to it', async () => {
    const listingObject = await objectId(devhost, 'listing');
    const field = await call(devhost, 'POST', '/rest/metadata/fields', {
      objectMetadataId: listingObject,
      type: 'TEXT',
      name: 'memo',
      label: 'Memo',
    });
    const fieldId = pick<string>(field.body, 'data.createOneField.id');
    assert.equal((await call(devhost, 'POST', '/rest/listings', { memo: 'before' })).status, 201);
    await call(devhost, 'PATCH', `/rest/metadata/fields/${fieldId}`, { isActive: false });
    const listed = await call(devhost, 'GET', '/rest/listings?limit=1');
    assert.equal('memo' in pick<Record<string, unknown>[]>(listed.body, 'data.listings')[0], false);
    assert.equal((await call(devhost, 'POST', '/rest/listings', { memo: 'after' })).status, 400);
    await call(devhost, 'PATCH', `/rest/metadata/fields/${fieldId}`, { isActive: true });
    assert.equal((await call(devhost, 'POST', '/rest/listings', { memo: 'again' })).status, 201);
  });

  it('renames a custom object with its table and records, but never a standard object', async () => {
    const created = await call(devhost, 'POST', '/rest/metadata/objects', {
      nameSingular: 'flat',
      namePlural: 'flats',
      labelSingular: 'Flat',
      labelPlural: 'Flats',
    });
    const id = pick<string>(created.body, 'data.createOneObject.id');
    await call(devhost, 'POST', '/rest/flats', { name: 'F1' });
    const renamed = await call(devhost, 'PATCH', `/rest/metadata/objects/${id}`, {
      nameSingular: 'apartment',
      namePlural: 'apartments',
    });
    assert.equal(pick(renamed.body, 'data.updateOneObject.namePlural'), 'apartments');
    assert.equal((await call(devhost, 'GET', '/rest/flats')).status, 400);
    const moved = await call(devhost, 'GET', '/rest/apartments');
    assert.deepEqual(
      pick<{ name: string }[]>(moved.body, 'data.apartments').map((r) => r.name),
      ['F1'],
    );
    const person = await objectId(devhost, 'person');
    assert.equal(
      (await call(devhost, 'PATCH', `/rest/metadata/objects/${person}`, { namePlural: 'persons' })).status,
      400,
    );
    const relabel = await call(devhost, 'PATCH', `/rest/metadata/objects/${person}`, {
      labelPlural: 'Contacts',
    });
    assert.equal(pick(relabel.body, 'data.updateOneObject.labelPlural'), 'Contacts');
  });

  it('deletes a custom object with its table and the relation fields pointing at it', async () => {
    const created = await call(devhost, 'POST', '/rest/metadata/objects', {
      nameSingular: 'draft',
      namePlural: 'drafts',
      labelSingular: 'Draft',
      labelPlural: 'Drafts',
    });
    const id = pick<string>(created.body, 'data.createOneObject.id');
    const deleted = await call(devhost, 'DELETE', `/rest/metadata/objects/${id}`);
    assert.deepEqual(deleted.body, { data: { deleteOneObject: { id } } });
    const gone = await call(devhost, 'GET', '/rest/drafts');
    assert.equal(gone.status, 400);
    const taskTarget = await call(devhost, 'POST', '/rest/taskTargets', { draftId: null });
    assert.equal(taskTarget.status, 400);
    const standard = await call(
      devhost,
      'DELETE',
      `/rest/metadata/objects/${await objectId(devhost, 'person')}`,
    );
    assert.equal(standard.status, 400);
  });

  it('lists objects and fields with Twenty envelopes', async () => {
    const objects = await call(devhost, 'GET', '/rest/metadata/objects');
    const list = pick<{ nameSingular: string; fields: unknown[] }[]>(objects.body, 'data.objects');
    assert.equal(pick(objects.body, 'totalCount'), list.length);
    for (const name of [
      'company',
      'person',
      'opportunity',
      'workspaceMember',
      'task',
      'note',
      'taskTarget',
      'noteTarget',
      'attachment',
    ]) {
      assert.ok(
        list.some((o) => o.nameSingular === name),
        `${name} missing`,
      );
    }
    assert.equal(pick(objects.body, 'pageInfo.hasNextPage'), false);
    const bad = await call(devhost, 'GET', '/rest/metadata/objects/nope');
    assert.equal(bad.status, 400);
  });
});
