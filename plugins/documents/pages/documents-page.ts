/**
 * The /documents page in the page shell: the kept versions of generated documents (newest
 * first), filtered by template and record, each with its version, record, date, author, missing
 * fields, whether it is attached in Twenty, and a download link; a form makes a document now
 * (`/documents/make?template=…&record=…` redirects to the download route).
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { escapeHtml, formatDateTime, renderPage } from '../../core/pages/index';
import {
  definePage,
  defineRoute,
  type ErrorBody,
  type PageAssets,
  pageResponse,
  type RouteContext,
  RouteError,
  type RouteResponse,
} from '../../core/plugin/index';
import { listVersions, type VersionRow } from '../documents-store';
import { DOCUMENT_ROLES } from '../operations';
import { DOCUMENT_OBJECTS } from '../view-query';
import { isTemplateName, OBJECT_RU, TEMPLATE_NAMES, TEMPLATES } from '../vocabulary';

export const documentsPage = definePage({
  path: '/documents',
  title: { ru: 'Документы', en: 'Documents' },
  roles: DOCUMENT_ROLES,
  order: 60,
});

export const documentsAssets: PageAssets = {
  dir: fileURLToPath(new URL('./assets', import.meta.url)),
  files: ['documents-page.css'],
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const query = z.object({
  template: z.string().optional().describe('Шаблон'),
  record: z.string().optional().describe('Запись'),
});

interface PageView {
  template?: string;
  record?: string;
  versions: VersionRow[];
}

function check(q: z.infer<typeof query>): { template?: string; record?: string } {
  const template = q.template?.trim() || undefined;
  const record = q.record?.trim() || undefined;
  if (template && !isTemplateName(template))
    throw new RouteError(
      400,
      'documents_unknown_template',
      {
        ru: `Шаблона «${template}» нет; есть: ${TEMPLATE_NAMES.join(', ')}`,
        en: `no template "${template}"`,
      },
      { field: 'template' },
    );
  if (record && !UUID.test(record))
    throw new RouteError(
      400,
      'documents_bad_record_id',
      { ru: `«Запись»: «${record}» — не идентификатор записи (uuid)`, en: 'record is not a uuid' },
      { field: 'record' },
    );
  return { ...(template ? { template } : {}), ...(record ? { record } : {}) };
}

const templateOptions = (selected?: string, any = true) =>
  (any ? `<option value="">все шаблоны</option>` : '') +
  TEMPLATE_NAMES.map(
    (t) => `<option value="${t}"${t === selected ? ' selected' : ''}>${escapeHtml(TEMPLATES[t].ru)}</option>`,
  ).join('');

function rowsHtml(
  versions: readonly VersionRow[],
  twentyRecord: (object: string, id: string) => string,
): string {
  if (versions.length === 0) return '<tr><td colspan="8" class="empty">Документов пока нет.</td></tr>';
  return versions
    .map((v) => {
      const t = isTemplateName(v.template) ? TEMPLATES[v.template].ru : v.template;
      const missing =
        v.missing.length === 0
          ? '<span class="ok">все поля</span>'
          : `<span class="missing" title="${escapeHtml(v.missing.map((m) => m.label).join(', '))}">${v.missing.length}: ${escapeHtml(
              v.missing
                .slice(0, 3)
                .map((m) => m.label)
                .join(', '),
            )}${v.missing.length > 3 ? '…' : ''}</span>`;
      const attached = v.attachment_id
        ? '<span class="ok">прикреплён</span>'
        : v.attach_error
          ? `<span class="missing" title="${escapeHtml(v.attach_error)}">ошибка, повтор</span>`
          : '<span class="pending">ожидает</span>';
      return `<tr>
  <td>${escapeHtml(v.title)}</td>
  <td>${escapeHtml(t)}<br><small>макет v${escapeHtml(v.template_version)}</small></td>
  <td class="num">${escapeHtml(v.version)}</td>
  <td><a href="/documents?record=${encodeURIComponent(v.record_id)}" title="все версии по этой записи">${escapeHtml(OBJECT_RU[v.record_object] ?? v.record_object)}</a><br><small><a href="${escapeHtml(twentyRecord(v.record_object, v.record_id))}" target="_blank" rel="noopener">открыть в Twenty</a></small></td>
  <td>${escapeHtml(formatDateTime(v.created_at))}<br><small>${escapeHtml(v.created_by)}</small></td>
  <td>${missing}</td>
  <td>${attached}</td>
  <td><a class="download" href="/api/document-versions/${encodeURIComponent(v.id)}">скачать .docx</a></td>
</tr>`;
    })
    .join('\n');
}

function content(view: PageView | undefined, twentyRecord: (object: string, id: string) => string): string {
  return `<div id="documents-page">
<form class="filters" method="get" action="/documents">
  <label>Шаблон <select name="template">${templateOptions(view?.template)}</select></label>
  <label>Запись (id) <input name="record" value="${escapeHtml(view?.record ?? '')}" placeholder="все записи" size="38"></label>
  <button type="submit">Показать</button>
</form>
<form class="make" method="get" action="/documents/make">
  <label>Сформировать <select name="template">${templateOptions(undefined, false)}</select></label>
  <label>по записи (id) <input name="record" required size="38" placeholder="id помещения, корпуса, договора, торгов или операции"></label>
  <button type="submit">Скачать .docx</button>
</form>
<p class="hint">Подставленные из CRM значения в документах — красные, незаполненные поля подсвечены и названы. Договор, протокол торгов и заявление о возврате задатка формируются сами и прикрепляются к записи в Twenty; новая версия появляется, когда меняются подставленные значения.</p>
<table class="grid" id="versions"><thead><tr><th>Документ</th><th>Шаблон</th><th>Версия</th><th>Запись</th><th>Создан</th><th>Не заполнено</th><th>В Twenty</th><th></th></tr></thead>
<tbody>${rowsHtml(view?.versions ?? [], twentyRecord)}</tbody></table>
</div>`;
}

const page = (ctx: RouteContext, outcome: { view?: PageView; problem?: ErrorBody }) =>
  renderPage({
    title: documentsPage.title,
    principal: ctx.principal,
    pages: ctx.pages,
    path: '/documents',
    content: content(outcome.view, ctx.links.twentyRecord),
    styles: ['/assets/documents/documents-page.css'],
    ...(outcome.problem ? { problem: outcome.problem } : {}),
  });

export const documentsListRoute = defineRoute({
  method: 'GET',
  path: '/documents',
  roles: DOCUMENT_ROLES,
  description: 'The page of generated documents and their versions',
  objects: DOCUMENT_OBJECTS,
  query,
  async handler({ query: q }, ctx) {
    return pageResponse(
      async () => {
        const filter = check(q);
        return {
          ...filter,
          versions: await listVersions(ctx.storage, {
            ...(filter.template ? { template: filter.template } : {}),
            ...(filter.record ? { recordId: filter.record } : {}),
          }),
        };
      },
      (outcome) => page(ctx, outcome),
    );
  },
});

export const documentsMakeRoute = defineRoute({
  method: 'GET',
  path: '/documents/make',
  roles: DOCUMENT_ROLES,
  description: 'The page form’s target: redirects to the download of the document',
  objects: DOCUMENT_OBJECTS,
  query: z.object({ template: z.string().describe('Шаблон'), record: z.string().describe('Запись') }),
  async handler({ query: q }, ctx): Promise<RouteResponse> {
    try {
      const { template, record } = check(q);
      if (!template || !record)
        throw new RouteError(400, 'documents_make_incomplete', {
          ru: 'Укажите шаблон и запись',
          en: 'template and record are required',
        });
      return {
        status: 303,
        headers: { location: `/api/documents/${encodeURIComponent(template)}/${encodeURIComponent(record)}` },
        body: '',
      };
    } catch (error) {
      if (!(error instanceof RouteError)) throw error;
      return {
        status: error.status,
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body: page(ctx, { problem: error.toBody() }),
      };
    }
  },
});

export const documentsPageRoute = [documentsListRoute, documentsMakeRoute];
