/**
 * The documents' doors for people: `realty document TEMPLATE --record ID --out FILE.docx` (and its
 * route `POST /api/operations/document`) — the Word file, kept as a version when its values
 * changed; `--dry-run` answers which fields are missing without keeping anything — and the
 * passport layout: `realty documents passport-layout-show` prints the layout in force as JSON,
 * `realty documents passport-layout-set --file layout.json` checks and keeps the next version.
 */
import { z } from 'zod';
import { defineOperation, operationFile, RouteError } from '../core/plugin/index';
import type { MissingField } from './doc-model';
import { currentPassportLayout, savePassportLayout } from './documents-store';
import { DOCX_TYPE, generateDocument, produceDocument } from './generate';
import { parsePassportLayout } from './templates/passport-layout';
import { DOCUMENT_OBJECTS, readerQuery } from './view-query';
import { TEMPLATE_NAMES } from './vocabulary';

export const DOCUMENT_ROLES = ['sales', 'legal', 'finance'] as const;

export interface DocumentDryRun {
  dryRun: true;
  template: string;
  recordId: string;
  title: string;
  fields: number;
  missing: readonly MissingField[];
}

export const missingText = (missing: readonly MissingField[]) =>
  missing.length === 0
    ? 'все поля заполнены'
    : `не заполнено полей: ${missing.length} — ${missing.map((m) => m.label).join(', ')}`;

export const documentOperation = defineOperation({
  name: 'document',
  description: `generate a Word document from a CRM record (templates: ${TEMPLATE_NAMES.join(', ')})`,
  roles: DOCUMENT_ROLES,
  input: z.object({
    template: z.string().min(1).describe('Шаблон'),
    record: z.string().min(1).describe('Запись (id; для договоров — id договора купли-продажи)'),
  }),
  args: ['template'],
  writes: true,
  objects: DOCUMENT_OBJECTS,
  async run(input, ctx) {
    const deps = { query: readerQuery(ctx.reader), storage: ctx.storage };
    if (ctx.dryRun) {
      const doc = await generateDocument(input.template, input.record, deps);
      const result: DocumentDryRun = {
        dryRun: true,
        template: doc.template,
        recordId: doc.recordId,
        title: doc.title,
        fields: doc.fields.length,
        missing: doc.missing,
      };
      return result;
    }
    const by = ctx.principal.kind === 'staff' ? ctx.principal.email : 'documents';
    const { document } = await produceDocument(input.template, input.record, { ...deps, by });
    return operationFile(document.bytes, { contentType: DOCX_TYPE, fileName: document.fileName });
  },
  render: (result) => {
    const r = result as DocumentDryRun;
    return `пробный прогон: «${r.title}», подставлено полей ${r.fields}; ${missingText(r.missing)}; ничего не сохранено`;
  },
});

export const passportLayoutShowOperation = defineOperation({
  name: 'documents passport-layout-show',
  description: 'print the object passport layout in force (JSON) and its version',
  roles: ['legal'],
  input: z.object({}),
  writes: false,
  async run(_input, ctx) {
    return currentPassportLayout(ctx.storage);
  },
  print: (result) => JSON.stringify((result as { layout: unknown }).layout, null, 2),
  render: (result) => `макет паспорта, версия ${(result as { version: number }).version}`,
});

export const passportLayoutSetOperation = defineOperation({
  name: 'documents passport-layout-set',
  description: 'check an object passport layout (JSON) and keep it as the next version',
  roles: ['legal'],
  input: z.object({
    file: z.string().min(1).describe('Файл макета (JSON)'),
    fileName: z.string().optional(),
  }),
  files: { file: 'text' },
  writes: true,
  async run(input, ctx) {
    let json: unknown;
    try {
      json = JSON.parse(input.file);
    } catch (error) {
      throw new RouteError(
        400,
        'documents_layout_not_json',
        { ru: `Макет паспорта — не JSON: ${(error as Error).message}`, en: 'the layout is not JSON' },
        { field: 'file' },
      );
    }
    const parsed = parsePassportLayout(json);
    if ('problems' in parsed)
      throw new RouteError(
        400,
        'documents_bad_layout',
        {
          ru: `Макет паспорта не сохранён: ${parsed.problems.join('; ')}`,
          en: `the layout was not saved: ${parsed.problems.length} problem(s)`,
        },
        { field: 'file' },
      );
    if (ctx.dryRun) return { dryRun: true, version: (await currentPassportLayout(ctx.storage)).version + 1 };
    const by = ctx.principal.kind === 'staff' ? ctx.principal.email : 'documents';
    return { dryRun: false, version: await savePassportLayout(ctx.storage, parsed.layout, by) };
  },
  render: (result) => {
    const r = result as { dryRun: boolean; version: number };
    return r.dryRun
      ? `пробный прогон: макет верен, был бы сохранён как версия ${r.version}; ничего не записано`
      : `макет паспорта сохранён: версия ${r.version}; новые паспорта строятся по нему`;
  },
});

export const documentsOperations = [
  documentOperation,
  passportLayoutShowOperation,
  passportLayoutSetOperation,
];
