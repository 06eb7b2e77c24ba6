/**
 * `defineRestriction(object, { read, fields? })`: a row rule (and optionally a
 * field rule) a plugin ANDs onto the policy of an object it does not own — the
 * teams plugin limits non-admin staff to the deals, companies, contacts, tasks
 * and notes they hold a grant on; the partner gateway (agencies) limits
 * partners to the places, kinds and statuses of their agency's grants and to
 * the unit fields of its level. Listed in `definePlugin({ restrictions })`;
 * the registry composes every restriction of an object with its owner's policy
 * (`policyFor`), so readers, writers and `admitted` all see the narrowed rules.
 * A restriction only ever narrows: it cannot admit a row or show a field the
 * owner's policy refuses.
 */
import type { ObjectRef } from '../../../sdk/index';
import { DeclarationError } from '../plugin/declaration-error';
import type { FieldRule, ObjectPolicy, PolicyContext, Principal, RowRule } from './access-types';

export interface RestrictionConfig {
  /** Said in docs and `realty status`: what the restriction is for. */
  description: string;
  /** The extra rule for a principal; `all` leaves the policy as it is. `context` carries the settings. */
  read(principal: Principal, context?: PolicyContext): RowRule;
  /** The fields the principal may see at most; `all` (or absent) leaves the policy's field rule as it is. */
  fields?(principal: Principal): FieldRule;
  /**
   * The object may be absent (another plugin's object that is not installed, e.g. the revenue
   * plugin's): the restriction then does nothing instead of failing the registry.
   */
  whenPresent?: boolean;
}

export interface RowRestriction extends RestrictionConfig {
  readonly kind: 'restriction';
  readonly object: string;
  readonly whenPresent: boolean;
}

export function defineRestriction(
  object: string | ObjectRef<unknown>,
  config: RestrictionConfig,
): RowRestriction {
  const name = typeof object === 'string' ? object : object?.nameSingular;
  const problems: string[] = [];
  if (typeof name !== 'string' || name === '') problems.push('object is not an object name or ObjectRef');
  if (typeof config?.read !== 'function') problems.push('read(principal) is missing');
  if (config?.fields !== undefined && typeof config.fields !== 'function')
    problems.push('fields must be a function of the principal');
  if (typeof config?.description !== 'string' || config.description.trim() === '')
    problems.push('description is empty; say what the restriction is for');
  if (problems.length > 0)
    throw new DeclarationError('invalid_policy', `defineRestriction("${String(name)}")`, problems);
  return Object.freeze({
    ...config,
    kind: 'restriction',
    object: name as string,
    whenPresent: !!config.whenPresent,
  });
}

/** Both rules at once: `none` wins, `all` drops out, several filters become `allOf`. */
export function intersectRowRules(rules: readonly RowRule[]): RowRule {
  if (rules.includes('none')) return 'none';
  const filters = rules.filter((r) => r !== 'all');
  if (filters.length === 0) return 'all';
  if (filters.length === 1) return filters[0] as RowRule;
  return { allOf: filters as Exclude<RowRule, 'all' | 'none'>[] };
}

/** Both field rules at once: `all` drops out, lists keep the fields every one of them names. */
export function intersectFieldRules(rules: readonly FieldRule[]): FieldRule {
  const lists = rules.filter((r): r is readonly string[] => r !== 'all');
  if (lists.length === 0) return 'all';
  const [first, ...rest] = lists as [readonly string[], ...(readonly string[])[]];
  return first.filter((f) => rest.every((l) => l.includes(f)));
}

/** The owner's policy with every restriction's rule ANDed onto `read` (and `fields`). */
export function restrictPolicy(policy: ObjectPolicy, restrictions: readonly RowRestriction[]): ObjectPolicy {
  if (restrictions.length === 0) return policy;
  const narrowing = restrictions.filter((r) => r.fields !== undefined);
  return Object.freeze({
    ...policy,
    read: (principal: Principal, context?: PolicyContext) =>
      intersectRowRules([
        policy.read(principal, context),
        ...restrictions.map((r) => r.read(principal, context)),
      ]),
    ...(narrowing.length > 0
      ? {
          fields: (principal: Principal) =>
            intersectFieldRules([
              policy.fields?.(principal) ?? 'all',
              ...narrowing.map((r) => r.fields?.(principal) ?? 'all'),
            ]),
        }
      : {}),
  });
}
