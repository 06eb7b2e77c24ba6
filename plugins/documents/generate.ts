/**
 * One document from one record: the template's name and the record checked (unknown template,
 * an id that is not a uuid, a record the CRM has not, a record of the wrong object — each a clear
 * Russian refusal), the data loaded through published views, the model built, rendered to .docx,
 * the missing fields listed and the substituted values hashed (the hash decides whether a new
 * version is kept).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { PluginStorage } from '../core/access/index';
import { RouteError } from '../core/plugin/index';
import { loadAuction, loadRefund } from './auction-data';
import { type DocModel, type FieldPart, fieldsOf, type MissingField, missingFields } from './doc-model';
import { currentPassportLayout, keepVersion, type VersionRow } from './documents-store';
import { renderDocx } from './docx-render';
import { latestContractOfUnit, loadBuilding, loadContract, loadUnit, objectOfRecord } from './record-data';
import { auctionProtocolModel } from './templates/auction-protocol';
import { bookingAgreementModel, mortgageSaleContractModel, saleContractModel } from './templates/contracts';
import { depositRefundModel } from './templates/deposit-refund';
import { buildingPassportModel, unitPassportModel } from './templates/passport';
import type { ViewQuery } from './view-query';
import {
  isTemplateName,
  OBJECT_RU,
  REFUND_KIND,
  TEMPLATE_NAMES,
  TEMPLATES,
  type TemplateName,
} from './vocabulary';

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface GeneratedDocument {
  readonly template: TemplateName;
  readonly templateVersion: number;
  readonly recordObject: string;
  readonly recordId: string;
  readonly title: string;
  readonly fileName: string;
  readonly bytes: Buffer;
  /** The fields the CRM had no value for (shown as highlighted blanks). */
  readonly missing: readonly MissingField[];
  /** Every substituted field in document order. */
  readonly fields: readonly FieldPart[];
  readonly hash: string;
}

export interface GenerateDeps {
  query: ViewQuery;
  storage: PluginStorage;
}

export function checkTemplate(name: string): TemplateName {
  if (isTemplateName(name)) return name;
  throw new RouteError(400, 'documents_unknown_template', {
    ru: `Шаблона «${name}» нет; есть: ${TEMPLATE_NAMES.join(', ')}`,
    en: `no template "${name}"; templates: ${TEMPLATE_NAMES.join(', ')}`,
  });
}

/** The record's object, checked against what the template is built from. */
async function recordObject(q: ViewQuery, template: TemplateName, recordId: string): Promise<string> {
  if (!UUID.test(recordId))
    throw new RouteError(400, 'documents_bad_record_id', {
      ru: `«${recordId}» — не идентификатор записи (ожидается uuid, например 0b6f…-…)`,
      en: `"${recordId}" is not a record id (uuid)`,
    });
  const object = await objectOfRecord(q, recordId);
  const t = TEMPLATES[template];
  const expected = t.objects.map((o) => `${OBJECT_RU[o] ?? o} (${o})`).join(' или ');
  if (!object)
    throw new RouteError(404, 'documents_record_not_found', {
      ru: `Записи ${recordId} нет в CRM (или она вам недоступна); для «${t.ru}» нужна запись: ${expected}`,
      en: `no record ${recordId} (or not visible to you)`,
    });
  if (!t.objects.includes(object))
    throw new RouteError(400, 'documents_wrong_object', {
      ru: `Запись ${recordId} — ${OBJECT_RU[object] ?? object}, а «${t.ru}» составляется по записи: ${expected}`,
      en: `record ${recordId} is a ${object}; template "${template}" takes ${t.objects.join(' or ')}`,
    });
  return object;
}

const gone = (recordId: string) =>
  new RouteError(404, 'documents_record_not_found', {
    ru: `Записи ${recordId} нет в CRM`,
    en: `no record ${recordId}`,
  });

async function buildModel(
  template: TemplateName,
  object: string,
  recordId: string,
  deps: GenerateDeps,
): Promise<DocModel> {
  const q = deps.query;
  switch (template) {
    case 'passport': {
      const { layout, version } = await currentPassportLayout(deps.storage);
      if (object === 'building') {
        const building = await loadBuilding(q, recordId);
        if (!building) throw gone(recordId);
        return buildingPassportModel(recordId, building, layout, version);
      }
      const unit = await loadUnit(q, recordId);
      if (!unit) throw gone(recordId);
      return unitPassportModel(unit, layout, version);
    }
    case 'booking-agreement': {
      const unit = await loadUnit(q, recordId);
      if (!unit) throw gone(recordId);
      return bookingAgreementModel(unit, (await latestContractOfUnit(q, recordId)) ?? null);
    }
    case 'sale-contract':
    case 'mortgage-sale-contract': {
      const contract = await loadContract(q, recordId);
      if (!contract) throw gone(recordId);
      return template === 'sale-contract' ? saleContractModel(contract) : mortgageSaleContractModel(contract);
    }
    case 'auction-protocol': {
      const auction = await loadAuction(q, recordId);
      if (!auction) throw gone(recordId);
      return auctionProtocolModel(auction);
    }
    case 'deposit-refund': {
      const refund = await loadRefund(q, recordId);
      if (!refund) throw gone(recordId);
      if (refund.kind !== REFUND_KIND)
        throw new RouteError(400, 'documents_not_a_refund', {
          ru: `Финансовая операция ${recordId} — не возврат задатка; заявление составляется по операции «Задаток к возврату / возвращён»`,
          en: `financial operation ${recordId} is not a deposit refund`,
        });
      return depositRefundModel(refund);
    }
    default: {
      const never: never = template;
      throw new Error(`unknown template ${String(never)}`);
    }
  }
}

/** The hash of what was substituted (and the template's version): equal hashes, equal documents. */
export function substitutedHash(model: DocModel, fields: readonly FieldPart[]): string {
  const data = JSON.stringify([model.template, model.templateVersion, fields.map((f) => [f.key, f.value])]);
  return createHash('sha256').update(data).digest('hex');
}

export async function generateDocument(
  templateName: string,
  recordId: string,
  deps: GenerateDeps,
): Promise<GeneratedDocument> {
  const template = checkTemplate(templateName);
  const object = await recordObject(deps.query, template, recordId);
  const model = await buildModel(template, object, recordId, deps);
  const fields = fieldsOf(model);
  const bytes = await renderDocx(model);
  return {
    template,
    templateVersion: model.templateVersion,
    recordObject: object,
    recordId,
    title: model.title,
    fileName: `${TEMPLATES[template].file}-${recordId.slice(0, 8)}.docx`,
    bytes,
    missing: missingFields(model),
    fields,
    hash: substitutedHash(model, fields),
  };
}

export interface ProducedDocument {
  document: GeneratedDocument;
  version: VersionRow;
  /** False when the latest version already had these values (nothing new kept). */
  created: boolean;
}

/** Generates and keeps the document as a new version when its substituted values changed. */
export async function produceDocument(
  template: string,
  recordId: string,
  deps: GenerateDeps & { by: string },
): Promise<ProducedDocument> {
  const document = await generateDocument(template, recordId, deps);
  const { row, created } = await keepVersion(deps.storage, {
    id: randomUUID(),
    template: document.template,
    templateVersion: document.templateVersion,
    recordObject: document.recordObject,
    recordId,
    hash: document.hash,
    title: document.title,
    fileName: document.fileName,
    bytes: document.bytes,
    missing: document.missing,
    by: deps.by,
  });
  return { document, version: row, created };
}

/** `attachment; filename="document.docx"; filename*=UTF-8''…` — the Russian name for browsers that read it. */
export const contentDisposition = (fileName: string) =>
  `attachment; filename="document.docx"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
