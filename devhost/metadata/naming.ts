/**
 * Metadata naming rules (Twenty: engine/metadata-modules/utils/validate-metadata-name*.ts):
 * camelCase starting with a lowercase letter, at most 63 characters (a Postgres
 * identifier), and not one of the names Twenty reserves for itself.
 */
import { badRequest } from '../errors';

const NAME_PATTERN = /^[a-z][a-zA-Z0-9]*$/;
export const MAX_NAME_LENGTH = 63;

const RESERVED_NAMES = new Set([
  'user',
  'users',
  'workspace',
  'workspaces',
  'role',
  'roles',
  'appToken',
  'appTokens',
  'featureFlag',
  'featureFlags',
  'keyValuePair',
  'keyValuePairs',
  'billingCustomer',
  'billingCustomers',
  'billingEntitlement',
  'billingEntitlements',
  'billingMeter',
  'billingMeters',
  'billingPrice',
  'billingPrices',
  'billingProduct',
  'billingProducts',
  'billingSubscription',
  'billingSubscriptions',
  'billingSubscriptionItem',
  'billingSubscriptionItems',
  'userWorkspace',
  'userWorkspaces',
  'userWorkspaceRole',
  'userWorkspaceRoles',
  'approvedAccessDomain',
  'approvedAccessDomains',
  'postgresCredential',
  'postgresCredentials',
  'twoFactorMethod',
  'twoFactorMethods',
  'event',
  'events',
  'field',
  'fields',
  'link',
  'links',
  'currency',
  'currencies',
  'fullName',
  'fullNames',
  'address',
  'addresses',
  'type',
  'types',
  'object',
  'objects',
  'index',
  'relation',
  'relations',
  'position',
  'positions',
]);

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

/** Twenty derives a relation's inverse field name from its label: "Linked Units" → "linkedUnits". */
export function camelCaseFromLabel(label: string): string {
  const words = label
    .normalize('NFKD')
    .replace(/[^a-zA-Z0-9 ]+/g, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  const joined = words
    .map((w, i) =>
      i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1),
    )
    .join('');
  return /^[0-9]/.test(joined) ? `n${joined}` : joined;
}
