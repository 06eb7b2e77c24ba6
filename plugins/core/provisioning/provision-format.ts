/**
 * Human text for a provisioning plan (`realty setup --dry-run`): one line per
 * step, then the conflicts that were left untouched and the warnings.
 */
import type { LabelChange, ProvisionPlan, ProvisionStep } from './provision-plan';
import { formatViews, type ViewOutcome } from './provision-views';
import type { WebhookOutcome } from './provision-webhook';

export function describeStep(step: ProvisionStep): string {
  switch (step.kind) {
    case 'createObject':
      return `+ object   ${step.object} (${step.input.labelPlural}, /rest/${step.input.namePlural})`;
    case 'createField':
      return `+ field    ${step.object}.${step.field} ${step.input.type}${step.input.isUnique ? ' unique' : ''}`;
    case 'addSelectOptions':
      return `~ options  ${step.object}.${step.field} + ${step.added.join(', ')}`;
    case 'createRelation':
      return `+ relation ${step.object}.${step.field} → ${step.relation.targetObject} (inverse ${step.relation.targetObject}.${step.relation.targetFieldName})`;
    case 'updateObjectLabels':
      return `~ labels   ${step.object}: ${describeChanges(step.changes)}`;
    case 'updateFieldLabels':
      return `~ labels   ${step.object}.${step.field}: ${describeChanges(step.changes)}`;
    default: {
      const unknownStep: never = step;
      return `? ${JSON.stringify(unknownStep)}`;
    }
  }
}

function describeChanges(changes: readonly LabelChange[]): string {
  const q = (v: string | null) => (v === null ? '—' : `«${v}»`);
  return changes.map((c) => `${c.what} ${q(c.from)} → ${q(c.to)}`).join(', ');
}

export function summarizePlan(plan: ProvisionPlan): string {
  const count = (kind: ProvisionStep['kind']) => plan.steps.filter((s) => s.kind === kind).length;
  const parts = [
    [count('createObject'), 'object'],
    [count('createField'), 'field'],
    [count('addSelectOptions'), 'option change'],
    [count('createRelation'), 'relation'],
  ] as const;
  const todo = parts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}${n === 1 ? '' : 's'}`);
  const conflicts = plan.conflicts.length
    ? `; ${plan.conflicts.length} conflict${plan.conflicts.length === 1 ? '' : 's'}`
    : '';
  const relabel = count('updateObjectLabels') + count('updateFieldLabels');
  const labels = relabel
    ? `; to relabel: ${relabel} object${relabel === 1 ? '' : 's'}/field${relabel === 1 ? '' : 's'}`
    : '';
  return todo.length
    ? `to create: ${todo.join(', ')}${labels}${conflicts}`
    : `nothing to create${labels}${conflicts}`;
}

const LOCALE_NAMES: Record<string, string> = { ru: 'Russian', en: 'English' };

export function formatPlan(
  plan: ProvisionPlan & { webhook?: WebhookOutcome; locale?: string; views?: ViewOutcome[] },
): string {
  const lines = [`Provisioning plan — ${summarizePlan(plan)}`];
  if (plan.locale)
    lines.push(`  Labels in ${LOCALE_NAMES[plan.locale] ?? plan.locale} (REALTY_LOCALE=${plan.locale})`);
  if (plan.steps.length === 0 && plan.conflicts.length === 0) {
    lines.push('  The workspace already has every declared object, field and option.');
  }
  for (const step of plan.steps) lines.push(`  ${describeStep(step)}`);
  if (plan.conflicts.length) {
    lines.push('Conflicts (left untouched; resolve them in Twenty or in the declaration):');
    for (const c of plan.conflicts) lines.push(`  ! ${c.message}`);
  }
  if (plan.warnings.length) {
    lines.push('Warnings:');
    for (const w of plan.warnings) lines.push(`  - ${w}`);
  }
  if (plan.views) lines.push(...formatViews(plan.views));
  if (plan.webhook) {
    const w = plan.webhook;
    const what =
      w.action === 'none'
        ? 'up to date'
        : w.action === 'create'
          ? 'to create'
          : `to update (${w.changes.join(', ')})`;
    lines.push(`Webhook: ${what}${w.applied ? ' — done' : ''}`);
    for (const n of w.notes) lines.push(`  - ${n}`);
  }
  return lines.join('\n');
}
