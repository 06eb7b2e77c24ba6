/**
 * `definePolicy(unit, { read, fields, write })`: the owning plugin's word on
 * who may see and change an object. Listed in `definePlugin({ access })`; the
 * registry refuses a policy for an object the plugin does not own.
 */
import type { ObjectRef } from '../../../sdk/index';
import { DeclarationError } from '../plugin/declaration-error';
import type { ObjectPolicy, PolicyConfig } from './access-types';

export function definePolicy(object: string | ObjectRef<unknown>, config: PolicyConfig): ObjectPolicy {
  const name = typeof object === 'string' ? object : object?.nameSingular;
  const problems: string[] = [];
  if (typeof name !== 'string' || name === '') problems.push('object is not an object name or ObjectRef');
  if (typeof config?.read !== 'function') problems.push('read(principal) is missing');
  if (config?.fields !== undefined && typeof config.fields !== 'function')
    problems.push('fields must be a function of the principal');
  if (config?.write !== undefined && typeof config.write !== 'function')
    problems.push('write must be a function of the principal and the intent');
  if (problems.length > 0)
    throw new DeclarationError('invalid_policy', `definePolicy("${String(name)}")`, problems);
  return Object.freeze({ kind: 'policy', object: name as string, ...config });
}
