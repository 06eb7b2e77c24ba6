/**
 * The migration's pure parts: Salesforce ids (15 → 18 with the checksum),
 * the streaming CSV reader on the shapes real exports have (BOM, CRLF,
 * quoted newlines and quotes, broken quoting reported with file and line,
 * legacy encodings), zips, and value conversion (dates without time-zone
 * shifts, date-times in a zone, exact currency micros, phones, option values
 * of labels with commas and Cyrillic) and the equality a re-run relies on.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import iconv from 'iconv-lite';
import yauzl from 'yauzl';
import { camelName } from '../../migration/engine/plan';
import {
  optionValueOf,
  parseBoolean,
  parseDate,
  parseDateTime,
  parsePhone,
  sameValue,
  toMicros,
} from '../../migration/engine/values';
import { keyPrefix, to18 } from '../../migration/salesforce/ids';
import { openExport } from '../../migration/source/export-source';
import { type RowProblem, readTable, type SourceRow } from '../../migration/source/rows';
import { zipBytes } from '../support/crm-exports';

const dir = mkdtempSync(path.join(tmpdir(), 'migration-reader-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function rowsOf(files: Record<string, string | Buffer>, options: { encoding?: string } = {}) {
  const folder = mkdtempSync(path.join(dir, 'x-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(folder, name), content);
  const source = await openExport(folder);
  const table = [...source.tables.values()][0];
  const rows: SourceRow[] = [];
  const broken: RowProblem[] = [];
  for await (const r of readTable(table, { ...options, onBroken: (p) => broken.push(p) })) rows.push(r);
  await source.close();
  return { rows, broken };
}

/** Relations and shared strings first, then the worksheets, the workbook part last. */
function rankPart(name: string): number {
  if (name.includes('_rels') || name.includes('sharedStrings')) return 0;
  if (name.startsWith('xl/worksheets/')) return 1;
  return name === 'xl/workbook.xml' ? 3 : 2;
}

/** Every entry of a zip, by name (yauzl, as the export reader uses). */
async function unzipEntries(zip: Buffer): Promise<Map<string, Buffer>> {
  const archive = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, z) => (err ? reject(err) : resolve(z))),
  );
  const out = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    archive.on('entry', (entry: yauzl.Entry) => {
      archive.openReadStream(entry, async (err, stream) => {
        if (err) return reject(err);
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        out.set(entry.fileName, Buffer.concat(chunks));
        archive.readEntry();
      });
    });
    archive.on('end', resolve);
    archive.on('error', reject);
    archive.readEntry();
  });
  return out;
}

describe('Salesforce ids', () => {
  it('turns 15-character ids into 18 with the published checksums', () => {
    assert.equal(to18('a01M00000062mPg'), 'a01M00000062mPgIAI');
    assert.equal(to18('001M000000qfPyS'), '001M000000qfPySIAU');
    assert.equal(to18('aBcDEfgHIJKLMNO'), 'aBcDEfgHIJKLMNO025');
    assert.equal(to18('AbCdEfGhIjKlMnO'), 'AbCdEfGhIjKlMnOVKV');
    assert.equal(to18('a0D30000001n7Pi'), 'a0D30000001n7PiEAI');
  });
  it('keeps 18-character ids, refuses a checksum that does not match and anything else', () => {
    assert.equal(to18('a01M00000062mPgIAI'), 'a01M00000062mPgIAI');
    assert.equal(to18('a01M00000062mPgiai'), 'a01M00000062mPgIAI', 'the checksum is case-insensitive');
    assert.equal(to18('a01m00000062mPgIAI'), undefined, 'a case-mangled id is detected');
    assert.equal(to18('not-an-id'), undefined);
    assert.equal(to18(''), undefined);
  });
  it('tells 15-character ids that differ only in case apart', () => {
    assert.notEqual(to18('001AAAAAAAAAAAa'), to18('001AAAAAAAAAAAA'));
    assert.equal(keyPrefix(to18('003AAAAAAAAAAAA') as string), '003');
  });
});

describe('reading an export', () => {
  it('reads BOM, CRLF, quoted newlines and doubled quotes; numbers rows and lines', async () => {
    const { rows, broken } = await rowsOf({
      'Account.csv':
        '\uFEFF"Id","Name","Description"\r\n"001","ООО «Ромашка»","строка 1\r\nстрока ""2"""\r\n"002","Beta, Inc.",""\r\n',
    });
    assert.equal(broken.length, 0);
    assert.deepEqual(
      rows.map((r) => r.values.Id),
      ['001', '002'],
    );
    assert.equal(rows[0].values.Name, 'ООО «Ромашка»');
    assert.equal(rows[0].values.Description, 'строка 1\r\nстрока "2"');
    assert.equal(rows[1].values.Name, 'Beta, Inc.');
    assert.deepEqual(
      rows.map((r) => r.row),
      [1, 2],
    );
    assert.match(rows[1].where, /Account\.csv line 4/);
  });

  it('reports broken quoting with file and line, keeps its row number, and reads on', async () => {
    const { rows, broken } = await rowsOf({
      'Contact.csv': '"Id","Name"\n"1","ok"\n"2","bro"ken"\n"3","fine"\n',
    });
    assert.deepEqual(
      rows.map((r) => [r.row, r.values.Id]),
      [
        [1, '1'],
        [3, '3'],
      ],
    );
    assert.equal(broken.length, 1);
    assert.equal(broken[0].row, 2);
    assert.match(broken[0].where, /Contact\.csv line 3/);
    assert.match(broken[0].reason, /broken quoting/);
  });

  it('reports a quote never closed', async () => {
    const { rows, broken } = await rowsOf({ 'Note.csv': '"Id","Body"\n"1","a"\n"2","never closed\n' });
    assert.equal(rows.length, 1);
    assert.match(broken[0].reason, /never closed/);
  });

  it('decodes a legacy encoding when asked', async () => {
    const { rows } = await rowsOf(
      { 'Account.csv': iconv.encode('"Id","Name"\r\n"1","Компания"\r\n', 'win1251') },
      { encoding: 'windows-1251' },
    );
    assert.equal(rows[0].values.Name, 'Компания');
  });

  it('reads tables and files out of a zip', async () => {
    const zip = path.join(dir, 'export.zip');
    writeFileSync(
      zip,
      zipBytes(
        new Map([
          ['Account.csv', Buffer.from('"Id","Name"\r\n"001000000000001","Альфа"\r\n')],
          ['Attachments/00P000000000001AAA', Buffer.from('%PDF')],
        ]),
      ),
    );
    const source = await openExport(zip);
    assert.deepEqual([...source.tables.keys()], ['Account']);
    assert.ok(source.binary('Attachments', '00P000000000001AAA'));
    const rows: SourceRow[] = [];
    for await (const r of readTable(source.tables.get('Account') ?? [])) rows.push(r);
    assert.equal(rows[0].values.Name, 'Альфа');
    await source.close();
  });

  it('reads an xlsx whose worksheet comes before xl/workbook.xml in the zip', async () => {
    // Excel and exceljs's own writer may put the parts in this order; exceljs's streaming reader
    // threw "reading 'sheets'" on it (exceljs#962): the Dynamics migration failed on such a file.
    const book = new (await import('exceljs')).default.Workbook();
    const sheet = book.addWorksheet('Units');
    sheet.addRow(['Номер', 'Площадь']);
    sheet.addRow(['кв. 12', '54,3']);
    sheet.addRow(['кв. 13', '61']);
    const parts = await unzipEntries(Buffer.from(await book.xlsx.writeBuffer()));
    const order = [...parts.keys()].sort((a, b) => rankPart(a) - rankPart(b));
    assert.ok(order.indexOf('xl/worksheets/sheet1.xml') < order.indexOf('xl/workbook.xml'));
    const reordered = zipBytes(new Map(order.map((name) => [name, parts.get(name) as Buffer])));
    const { rows, broken } = await rowsOf({ 'units.xlsx': reordered });
    assert.deepEqual(broken, []);
    assert.deepEqual(
      rows.map((r) => r.values),
      [
        { Номер: 'кв. 12', Площадь: '54,3' },
        { Номер: 'кв. 13', Площадь: '61' },
      ],
    );
  });
  it('refuses what is not an export', async () => {
    await assert.rejects(openExport(path.join(dir, 'missing.zip')), /does not exist/);
    const empty = mkdtempSync(path.join(dir, 'empty-'));
    await assert.rejects(openExport(empty), /no \.csv or \.xlsx/);
  });
});

describe('values', () => {
  it('keeps dates as dates (no time-zone shift) and refuses impossible ones', () => {
    assert.deepEqual(parseDate('2024-02-29'), { ok: true, value: '2024-02-29' });
    assert.deepEqual(parseDate('2024-03-05T23:30:00.000Z'), { ok: true, value: '2024-03-05' });
    assert.deepEqual(parseDate('05.03.2024'), { ok: true, value: '2024-03-05' });
    assert.equal(parseDate('2024-02-30').ok, false);
    assert.equal(parseDate('вчера').ok, false);
  });
  it('reads date-times with Z, an offset, or in the given zone', () => {
    assert.deepEqual(parseDateTime('2025-04-01T10:00:00.000Z', 'UTC'), {
      ok: true,
      value: '2025-04-01T10:00:00.000Z',
    });
    assert.deepEqual(parseDateTime('2025-04-01T10:00:00.000+0300', 'UTC'), {
      ok: true,
      value: '2025-04-01T07:00:00.000Z',
    });
    assert.deepEqual(parseDateTime('2025-04-01 10:00', 'Europe/Moscow'), {
      ok: true,
      value: '2025-04-01T07:00:00.000Z',
    });
    assert.deepEqual(parseDateTime('2025-01-15', 'America/New_York'), {
      ok: true,
      value: '2025-01-15T05:00:00.000Z',
    });
    assert.equal(parseDateTime('2025-04-01T25:00:00Z', 'UTC').ok, false);
  });
  it('turns amounts into exact micros', () => {
    assert.deepEqual(toMicros('1234.56'), { ok: true, value: 1_234_560_000 });
    assert.deepEqual(toMicros('0.1'), { ok: true, value: 100_000 });
    assert.deepEqual(toMicros('1 000,5'), { ok: true, value: 1_000_500_000 });
    assert.equal(toMicros('сто').ok, false);
  });
  it('reads booleans the way Data Loader accepts them', () => {
    for (const t of ['true', 'TRUE', '1', 'yes', 'да'])
      assert.deepEqual(parseBoolean(t), { ok: true, value: true });
    for (const f of ['false', '0', 'No', 'нет'])
      assert.deepEqual(parseBoolean(f), { ok: true, value: false });
    assert.equal(parseBoolean('maybe').ok, false);
  });
  it('splits phones into number, country and calling code', () => {
    assert.deepEqual(parsePhone('+7 (916) 123-45-67', 'RU'), {
      ok: true,
      value: { number: '9161234567', countryCode: 'RU', callingCode: '+7' },
    });
    assert.deepEqual(parsePhone('8 903 123 4567', 'RU'), {
      ok: true,
      value: { number: '9031234567', countryCode: 'RU', callingCode: '+7' },
    });
  });
  it('makes option values of labels with commas and Cyrillic', () => {
    assert.equal(optionValueOf('Real Estate, Construction'), 'REAL_ESTATE_CONSTRUCTION');
    assert.equal(optionValueOf('Переговоры'), 'PEREGOVORY');
    assert.equal(optionValueOf('Closed Won'), 'CLOSED_WON');
    assert.equal(optionValueOf('1st tier'), '1ST_TIER');
  });
  it('names fields from API names', () => {
    assert.equal(camelName('Parent_Project__c'), 'parentProject');
    assert.equal(camelName('StageName'), 'stageName');
    assert.equal(camelName('Budget__c'), 'budget');
  });
  it('compares what Twenty holds with what would be sent', () => {
    assert.ok(
      sameValue(
        { amountMicros: 1_000_000, currencyCode: 'RUB' },
        { amountMicros: '1000000', currencyCode: 'RUB' },
      ),
    );
    assert.ok(sameValue('2025-04-01T07:00:00.000Z', '2025-04-01T07:00:00Z'));
    assert.ok(sameValue({ primaryEmail: 'a@b.ru' }, { primaryEmail: 'a@b.ru', additionalEmails: [] }));
    assert.ok(sameValue(undefined, null));
    assert.ok(!sameValue('A', 'B'));
    assert.ok(!sameValue({ addressCity: 'Москва' }, { addressCity: 'Казань' }));
  });
});
