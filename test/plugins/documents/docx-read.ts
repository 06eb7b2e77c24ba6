/**
 * Reading a generated .docx back as Word would: unzip it (jszip, which docx ships), parse
 * word/document.xml and docProps with fast-xml-parser, and list every run with its text,
 * colour and highlight — the tests assert on these.
 */
import assert from 'node:assert/strict';
import { XMLParser } from 'fast-xml-parser';
import JSZip from 'jszip';

export interface DocRun {
  text: string;
  color: string | null;
  highlight: string | null;
  /** Inside a table row marked as a repeated header. */
  header: boolean;
}

export interface ReadDocx {
  runs: DocRun[];
  text: string;
  /** Rows of each table: whether the row repeats as a header. */
  tables: { headerRows: number; rows: number }[];
  core: Record<string, unknown>;
  custom: Record<string, string>;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  preserveOrder: true,
  trimValues: false,
});

type Node = Record<string, unknown> & { ':@'?: Record<string, string> };

const children = (n: Node, tag: string): Node[] => (n[tag] as Node[] | undefined) ?? [];
const tagOf = (n: Node) => Object.keys(n).find((k) => k !== ':@') ?? '';

export async function readDocx(bytes: Buffer): Promise<ReadDocx> {
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'a .docx is a zip');
  const zip = await JSZip.loadAsync(bytes);
  for (const part of ['[Content_Types].xml', 'word/document.xml', 'docProps/core.xml', '_rels/.rels'])
    assert.ok(zip.file(part), `the package has ${part}`);
  const xml = await zip.file('word/document.xml')?.async('string');
  assert.ok(xml);
  const tree = parser.parse(xml) as Node[];
  const runs: DocRun[] = [];
  const tables: { headerRows: number; rows: number }[] = [];
  const walk = (nodes: Node[], header: boolean) => {
    for (const n of nodes) {
      const tag = tagOf(n);
      if (tag === 'w:tbl') {
        const rows = children(n, 'w:tbl').filter((c) => tagOf(c) === 'w:tr');
        const isHeader = (r: Node) =>
          children(r, 'w:tr').some(
            (p) => tagOf(p) === 'w:trPr' && children(p, 'w:trPr').some((x) => tagOf(x) === 'w:tblHeader'),
          );
        tables.push({ rows: rows.length, headerRows: rows.filter(isHeader).length });
        for (const r of rows) walk(children(r, 'w:tr'), isHeader(r));
        continue;
      }
      if (tag === 'w:r') {
        const parts = children(n, 'w:r');
        const rPr = parts.find((p) => tagOf(p) === 'w:rPr');
        const props = rPr ? children(rPr, 'w:rPr') : [];
        const color = props.find((p) => tagOf(p) === 'w:color')?.[':@']?.['@w:val'] ?? null;
        const highlight = props.find((p) => tagOf(p) === 'w:highlight')?.[':@']?.['@w:val'] ?? null;
        const text = parts
          .filter((p) => tagOf(p) === 'w:t')
          .map((t) =>
            children(t, 'w:t')
              .map((x) => String(x['#text'] ?? ''))
              .join(''),
          )
          .join('');
        if (text !== '') runs.push({ text, color, highlight, header });
        continue;
      }
      if (tag && tag !== '#text' && Array.isArray(n[tag])) walk(n[tag] as Node[], header);
    }
  };
  walk(tree, false);
  const flat = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });
  const core =
    flat.parse((await zip.file('docProps/core.xml')?.async('string')) ?? '')['cp:coreProperties'] ?? {};
  const customXml = await zip.file('docProps/custom.xml')?.async('string');
  const custom: Record<string, string> = {};
  if (customXml) {
    const props = flat.parse(customXml).Properties?.property;
    for (const p of Array.isArray(props) ? props : props ? [props] : [])
      custom[String(p['@name'])] = String(Object.entries(p).find(([k]) => k.startsWith('vt:'))?.[1] ?? '');
  }
  return { runs, text: runs.map((r) => r.text).join(''), tables, core, custom };
}
