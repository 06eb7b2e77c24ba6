/**
 * The document model as a Word file (package `docx`): substituted runs red (FF0000), fixed text
 * black (000000, said explicitly so no style can colour it), a missing value as a yellow-highlighted
 * blank naming the field; tables repeat their header row on every page (`tableHeader`) and never
 * split a row; the template's name and version go into the core and custom properties.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { Block, DocModel, Part } from './doc-model';
import { cleanText } from './rules/russian-format';

export const FIELD_COLOR = 'FF0000';
export const TEXT_COLOR = '000000';
const FONT = 'Times New Roman';
/** Text width of an A4 page with the margins below, in twentieths of a point. */
const TEXT_WIDTH = 11906 - 1701 - 850;

// Sizes, spacing and fonts live in paragraph styles and table properties, not on every run and
// cell: a 500-row passport then renders in a fraction of the time (the bench measures it).
const STYLES = [
  {
    id: 'DocTitle',
    name: 'Document title',
    run: { size: 28, bold: true },
    paragraph: { spacing: { after: 240 } },
  },
  {
    id: 'DocHeading',
    name: 'Document heading',
    run: { size: 24, bold: true },
    paragraph: { spacing: { before: 240, after: 120 }, keepNext: true },
  },
  { id: 'DocText', name: 'Document text', run: { size: 24 }, paragraph: { spacing: { after: 120 } } },
  { id: 'Cell', name: 'Table cell', run: { size: 20 }, paragraph: { spacing: { after: 0 } } },
];

function run(part: Part): TextRun {
  const bold = part.bold ? { bold: true } : {};
  if (part.kind === 'text') return new TextRun({ ...bold, text: cleanText(part.text), color: TEXT_COLOR });
  if (part.value === null)
    return new TextRun({
      ...bold,
      text: `[${cleanText(part.label).trim()}: не заполнено]`,
      color: FIELD_COLOR,
      highlight: 'yellow',
    });
  return new TextRun({ ...bold, text: cleanText(part.value).trim(), color: FIELD_COLOR });
}

const runs = (parts: readonly Part[]) => parts.map(run);

const ALIGN = {
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
  justify: AlignmentType.JUSTIFIED,
} as const;

const line = { style: BorderStyle.SINGLE, size: 4, color: '808080' };
const TABLE_BORDERS = {
  top: line,
  bottom: line,
  left: line,
  right: line,
  insideHorizontal: line,
  insideVertical: line,
};
const CELL_MARGINS = { top: 40, bottom: 40, left: 80, right: 80 };

const cell = (parts: readonly Part[], header = false) =>
  new TableCell({
    ...(header ? { shading: { fill: 'E7E6E6' } } : {}),
    children: [new Paragraph({ style: 'Cell', children: runs(parts) })],
  });

function columnWidths(count: number, widths?: readonly number[]): number[] {
  const w = widths && widths.length === count ? widths : Array.from({ length: count }, () => 1);
  const sum = w.reduce((a, b) => a + b, 0);
  return w.map((x) => Math.floor((x / sum) * TEXT_WIDTH));
}

const table = (widths: number[], rows: TableRow[]) =>
  new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    borders: TABLE_BORDERS,
    margins: CELL_MARGINS,
    rows,
  });

function blockElements(block: Block): (Paragraph | Table)[] {
  switch (block.kind) {
    case 'title':
      return [
        new Paragraph({
          style: 'DocTitle',
          alignment: AlignmentType.CENTER,
          children: runs(block.parts.map((p) => ({ ...p, bold: true }))),
        }),
      ];
    case 'heading':
      return [
        new Paragraph({
          style: 'DocHeading',
          children: runs(block.parts.map((p) => ({ ...p, bold: true }))),
        }),
      ];
    case 'paragraph':
      return [
        new Paragraph({
          style: 'DocText',
          alignment: ALIGN[block.align ?? 'justify'],
          children: runs(block.parts),
        }),
      ];
    case 'table': {
      const header = new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: block.header.map((h) => cell([{ kind: 'text', text: h, bold: true }], true)),
      });
      const rows = block.rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c) => cell(c)) }));
      return [
        table(columnWidths(block.header.length, block.widths), [header, ...rows]),
        new Paragraph({ children: [] }),
      ];
    }
    case 'pairs': {
      const rows = block.rows.map(
        ([label, value]) =>
          new TableRow({ cantSplit: true, children: [cell([{ kind: 'text', text: label }]), cell(value)] }),
      );
      return [table(columnWidths(2, [2, 3]), rows), new Paragraph({ children: [] })];
    }
    default: {
      const never: never = block;
      throw new Error(`unknown block ${JSON.stringify(never)}`);
    }
  }
}

/** The model as .docx bytes. */
export async function renderDocx(model: DocModel): Promise<Buffer> {
  const doc = new Document({
    title: cleanText(model.title),
    subject: `${model.template} v${model.templateVersion}`,
    keywords: `twenty-realty; template=${model.template}; version=${model.templateVersion}`,
    creator: 'twenty-realty',
    description: `Шаблон «${model.template}», версия ${model.templateVersion}; запись ${model.recordId}`,
    customProperties: [
      { name: 'template', value: model.template },
      { name: 'templateVersion', value: String(model.templateVersion) },
      { name: 'recordId', value: model.recordId },
    ],
    styles: {
      default: { document: { run: { font: FONT, size: 24, color: TEXT_COLOR } } },
      paragraphStyles: STYLES.map((st) => ({ ...st, basedOn: 'Normal', quickFormat: true })),
    },
    sections: [
      {
        properties: { page: { margin: { top: 1134, bottom: 1134, left: 1701, right: 850 } } },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({
                    font: FONT,
                    size: 18,
                    color: TEXT_COLOR,
                    children: ['Стр. ', PageNumber.CURRENT],
                  }),
                ],
              }),
            ],
          }),
        },
        children: model.blocks.flatMap(blockElements),
      },
    ],
  });
  return Packer.toBuffer(doc);
}
