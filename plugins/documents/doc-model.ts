/**
 * A document as data, before it is Word: blocks (a title, headings, paragraphs, tables) made of
 * fixed template text and substituted fields. A field carries its Russian name and its value as
 * printed, or null when the CRM has none — the renderer paints fields red (FF0000) and fixed
 * text black, and a missing field as a highlighted blank with its name; `fieldsOf` lists them
 * in document order for the generator's report and the version hash.
 */

export interface TextPart {
  readonly kind: 'text';
  readonly text: string;
  readonly bold?: boolean;
}

export interface FieldPart {
  readonly kind: 'field';
  /** Stable key (`unit.totalArea`): the hash and the missing-field report name it. */
  readonly key: string;
  /** The Russian name shown in the blank when the value is missing. */
  readonly label: string;
  readonly value: string | null;
  readonly bold?: boolean;
}

export type Part = TextPart | FieldPart;

export type Block =
  | { readonly kind: 'title'; readonly parts: readonly Part[] }
  | { readonly kind: 'heading'; readonly parts: readonly Part[] }
  | {
      readonly kind: 'paragraph';
      readonly parts: readonly Part[];
      readonly align?: 'left' | 'center' | 'right' | 'justify';
    }
  | {
      readonly kind: 'table';
      /** Header cells (fixed text), repeated at the top of every page the table spans. */
      readonly header: readonly string[];
      readonly rows: readonly (readonly (readonly Part[])[])[];
      /** Relative column widths (default equal). */
      readonly widths?: readonly number[];
    }
  | { readonly kind: 'pairs'; readonly rows: readonly (readonly [label: string, value: readonly Part[]])[] };

export interface DocModel {
  readonly template: string;
  readonly templateVersion: number;
  /** The document's title (core properties, the first line). */
  readonly title: string;
  readonly recordId: string;
  readonly blocks: readonly Block[];
}

export const text = (value: string, bold = false): TextPart => ({
  kind: 'text',
  text: value,
  ...(bold ? { bold } : {}),
});
export const field = (
  key: string,
  label: string,
  value: string | null | undefined,
  bold = false,
): FieldPart => ({
  kind: 'field',
  key,
  label,
  value: value === undefined || value === '' ? null : value,
  ...(bold ? { bold } : {}),
});

export const paragraph = (...parts: Part[]): Block => ({ kind: 'paragraph', parts, align: 'justify' });
export const heading = (...parts: Part[]): Block => ({ kind: 'heading', parts });
export const title = (...parts: Part[]): Block => ({ kind: 'title', parts });

/** Every field of the document, in document order. */
export function fieldsOf(model: DocModel): FieldPart[] {
  const out: FieldPart[] = [];
  const parts = (ps: readonly Part[]) => {
    for (const p of ps) if (p.kind === 'field') out.push(p);
  };
  for (const b of model.blocks) {
    switch (b.kind) {
      case 'title':
      case 'heading':
      case 'paragraph':
        parts(b.parts);
        break;
      case 'table':
        for (const row of b.rows) for (const cell of row) parts(cell);
        break;
      case 'pairs':
        for (const [, value] of b.rows) parts(value);
        break;
      default: {
        const never: never = b;
        throw new Error(`unknown block ${JSON.stringify(never)}`);
      }
    }
  }
  return out;
}

export interface MissingField {
  readonly key: string;
  readonly label: string;
}

/** The fields without a value, each key once. */
export function missingFields(model: DocModel): MissingField[] {
  const seen = new Map<string, MissingField>();
  for (const f of fieldsOf(model))
    if (f.value === null && !seen.has(f.key)) seen.set(f.key, { key: f.key, label: f.label });
  return [...seen.values()];
}
