/**
 * The naming rules Twenty applies to objects and fields (contract C15;
 * Twenty: engine/metadata-modules/utils/validate-metadata-name*.ts), checked
 * at declaration time so `realty setup` never learns them from a 400 half-way.
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
 * Fields Twenty creates on every custom object (build-default-fields-for-custom-object
 * and the default relations to task/note targets, attachments, timeline, favorites).
 * `name` is among them as TEXT: a declaration may restate it, with that type only.
 */
export const DEFAULT_CUSTOM_OBJECT_FIELDS: Readonly<Record<string, string>> = {
  id: 'UUID',
  name: 'TEXT',
  createdAt: 'DATE_TIME',
  updatedAt: 'DATE_TIME',
  deletedAt: 'DATE_TIME',
  createdBy: 'ACTOR',
  updatedBy: 'ACTOR',
  position: 'POSITION',
  searchVector: 'TS_VECTOR',
  taskTargets: 'RELATION',
  noteTargets: 'RELATION',
  attachments: 'RELATION',
  timelineActivities: 'RELATION',
  favorites: 'RELATION',
};

/** Standard objects of a Twenty workspace that plugins may extend or point relations at. */
export const STANDARD_OBJECT_NAMES = [
  'company',
  'person',
  'opportunity',
  'workspaceMember',
  'task',
  'note',
  'taskTarget',
  'noteTarget',
  'attachment',
] as const;
export type StandardObjectName = (typeof STANDARD_OBJECT_NAMES)[number];

export function isStandardObjectName(name: string): name is StandardObjectName {
  return (STANDARD_OBJECT_NAMES as readonly string[]).includes(name);
}

/** Every reason `name` is not a usable object or field name; empty when it is. */
export function metadataNameProblems(name: unknown): string[] {
  if (typeof name !== 'string' || name.length === 0) return ['is empty; a name is required'];
  const problems: string[] = [];
  if (name.length > MAX_METADATA_NAME_LENGTH) {
    problems.push(`is ${name.length} characters long; Twenty allows at most ${MAX_METADATA_NAME_LENGTH}`);
  }
  if (!METADATA_NAME_PATTERN.test(name)) {
    problems.push('must be camelCase: a lowercase letter, then letters and digits only');
  }
  if (RESERVED_METADATA_NAMES.has(name)) {
    problems.push(
      'is reserved by Twenty ("The name is not available"); choose another, e.g. add a qualifier',
    );
  }
  return problems;
}

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

/** "unitChanges" → "Unit Changes": the label whose derived name is the name itself. */
export function labelFromCamelCase(name: string): string {
  const spaced = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}
