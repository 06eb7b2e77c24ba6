/**
 * Running what a dispatcher queued, as the runtime's worker would, until the queue is idle: for
 * tests of the dispatcher, the origin of writes and the sweep that build their own dispatcher.
 */
import { DISPATCHER_JOB_KINDS, type Dispatcher } from '../../plugins/core/events/dispatcher';
import { startWorker } from '../../plugins/core/queue/queue-worker';
import type { Store } from '../../plugins/core/store/store';

export async function runQueuedEvents(
  store: Pick<Store, 'queue'>,
  dispatcher: Pick<Dispatcher, 'handleJob'>,
): Promise<void> {
  const worker = startWorker({
    queue: store.queue,
    handle: dispatcher.handleJob,
    pollMs: 10,
    kinds: DISPATCHER_JOB_KINDS,
  });
  await worker.idle();
  await worker.stop();
}
