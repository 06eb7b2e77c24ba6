/**
 * Metadata naming rules (Twenty: engine/metadata-modules/utils/validate-metadata-name*.ts):
 * camelCase starting with a lowercase letter, at most 63 characters (a Postgres
 * identifier), and not one of the names Twenty reserves for itself.
 */
import {
  MAX_METADATA_NAME_LENGTH,
  METADATA_NAME_PATTERN as NAME_PATTERN,
  RESERVED_METADATA_NAMES as RESERVED_NAMES,
} from '../../sdk/metadata-names';
import { badRequest } from '../errors';

export { camelCaseFromLabel } from '../../sdk/metadata-names';
export const MAX_NAME_LENGTH = MAX_METADATA_NAME_LENGTH;

/** Validates an object or field name; throws a 400 naming the problem. */
export function validateMetadataName(name: unknown, what = 'name'): string {
  if (typeof name !== 'string' || name.length === 0)
    throw badRequest(`${what} is required and must be a string`);
  if (name.length > MAX_NAME_LENGTH)
    throw badRequest(`The name "${name}" exceeds ${MAX_NAME_LENGTH} characters`);
  if (!NAME_PATTERN.test(name))
    throw badRequest(
      `The name "${name}" is not valid: use camelCase letters and digits, starting with a lowercase letter`,
    );
  if (RESERVED_NAMES.has(name)) throw badRequest(`The name "${name}" is not available`);
  return name;
}
