/**
 * The Word rendering without servers: a model with characters Word refuses comes out clean and
 * well-formed, a 500-row table repeats its header row, fields are red and fixed text black, a
 * missing value is a highlighted named blank, and the template's name and version are in the
 * document's properties.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { XMLValidator } from 'fast-xml-parser';
import JSZip from 'jszip';
import {
  type DocModel,
  field,
  fieldsOf,
  missingFields,
  paragraph,
  text,
  title,
} from '../../../plugins/documents/doc-model';
import { renderDocx } from '../../../plugins/documents/docx-render';
import { readDocx } from './docx-read';

const model = (rows: number): DocModel => ({
  template: 'passport',
  templateVersion: 3,
  title: 'Паспорт объекта: корпус 1',
  recordId: '11111111-1111-4111-8111-111111111111',
  blocks: [
    title(text('Паспорт: корпус '), field('building.name', 'Корпус', 'Корпус\u0001 1\u000b')),
    paragraph(
      text('Кадастровый номер: '),
      field('building.cadastralNumber', 'Кадастровый номер здания', null),
    ),
    paragraph(text('Владелец: '), field('owner', 'Владелец', 'ООО «Ромашка»\uffff\ud800')),
    {
      kind: 'table',
      header: ['№', 'Площадь'],
      rows: Array.from({ length: rows }, (_, i) => [
        [field(`u[${i}].n`, 'Номер', String(i + 1))],
        [field(`u[${i}].a`, 'Площадь', i % 100 === 0 ? null : `${40 + (i % 30)},50 м²`)],
      ]),
    },
  ],
});

describe('the Word rendering', () => {
  it('cleans characters Word refuses and stays well-formed', async () => {
    const bytes = await renderDocx(model(3));
    const zip = await JSZip.loadAsync(bytes);
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    assert.equal(XMLValidator.validate(xml), true);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence
    assert.doesNotMatch(xml, /[\u0000-\u0008\u000b\u000c\u000e-\u001f\uffff]/);
    const doc = await readDocx(bytes);
    assert.ok(doc.runs.some((r) => r.text === 'Корпус 1' && r.color === 'FF0000'));
    assert.ok(doc.runs.some((r) => r.text === 'ООО «Ромашка»' && r.color === 'FF0000'));
  });

  it('paints fields red, fixed text black, and a missing value as a highlighted named blank', async () => {
    const m = model(5);
    const doc = await readDocx(await renderDocx(m));
    const red = doc.runs.filter((r) => r.color === 'FF0000');
    assert.equal(red.length, fieldsOf(m).length);
    assert.ok(doc.runs.filter((r) => r.color !== 'FF0000').every((r) => r.color === '000000'));
    const blank = doc.runs.find((r) => r.text === '[Кадастровый номер здания: не заполнено]');
    assert.equal(blank?.highlight, 'yellow');
    assert.deepEqual(
      missingFields(m).map((f) => f.label),
      ['Кадастровый номер здания', 'Площадь'],
    );
  });

  it('repeats a 500-row table’s header row on every page and keeps rows whole', async () => {
    const bytes = await renderDocx(model(500));
    const doc = await readDocx(bytes);
    assert.deepEqual(doc.tables, [{ rows: 501, headerRows: 1 }]);
    const xml = (await (await JSZip.loadAsync(bytes)).file('word/document.xml')?.async('string')) ?? '';
    assert.equal(xml.match(/<w:cantSplit\/>/g)?.length, 501);
  });

  it('records the template’s name and version in the core and custom properties', async () => {
    const doc = await readDocx(await renderDocx(model(1)));
    assert.equal(doc.core['dc:title'], 'Паспорт объекта: корпус 1');
    assert.equal(doc.core['dc:subject'], 'passport v3');
    assert.match(String(doc.core['cp:keywords']), /template=passport; version=3/);
    assert.deepEqual(
      { template: doc.custom.template, version: doc.custom.templateVersion },
      { template: 'passport', version: '3' },
    );
  });
});
