/**
 * The documents' routes, all through the access layer: `GET /api/documents/:template/:recordId`
 * downloads the document built now from the caller's view of the CRM (kept as a new version when
 * its values changed; the `x-documents-missing` header counts the blanks), `GET
 * /api/document-versions/:id` downloads a kept version, and `/documents` is the page of kept
 * versions (filters by template and record, download links, a form to make one).
 */
import { z } from 'zod';
import { defineRoute, RouteError } from '../core/plugin/index';
import { versionBytes } from './documents-store';
import { contentDisposition, DOCX_TYPE, produceDocument } from './generate';
import { DOCUMENT_ROLES } from './operations';
import { documentsPageRoute } from './pages/documents-page';
import { DOCUMENT_OBJECTS, readerQuery } from './view-query';

export const documentDownloadRoute = defineRoute({
  method: 'GET',
  path: '/api/documents/:template/:recordId',
  roles: DOCUMENT_ROLES,
  description: 'The Word document of a template for one record (kept as a version when its values changed)',
  objects: DOCUMENT_OBJECTS,
  params: z.object({ template: z.string().min(1), recordId: z.string().min(1) }),
  labels: { template: 'Шаблон', recordId: 'Запись' },
  async handler({ params }, ctx) {
    const by = ctx.principal.kind === 'staff' ? ctx.principal.email : 'documents';
    const { document, version } = await produceDocument(params.template, params.recordId, {
      query: readerQuery(ctx.reader),
      storage: ctx.storage,
      by,
    });
    return {
      headers: {
        'content-type': DOCX_TYPE,
        'content-disposition': contentDisposition(document.fileName),
        'cache-control': 'no-store',
        'x-documents-version': String(version.version),
        'x-documents-missing': String(document.missing.length),
      },
      body: document.bytes,
    };
  },
});

export const versionDownloadRoute = defineRoute({
  method: 'GET',
  path: '/api/document-versions/:id',
  roles: DOCUMENT_ROLES,
  description: 'A kept version of a generated document',
  objects: DOCUMENT_OBJECTS,
  params: z.object({ id: z.uuid() }),
  labels: { id: 'Версия документа' },
  async handler({ params }, ctx) {
    const found = await versionBytes(ctx.storage, params.id);
    if (!found)
      throw new RouteError(404, 'documents_version_not_found', {
        ru: `Версии документа ${params.id} нет`,
        en: `no document version ${params.id}`,
      });
    // The caller must still see the record the document was made of (the same rule as making it).
    const object = DOCUMENT_OBJECTS.find((o) => o === found.row.record_object);
    if (!object) throw new Error(`documents: a version names an unknown object ${found.row.record_object}`);
    const [visible] = await ctx.reader.query(`select 1 as ok from {${object}} r where r.id = $1::uuid`, [
      found.row.record_id,
    ]);
    if (!visible)
      throw new RouteError(404, 'documents_record_not_found', {
        ru: `Запись ${found.row.record_id}, по которой составлен документ, вам недоступна или удалена`,
        en: 'the record is not visible to you',
      });
    return {
      headers: {
        'content-type': DOCX_TYPE,
        'content-disposition': contentDisposition(
          found.row.file_name.replace(/\.docx$/, `-v${found.row.version}.docx`),
        ),
        'cache-control': 'no-store',
      },
      body: found.bytes,
    };
  },
});

export const documentsRoutes = [documentDownloadRoute, versionDownloadRoute, ...documentsPageRoute];
