/**
 * One source row → the records it becomes: its own record (values converted
 * field by field, composites assembled, lookups turned into the deterministic
 * ids of their parents) and the records derived from it (task/note targets of
 * polymorphic links, a deal's project team or revenue scenario). Problems with
 * single values are reported and the value left out; problems that make the
 * row meaningless fail it.
 */
import type { SourceRow } from '../source/rows';
import { type Dialect, twentyId } from './dialect';
import type { FieldRule, ObjectRule, Plan } from './plan-types';
import type { ScanResult } from './scan';
import {
  type PhoneValue,
  parseBoolean,
  parseDate,
  parseDateTime,
  parseEmail,
  parseNumber,
  parsePhone,
  toMicros,
  type ValueContext,
} from './values';
import type { Workspace } from './workspace';

export interface Emitted {
  object: string;
  id: string;
  payload: Record<string, unknown>;
  /** 0 derived parents (team, scenario), 1 the row's own record, 2 links (targets). */
  stage: 0 | 1 | 2;
  /** An attachment's bytes, uploaded when the record is written (never part of the payload compared). */
  file?: AttachmentFile;
}

/** Where an attachment's bytes are in the export, and what to call them in Twenty. */
export interface AttachmentFile {
  folder: string;
  /** The key the file has in its folder (the record id as the export spells it). */
  key: string;
  fileName: string;
  contentType: string;
  /** The column that holds the bytes in the source system (Body, VersionData), for error reports. */
  column: string;
}

export interface Converted {
  sourceId: string;
  records: Emitted[];
  problems: { field: string; reason: string }[];
  /** The row is not written: why, and whether that is a failure or a skip. */
  reject?: { reason: string; outcome: 'failed' | 'skipped'; field?: string };
}

export interface ConvertContext {
  dialect: Dialect;
  plan: Plan;
  scan: ScanResult;
  workspace: Workspace;
  values: ValueContext;
  failed: ReadonlySet<string>;
  /** Binary files of the export (attachments). */
  hasBinary(folder: string, id: string): boolean;
}

interface Ref {
  id: string;
  target: string;
  sourceId: string;
  table: string;
}

const JUNCTION_OWNER: Record<string, string> = { taskTarget: 'task', noteTarget: 'note' };

export class RowConverter {
  /** Values of unique fields already given to a record in this run: value → its source id. */
  private readonly uniqueSeen = new Map<string, string>();

  constructor(private readonly ctx: ConvertContext) {}

  /** A lookup value → the Twenty record it means, or why not. */
  resolve(raw: string): Ref | { problem: string } {
    const { dialect, scan, plan } = this.ctx;
    const id = dialect.normaliseId(raw);
    if (!id) return { problem: `"${raw}" is not an id` };
    const table = scan.tableOf.get(id);
    if (!table) {
      const type = dialect.typeOf(id);
      return { problem: `${id} is not in the export${type ? ` (a ${type} record)` : ''}` };
    }
    const rule = plan.rules.get(table);
    if (!rule || rule.skip) return { problem: `${id} is a ${table} record, and ${table} is skipped` };
    if (rule.special === 'users') {
      const member = plan.members.get(id);
      if (!member) return { problem: `user ${id} has no workspace member (matched by e-mail)` };
      return { id: member, target: 'workspaceMember', sourceId: id, table };
    }
    if (this.ctx.failed.has(id)) return { problem: `${table} ${id} failed to migrate` };
    return { id: twentyId(dialect, id), target: rule.target, sourceId: id, table };
  }

  /** The many-to-one field of `object` that points at `target` (task/note targets, attachments). */
  private linkField(object: string, target: string, exclude?: string): string | undefined {
    const fields = this.ctx.workspace.object(object)?.fields;
    if (!fields) return undefined;
    for (const f of fields.values())
      if (
        f.type === 'RELATION' &&
        f.relationType === 'MANY_TO_ONE' &&
        f.relationTarget === target &&
        f.name !== exclude
      )
        return f.name.replace(/Id$/, '');
    return undefined;
  }

  /** A picklist that holds a record id (SplitTypeId …): the record's label when the export has it. */
  labelOfId(raw: string): string {
    const id = this.ctx.dialect.normaliseId(raw);
    if (!id) return raw;
    const facts = this.ctx.scan.facts.get(id);
    return facts?.MasterLabel ?? facts?.DeveloperName ?? facts?.Name ?? raw;
  }

  private hasField(object: string, field: string): boolean {
    const fields = this.ctx.workspace.object(object)?.fields;
    return Boolean(fields?.has(field) || fields?.has(`${field}Id`));
  }

  convert(rule: ObjectRule, row: SourceRow, pass: 'load' | 'link' | 'full'): Converted {
    const { dialect } = this.ctx;
    const table = this.ctx.scan.tables.get(rule.table);
    const rawId = table?.idColumn ? (row.values[table.idColumn] ?? '') : '';
    const sourceId = dialect.normaliseId(rawId) ?? rawId;
    const out: Converted = { sourceId, records: [], problems: [] };
    const rejected = table?.rejected.get(row.row);
    if (rejected) {
      out.reject = { reason: rejected.reason, outcome: 'failed' };
      return out;
    }
    if (rule.skip) {
      out.reject = { reason: rule.skip, outcome: 'skipped' };
      return out;
    }
    if (rule.special === 'users') {
      const member = this.ctx.plan.members.get(sourceId);
      const email = row.values.Email ?? '';
      out.reject = member
        ? { reason: `matched workspace member ${email.toLowerCase()}`, outcome: 'skipped' }
        : {
            reason: `no workspace member with e-mail "${email}" (invite the user, then run again)`,
            outcome: 'skipped',
            field: 'Email',
          };
      return out;
    }
    const id = twentyId(dialect, sourceId);
    const payload: Record<string, unknown> = { id };
    const main: Emitted = { object: rule.target, id, payload, stage: 1 };
    const withLinks = pass !== 'load';
    const withValues = pass !== 'link';
    if (withValues) {
      if (rule.special !== 'activityRelation') payload[dialect.sourceIdField] = sourceId;
      Object.assign(payload, rule.constants);
      for (const field of rule.fields) {
        if (field.deferred && !withLinks) continue;
        if (!field.deferred && !withValues) continue;
        this.applyField(rule, field, row, payload, out);
      }
    }
    if (pass === 'link') {
      for (const field of rule.fields) if (field.deferred) this.applyField(rule, field, row, payload, out);
      // Only the deferred links are sent in the second pass.
      out.records.push(main);
      return out;
    }
    const special = this.special(rule, row, main, out);
    if (special === 'reject') return out;
    if (rule.special !== 'activityRelation') out.records.push(main);
    // Polymorphic links → task/note targets.
    const junction =
      rule.target === 'task' ? 'taskTarget' : rule.target === 'note' ? 'noteTarget' : undefined;
    for (const column of rule.roles['@targets'] ?? []) {
      if (rule.special === 'activityRelation') continue;
      const raw = row.values[column] ?? '';
      if (raw === '') continue;
      if (!junction || !this.ctx.workspace.object(junction)) {
        out.problems.push({
          field: column,
          reason: `${rule.target} has no targets object; link not migrated`,
        });
        continue;
      }
      this.link(junction, rule.target, id, sourceId, column, raw, out);
    }
    return out;
  }

  private link(
    junction: string,
    owner: string,
    ownerId: string,
    ownerSourceId: string,
    column: string,
    raw: string,
    out: Converted,
  ) {
    const ref = this.resolve(raw);
    if ('problem' in ref) {
      out.problems.push({ field: column, reason: `link not migrated: ${ref.problem}` });
      return;
    }
    const field = this.linkField(junction, ref.target, JUNCTION_OWNER[junction]);
    if (!field) {
      out.problems.push({
        field: column,
        reason: `${junction} cannot point at ${ref.target}; link not migrated`,
      });
      return;
    }
    const ownerField = JUNCTION_OWNER[junction] ?? owner;
    const linkId = twentyId(this.ctx.dialect, `${ownerSourceId}>${ref.sourceId}`, 'target');
    if (out.records.some((r) => r.id === linkId)) return;
    out.records.push({
      object: junction,
      id: linkId,
      payload: { id: linkId, [`${ownerField}Id`]: ownerId, [`${field}Id`]: ref.id },
      stage: 2,
    });
  }

  /** Special tables; 'reject' when the row is not written. */
  private special(rule: ObjectRule, row: SourceRow, main: Emitted, out: Converted): 'ok' | 'reject' {
    const { dialect, workspace, scan } = this.ctx;
    const first = (role: string) => {
      for (const c of rule.roles[role] ?? []) if (row.values[c]) return { column: c, raw: row.values[c] };
      return undefined;
    };
    if (rule.special === 'teamMember') {
      const parent = first('@team');
      if (!parent) {
        out.reject = {
          reason: 'no parent record (team)',
          outcome: 'failed',
          field: (rule.roles['@team'] ?? [''])[0],
        };
        return 'reject';
      }
      const ref = this.resolve(parent.raw);
      if ('problem' in ref) {
        out.reject = { reason: `team parent: ${ref.problem}`, outcome: 'failed', field: parent.column };
        return 'reject';
      }
      const teamId = twentyId(dialect, ref.sourceId, 'team');
      const name = scan.facts.get(ref.sourceId)?.Name ?? ref.sourceId;
      const team: Record<string, unknown> = { id: teamId, name: `${name} — команда` };
      if (ref.target === 'opportunity' && this.hasField('projectTeam', 'opportunity'))
        team.opportunityId = ref.id;
      out.records.push({ object: 'projectTeam', id: teamId, payload: team, stage: 0 });
      if (ref.target !== 'opportunity' && workspace.object('projectTeamTarget')) {
        const field = this.linkField('projectTeamTarget', ref.target, 'team');
        if (field) {
          const targetId = twentyId(dialect, ref.sourceId, 'teamTarget');
          out.records.push({
            object: 'projectTeamTarget',
            id: targetId,
            payload: {
              id: targetId,
              teamId,
              [`${field}Id`]: ref.id,
              targetObject: ref.target,
              targetRecordId: ref.id,
            },
            stage: 0,
          });
        }
      }
      main.payload.teamId = teamId;
    }
    if (rule.special === 'planLine') {
      const parent = first('@scenario');
      let opp = parent ? this.resolve(parent.raw) : { problem: 'no opportunity' };
      if (!('problem' in opp) && opp.table !== 'Opportunity') {
        const oppRaw = scan.facts.get(opp.sourceId)?.OpportunityId;
        opp = oppRaw ? this.resolve(oppRaw) : { problem: `${opp.table} ${opp.sourceId} has no opportunity` };
      }
      if ('problem' in opp) {
        out.reject = { reason: `scenario: ${opp.problem}`, outcome: 'failed', field: parent?.column ?? '' };
        return 'reject';
      }
      const scenarioId = twentyId(dialect, opp.sourceId, 'scenario');
      out.records.push({
        object: 'revenueScenario',
        id: scenarioId,
        payload: { id: scenarioId, name: 'Salesforce', opportunityId: opp.id, kind: 'BASE', isPrimary: true },
        stage: 0,
      });
      main.payload.scenarioId = scenarioId;
      const amount = main.payload.amount as { currencyCode?: string } | undefined;
      const oppCurrency = scan.facts.get(opp.sourceId)?.CurrencyIsoCode;
      if (amount && oppCurrency && !row.values.CurrencyIsoCode) amount.currencyCode = oppCurrency;
    }
    if (rule.special === 'attachment') {
      const folder = rule.table === 'ContentVersion' ? 'ContentVersion' : 'Attachments';
      const column = rule.table === 'ContentVersion' ? 'VersionData' : 'Body';
      const key = [out.sourceId, row.values.Id ?? ''].find((k) => k && this.ctx.hasBinary(folder, k));
      if (!key) {
        out.reject = {
          reason: `the file is not in the export (${folder}/${out.sourceId}): nothing to upload`,
          outcome: 'failed',
          field: column,
        };
        return 'reject';
      }
      const parent = first('@parent');
      if (parent) {
        const ref = this.resolve(parent.raw);
        const field = 'problem' in ref ? undefined : this.linkField('attachment', ref.target, 'author');
        if ('problem' in ref)
          out.problems.push({ field: parent.column, reason: `not linked: ${ref.problem}` });
        else if (!field)
          out.problems.push({ field: parent.column, reason: `attachments cannot point at ${ref.target}` });
        else main.payload[`${field}Id`] = ref.id;
      }
      const fileName = row.values.PathOnClient || row.values.Name || row.values.Title || `${out.sourceId}`;
      main.file = {
        folder,
        key,
        fileName,
        contentType: contentTypeOf(fileName, row.values.ContentType),
        column,
      };
    }
    if (rule.special === 'activityRelation') {
      const owner = first('@task');
      const ref = owner ? this.resolve(owner.raw) : { problem: 'no activity' };
      if ('problem' in ref) {
        out.reject = { reason: `activity: ${ref.problem}`, outcome: 'failed', field: owner?.column ?? '' };
        return 'reject';
      }
      const ownerObject = JUNCTION_OWNER[rule.target];
      if (ref.target !== ownerObject) {
        out.reject = {
          reason: `${ref.table} ${ref.sourceId} is not migrated as a ${ownerObject}`,
          outcome: 'skipped',
        };
        return 'reject';
      }
      const target = first('@targets');
      if (!target) {
        out.reject = { reason: 'no linked record', outcome: 'skipped' };
        return 'reject';
      }
      const before = out.records.length;
      this.link(rule.target, ownerObject, ref.id, ref.sourceId, target.column, target.raw, out);
      if (out.records.length === before) {
        const p = out.problems.pop();
        out.reject = { reason: p?.reason ?? 'link not migrated', outcome: 'failed', field: target.column };
        return 'reject';
      }
      // The link is this row's own record.
      const link = out.records[out.records.length - 1];
      link.stage = 1;
    }
    return 'ok';
  }

  private applyField(
    rule: ObjectRule,
    field: FieldRule,
    row: SourceRow,
    payload: Record<string, unknown>,
    out: Converted,
  ): void {
    let raw = (row.values[field.column] ?? '').trim() === '' ? '' : row.values[field.column];
    if (raw === '') return;
    if (field.type === 'SELECT' || field.type === 'MULTI_SELECT') raw = this.labelOfId(raw);
    if (field.values && raw in field.values) raw = field.values[raw];
    const problem = (reason: string) => out.problems.push({ field: field.column, reason });
    const { values } = this.ctx;
    const key = field.type === 'RELATION' ? `${field.field}Id` : field.field;
    switch (field.type) {
      case 'TEXT':
      case 'UUID': {
        if (payload[key] === undefined) payload[key] = raw;
        return;
      }
      case 'NUMBER':
      case 'NUMERIC': {
        const n = parseNumber(raw);
        if (n.ok) payload[key] ??= n.value;
        else problem(n.reason);
        return;
      }
      case 'BOOLEAN': {
        const b = parseBoolean(raw);
        if (b.ok) payload[key] = b.value;
        else problem(b.reason);
        return;
      }
      case 'DATE': {
        const d = parseDate(raw);
        if (d.ok) payload[key] ??= d.value;
        else problem(d.reason);
        return;
      }
      case 'DATE_TIME': {
        const d = parseDateTime(raw, values.timeZone);
        if (d.ok) payload[key] ??= d.value;
        else problem(d.reason);
        return;
      }
      case 'SELECT':
      case 'RATING': {
        const value = field.options?.get(raw.toLowerCase()) ?? field.options?.get(raw.trim().toLowerCase());
        if (value) payload[key] = value;
        else problem(`"${raw}" is not an option of ${rule.target}.${field.field}`);
        return;
      }
      case 'MULTI_SELECT': {
        const picked: string[] = [];
        for (const part of raw
          .split(';')
          .map((p) => p.trim())
          .filter(Boolean)) {
          const value = field.options?.get(part.toLowerCase());
          if (value) picked.push(value);
          else problem(`"${part}" is not an option of ${rule.target}.${field.field}`);
        }
        if (picked.length > 0) payload[key] = [...new Set(picked)];
        return;
      }
      case 'CURRENCY': {
        const m = toMicros(raw);
        if (!m.ok) return void problem(m.reason);
        const code = (row.values.CurrencyIsoCode || values.currency).trim().toUpperCase();
        payload[key] = { amountMicros: m.value, currencyCode: code };
        return;
      }
      case 'EMAILS': {
        const e = parseEmail(raw);
        if (!e.ok) return void problem(e.reason);
        const current = (payload[key] as { primaryEmail?: string; additionalEmails?: string[] }) ?? {};
        const unique = this.ctx.workspace.object(rule.target)?.fields.get(field.field)?.isUnique === true;
        if (unique && !current.primaryEmail && field.sub !== 'additional') {
          // Twenty keeps such e-mails unique: the first row of the export keeps it, later ones go without.
          const owner = `${rule.target}.${field.field}:${e.value}`;
          const first = this.uniqueSeen.get(owner);
          const self = String(payload[this.ctx.dialect.sourceIdField] ?? payload.id);
          if (first !== undefined && first !== self)
            return void problem(
              `e-mail ${e.value} is already on ${first} (${rule.target}.${field.field} is unique); left out`,
            );
          this.uniqueSeen.set(owner, self);
        }
        if (!current.primaryEmail && field.sub !== 'additional') current.primaryEmail = e.value as string;
        else if (current.primaryEmail !== e.value)
          current.additionalEmails = [...(current.additionalEmails ?? []), e.value as string];
        payload[key] = current;
        return;
      }
      case 'PHONES': {
        const p = parsePhone(raw, values.phoneCountry);
        if (!p.ok) return void problem(p.reason);
        const phone = p.value as PhoneValue;
        const current = (payload[key] as Record<string, unknown>) ?? {};
        if (!current.primaryPhoneNumber && field.sub !== 'additional') {
          current.primaryPhoneNumber = phone.number;
          current.primaryPhoneCountryCode = phone.countryCode;
          current.primaryPhoneCallingCode = phone.callingCode;
        } else
          current.additionalPhones = [
            ...((current.additionalPhones as unknown[]) ?? []),
            { number: phone.number, countryCode: phone.countryCode, callingCode: phone.callingCode },
          ];
        payload[key] = current;
        return;
      }
      case 'ADDRESS':
      case 'FULL_NAME': {
        const current = (payload[key] as Record<string, unknown>) ?? {};
        const sub = field.sub ?? (field.type === 'ADDRESS' ? 'addressStreet1' : 'lastName');
        if (sub === 'addressLat' || sub === 'addressLng') {
          const n = parseNumber(raw);
          if (n.ok) current[sub] = n.value;
          else problem(n.reason);
        } else current[sub] = raw;
        payload[key] = current;
        return;
      }
      case 'LINKS': {
        const url = raw.trim();
        payload[key] ??= {
          primaryLinkUrl: /^[a-z]+:\/\//i.test(url)
            ? url.replace(/\/$/, '')
            : `https://${url.replace(/\/$/, '')}`,
          primaryLinkLabel: '',
        };
        return;
      }
      case 'RICH_TEXT_V2': {
        if (payload[key] === undefined) payload[key] = { markdown: raw.replace(/\r\n/g, '\n') };
        return;
      }
      case 'RELATION': {
        const ref = this.resolve(raw);
        if ('problem' in ref) return void problem(`relation ${field.field} left empty: ${ref.problem}`);
        if (field.relationTarget && ref.target !== field.relationTarget)
          return void problem(
            `relation ${field.field} left empty: ${ref.sourceId} is a ${ref.table} (${ref.target}), not a ${field.relationTarget}`,
          );
        payload[key] = ref.id;
        return;
      }
      default:
        payload[key] ??= raw;
    }
  }
}

const CONTENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  txt: 'text/plain',
  csv: 'text/csv',
  zip: 'application/zip',
};

/** The export's own MIME type (Attachment.ContentType) when it has one, else from the file's extension. */
export function contentTypeOf(fileName: string, given?: string): string {
  if (given && /^[\w.+-]+\/[\w.+-]+/.test(given)) return given;
  const ext = fileName.includes('.') ? (fileName.split('.').pop() ?? '').toLowerCase() : '';
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}
