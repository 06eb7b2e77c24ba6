/**
 * What an API key's role allows (contract C20, Twenty's object and field
 * permissions). A role-wide flag applies unless the object has its own entry;
 * like Twenty's role entity, an unset role-wide flag means "not allowed".
 */
import { forbidden } from '../errors';
import type { FieldMeta, ObjectMeta } from '../metadata/types';

export interface DevhostRole {
  label: string;
  canReadAllObjectRecords?: boolean;
  canUpdateAllObjectRecords?: boolean;
  canSoftDeleteAllObjectRecords?: boolean;
  canDestroyAllObjectRecords?: boolean;
  objectPermissions?: {
    object: string;
    canReadObjectRecords?: boolean;
    canUpdateObjectRecords?: boolean;
    canSoftDeleteObjectRecords?: boolean;
    canDestroyObjectRecords?: boolean;
  }[];
  fieldPermissions?: {
    object: string;
    field: string;
    canReadFieldValue?: boolean;
    canUpdateFieldValue?: boolean;
  }[];
}

export const ADMIN_ROLE: DevhostRole = {
  label: 'Admin',
  canReadAllObjectRecords: true,
  canUpdateAllObjectRecords: true,
  canSoftDeleteAllObjectRecords: true,
  canDestroyAllObjectRecords: true,
};

export type RecordAction = 'read' | 'update' | 'softDelete' | 'destroy';

const ACTION_WORDS: Record<RecordAction, string> = {
  read: 'read',
  update: 'create or update',
  softDelete: 'delete',
  destroy: 'destroy',
};

export class RolePermissions {
  constructor(
    readonly role: DevhostRole,
    readonly isAdmin: boolean,
  ) {}

  can(object: ObjectMeta, action: RecordAction): boolean {
    if (this.isAdmin) return true;
    const own = this.role.objectPermissions?.find((p) => p.object === object.nameSingular);
    switch (action) {
      case 'read':
        return own?.canReadObjectRecords ?? this.role.canReadAllObjectRecords ?? false;
      case 'update':
        return own?.canUpdateObjectRecords ?? this.role.canUpdateAllObjectRecords ?? false;
      case 'softDelete':
        return own?.canSoftDeleteObjectRecords ?? this.role.canSoftDeleteAllObjectRecords ?? false;
      case 'destroy':
        return own?.canDestroyObjectRecords ?? this.role.canDestroyAllObjectRecords ?? false;
      default: {
        const unreachable: never = action;
        return unreachable;
      }
    }
  }

  assert(object: ObjectMeta, action: RecordAction): void {
    if (!this.can(object, action)) {
      throw forbidden(
        `Permission denied: the role "${this.role.label}" may not ${ACTION_WORDS[action]} ${object.namePlural}`,
      );
    }
  }

  canReadField(object: ObjectMeta, field: FieldMeta): boolean {
    if (this.isAdmin) return true;
    const own = this.role.fieldPermissions?.find(
      (p) => p.object === object.nameSingular && p.field === field.name,
    );
    return own?.canReadFieldValue ?? true;
  }

  canUpdateField(object: ObjectMeta, field: FieldMeta): boolean {
    if (this.isAdmin) return true;
    const own = this.role.fieldPermissions?.find(
      (p) => p.object === object.nameSingular && p.field === field.name,
    );
    return own?.canUpdateFieldValue ?? true;
  }

  /** A predicate for formatRecord, or undefined when every field is readable. */
  fieldReader(object: ObjectMeta): ((field: FieldMeta) => boolean) | undefined {
    if (this.isAdmin || !this.role.fieldPermissions?.some((p) => p.object === object.nameSingular))
      return undefined;
    return (field) => this.canReadField(object, field);
  }
}
