/**
 * The registry's event handlers: protection against direct edits in Twenty's
 * own UI. A member who is not an admin changing the price or status of a unit
 * that was IN_AUCTION, BOOKED or SOLD, or moving its price beyond the limit,
 * is undone — the previous values are written back, the attempt is logged as
 * unitChange rows (MANUAL, REVERTED) and the admins get a Twenty task linked
 * to the unit. The rules are in rules/protection.ts; the settings in settings.ts.
 *
 * The dispatcher applies an event to the read model before handlers run, so
 * the replica already shows the edit. The read model keeps the price and
 * status each unit held before every update that changed them (the plugin
 * declares `keepPrevious: ['price', 'status']`), whichever path — webhook,
 * sweep, the project's own writes — brought it; the handler asks for the
 * version before the event's.
 */
import type { TwentyRecord } from '../../sdk/index';
import { in_ } from '../../sdk/index';
import { formatDateTime } from '../core/pages/index';
import type { PluginContext, PluginMigration } from '../core/plugin/index';
import { type EventHandler, on, uuidV5 } from '../core/plugin/index';
import { columnRu } from './import/import-columns';
import {
  formatProtectedValue,
  judgeUnitEdit,
  type ProtectedField,
  type ProtectedValues,
  type ProtectionSettings,
  protectedValuesOf,
} from './rules/protection';
import { unit, unitChange } from './schema';
import { registrySettingsOf } from './settings';
import { UNIT_STATUS_RU, type UnitStatus } from './vocabulary';

/** The fields the read model keeps previous values of, for the protection. */
export const PROTECTED_FIELDS = ['price', 'status'] as const;

/** The unit's price and status just before `version`, or undefined when the replica never saw it change. */
export async function previousProtectedValues(
  ctx: PluginContext,
  unitId: string,
  version: string,
): Promise<ProtectedValues | undefined> {
  const previous = await ctx.store.readModel.previous(unit.nameSingular, unitId, version);
  return previous ? protectedValuesOf(previous.values) : undefined;
}

/**
 * Stores made before the read model kept previous versions have the registry's old trigger on the
 * unit replica and its table: both go (core keeps the previous versions now).
 */
export const dropUnitPreviousTrigger: PluginMigration = {
  id: '002_drop_unit_previous_trigger',
  description: 'the read model keeps previous unit values now: drop the old replica trigger and its table',
  async run(ctx) {
    const table = ctx.store.readModel.has(unit.nameSingular)
      ? ctx.store.readModel.table(unit.nameSingular)
      : null;
    await ctx.store.sql.exec(`
      ${table ? `drop trigger if exists registry_unit_previous on ${table};` : ''}
      drop function if exists registry_remember_unit_previous();
      drop table if exists registry_unit_previous;`);
  },
};

interface Member {
  id: string;
  email: string;
  name: string;
}

function memberOf(record: TwentyRecord): Member {
  const name = record.name as { firstName?: string; lastName?: string } | null | undefined;
  const email = typeof record.userEmail === 'string' ? record.userEmail : '';
  const full = [name?.firstName, name?.lastName].filter(Boolean).join(' ');
  return { id: record.id, email, name: full || email || record.id };
}

async function adminMembers(ctx: PluginContext, settings: ProtectionSettings): Promise<Member[]> {
  const list = await ctx.twenty
    .records('workspaceMember')
    .list({ filter: in_('userEmail', [...settings.adminEmails]), limit: 50 });
  const order = (m: Member) => settings.adminEmails.indexOf(m.email.toLowerCase());
  return list.records.map(memberOf).sort((a, b) => order(a) - order(b));
}

function revertPatch(changed: readonly ProtectedField[], before: ProtectedValues): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  if (changed.includes('price'))
    patch.price = { amountMicros: before.priceMicros, currencyCode: before.currencyCode };
  if (changed.includes('status')) patch.status = before.status;
  return patch;
}

function sameValues(a: ProtectedValues, b: ProtectedValues, fields: readonly ProtectedField[]): boolean {
  return fields.every((f) =>
    f === 'status'
      ? a.status === b.status
      : a.priceMicros === b.priceMicros && a.currencyCode === b.currencyCode,
  );
}

export function createProtectionHandler(settings: ProtectionSettings): EventHandler {
  return async function protectUnitEdit(event, ctx) {
    const memberId = event.workspaceMemberId;
    const version = event.record.updatedAt;
    // API-key writes (integrations, this project's own code) carry no member; a UI edit always does.
    if (event.action !== 'updated' || !memberId || !version) return;
    if (event.updatedFields && !event.updatedFields.some((f) => f === 'price' || f === 'status')) return;
    const unitId = event.record.id;
    const before = await previousProtectedValues(ctx, unitId, version);
    if (!before) {
      ctx.log.warn(
        { unitId, version },
        'a member edited a unit whose previous price/status the read model never held; cannot judge the edit (run `realty resync unit` to seed it)',
      );
      return;
    }
    const after = protectedValuesOf(event.record);
    const admins = await adminMembers(ctx, settings);
    const verdict = judgeUnitEdit({
      before,
      after,
      editorIsAdmin: admins.some((a) => a.id === memberId),
      priceChangeLimitPercent: settings.priceChangeLimitPercent,
    });
    if (verdict.action === 'keep') return;

    const units = ctx.twenty.records(unit);
    const live = await units.get(unitId);
    const liveValues = protectedValuesOf(live);
    const stillEdited = live.updatedAt && Date.parse(live.updatedAt) === Date.parse(version);
    if (stillEdited) {
      const reverted = await units.update(unitId, revertPatch(verdict.changed, before));
      // Our own write's webhook is dropped as an echo: the replica learns the restored values here.
      await ctx.store.readModel.applyEvent({
        objectName: unit.nameSingular,
        action: 'updated',
        record: reverted,
      });
    } else if (!sameValues(liveValues, before, verdict.changed)) {
      // Changed again since: that newer change is judged by its own event; restoring now would clobber it.
      ctx.log.warn({ unitId, version }, 'the unit changed again before the revert; left to the newer event');
      return;
    }

    let editor: Member = { id: memberId, email: '', name: memberId };
    try {
      editor = memberOf(await ctx.twenty.records('workspaceMember').get(memberId));
    } catch {
      // An unknown member id still gets logged under its id.
    }
    const who = editor.email ? `${editor.name} <${editor.email}>` : editor.name;
    const unitLabel =
      `${String(event.record.number ?? '')} (${String(event.record.externalCode ?? unitId)})`.trim();
    const at = ctx.clock.now().toISOString();
    // Ids derive from the change itself, so a retried or replayed event upserts the same rows.
    const changes = verdict.changed.map((field) => ({
      id: uuidV5(`registry:protection:${unitId}:${new Date(version).toISOString()}:${field}`),
      unitId,
      fieldName: field,
      oldValue: formatProtectedValue(field, before),
      newValue: formatProtectedValue(field, after),
      source: 'MANUAL' as const,
      status: 'REVERTED' as const,
      changedBy: who,
      changedAt: new Date(version).toISOString(),
    }));
    await ctx.twenty.records(unitChange).createMany(changes, { upsert: true });

    const taskId = uuidV5(`registry:protection-task:${unitId}:${new Date(version).toISOString()}`);
    // What the admin reads: Russian, fields by their column captions, statuses by their labels.
    const shown = (f: ProtectedField, values: ProtectedValues) =>
      f === 'status'
        ? (UNIT_STATUS_RU[values.status as UnitStatus] ?? values.status ?? '')
        : formatProtectedValue(f, values);
    const lines = verdict.changed.map(
      (f) => `- ${columnRu(f)}: ${shown(f, before) || '—'} → ${shown(f, after) || '—'} (восстановлено)`,
    );
    const markdown = [
      `${who} изменил(а) помещение ${unitLabel} прямо в Twenty ${formatDateTime(version)} (МСК).`,
      '',
      ...lines,
      '',
      `Почему изменение отменено: ${verdict.reasons.join('; ')}.`,
      'Это изменение может сделать только администратор; если оно было нужно, пусть администратор сделает его снова.',
      `Отменено twenty-realty ${formatDateTime(at)} (МСК).`,
    ].join('\n');
    const tasks = ctx.twenty.records('task');
    await tasks.create(
      {
        id: taskId,
        title: `Отменено изменение защищённого помещения ${unitLabel} (${editor.email || editor.name})`,
        bodyV2: { markdown, blocknote: null },
        status: 'TODO',
        ...(admins[0] ? { assigneeId: admins[0].id } : {}),
      },
      { upsert: true },
    );
    await ctx.twenty
      .records('taskTarget')
      .create({ id: uuidV5(`registry:protection-task-target:${taskId}`), taskId, unitId }, { upsert: true });
    ctx.log.info(
      { unitId, memberId, fields: verdict.changed, reasons: verdict.reasons, taskId },
      'reverted a protected unit edit',
    );
  };
}

/** The handler registration for definePlugin({ handlers }); without settings, from the plugin's settings. */
export function protectionHandlers(settings?: ProtectionSettings) {
  const handler: EventHandler = (event, ctx) =>
    createProtectionHandler(settings ?? registrySettingsOf(ctx))(event, ctx);
  return [on('unit.updated', handler, { name: 'protect-unit-edits' })];
}
