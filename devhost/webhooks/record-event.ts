import type { ObjectMeta } from '../metadata/types';

/** Twenty's DatabaseEventAction values that devhost emits (contract C17). */
export type RecordAction = 'created' | 'updated' | 'deleted' | 'destroyed' | 'restored';

/** One change to one record, emitted after its transaction committed. */
export interface RecordEvent {
  action: RecordAction;
  object: Pick<ObjectMeta, 'id' | 'nameSingular'>;
  /** State after the change; before it for deleted/destroyed. */
  record: Record<string, unknown>;
  updatedFields?: string[];
  /** The member whose session made the change (devhost: the X-Devhost-Workspace-Member header). */
  workspaceMemberId?: string;
}
