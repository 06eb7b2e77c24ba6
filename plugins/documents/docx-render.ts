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

function run(part: Part, size?: number): TextRun {
  const common = { font: FONT, ...(size ? { size } : {}), ...(part.bold ? { bold: true } : {}) };
  if (part.kind === 'text') return new TextRun({ ...common, text: cleanText(part.text), color: TEXT_COLOR });
  if (part.value === null)
    return new TextRun({
      ...common,
      text: `[${cleanText(part.label)}: не заполнено]`,
      color: FIELD_COLOR,
      highlight: 'yellow',
    });
  return new TextRun({ ...common, text: cleanText(part.value), color: FIELD_COLOR });
}

/** Runs of parts with the spaces fixed text leaves between them kept as they are. */
const runs = (parts: readonly Part[], size?: number) => parts.map((p) => run(p, size));

const ALIGN = {
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
  justify: AlignmentType.JUSTIFIED,
} as const;

const cellBorder = { style: BorderStyle.SINGLE, size: 4, color: '808080' };
const borders = { top: cellBorder, bottom: cellBorder, left: cellBorder, right: cellBorder };

function cell(parts: readonly Part[], width: number, header = false): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.PERCENTAGE },
    borders,
    ...(header ? { shading: { fill: 'E7E6E6' } } : {}),
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    children: [new Paragraph({ children: runs(parts, 20) })],
  });
}

function percentWidths(count: number, widths?: readonly number[]): number[] {
  const w = widths && widths.length === count ? widths : Array.from({ length: count }, () => 1);
  const sum = w.reduce((a, b) => a + b, 0);
  return w.map((x) => Math.round((x / sum) * 100));
}

function blockElements(block: Block): (Paragraph | Table)[] {
  switch (block.kind) {
    case 'title':
      return [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { after: 240 },
          children: runs(
            block.parts.map((p) => ({ ...p, bold: true })),
            28,
          ),
        }),
      ];
    case 'heading':
      return [
        new Paragraph({
          spacing: { before: 240, after: 120 },
          keepNext: true,
          children: runs(
            block.parts.map((p) => ({ ...p, bold: true })),
            24,
          ),
        }),
      ];
    case 'paragraph':
      return [
        new Paragraph({
          alignment: ALIGN[block.align ?? 'justify'],
          spacing: { after: 120 },
          children: runs(block.parts, 24),
        }),
      ];
    case 'table': {
      const widths = percentWidths(block.header.length, block.widths);
      const header = new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: block.header.map((h, i) =>
          cell([{ kind: 'text', text: h, bold: true }], widths[i] ?? 10, true),
        ),
      });
      const rows = block.rows.map(
        (r) => new TableRow({ cantSplit: true, children: r.map((c, i) => cell(c, widths[i] ?? 10)) }),
      );
      return [
        new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [header, ...rows] }),
        new Paragraph({ children: [] }),
      ];
    }
    case 'pairs': {
      const rows = block.rows.map(
        ([label, value]) =>
          new TableRow({
            cantSplit: true,
            children: [cell([{ kind: 'text', text: label }], 40), cell(value, 60)],
          }),
      );
      return [
        new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows }),
        new Paragraph({ children: [] }),
      ];
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
    styles: { default: { document: { run: { font: FONT, size: 24, color: TEXT_COLOR } } } },
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
