/**
 * Records a contract test creates in standard objects (people, companies) of a
 * real workspace must not outlive the run: they are destroyed in `after()`.
 */
import type { ContractTarget } from './targets';

export interface RecordCleanup {
  track(plural: string, id: string): string;
  destroyAll(): Promise<void>;
}

export function recordCleanup(target: ContractTarget): RecordCleanup {
  const created: { plural: string; id: string }[] = [];
  return {
    track(plural, id) {
      created.push({ plural, id });
      return id;
    },
    async destroyAll() {
      for (const { plural, id } of created.reverse()) {
        try {
          await target.http('DELETE', `/rest/${plural}/${id}`);
        } catch (error) {
          console.error(`[contract] could not destroy ${plural}/${id}:`, error);
        }
      }
      created.length = 0;
    },
  };
}
