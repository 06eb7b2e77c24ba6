/**
 * Twenty's naming rules for objects and fields (contract C15; Twenty:
 * engine/metadata-modules/utils/validate-metadata-name*.ts). One copy, used
 * by devhost to refuse names as Twenty does and by plugin declarations to
 * catch them before `realty setup` meets a 400 half-way.
 */

export const METADATA_NAME_PATTERN = /^[a-z][a-zA-Z0-9]*$/;
/** A Postgres identifier. */
export const MAX_METADATA_NAME_LENGTH = 63;

/** Names Twenty refuses with `The name "x" is not available`. */
export const RESERVED_METADATA_NAMES: ReadonlySet<string> = new Set([
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

/**
 * Twenty derives a relation's inverse field name from its label when no name
 * is sent ("Unit Changes" → "unitChanges"); older releases accept only the label.
 */
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
