/**
 * `afterSetup`: what `realty setup` cannot declare as schema is checked or done here, after the
 * objects exist. notes-demo asks Twenty whether its object is there and says so to the operator
 * (a dry run asks the same: it writes nothing either way).
 */
import type { SetupHook } from '../../plugins/core/plugin/index';
import { demoNote } from './schema';

export const notesDemoAfterSetup: SetupHook = async ({ twenty, dryRun }) => {
  const objects = await twenty.metadata.objects.list();
  const found = objects.some((o) => o.nameSingular === demoNote.nameSingular);
  const what = found ? 'есть в рабочем пространстве' : 'ещё не создан';
  return [`notes-demo: объект ${demoNote.nameSingular} ${what}${dryRun ? ' (пробный прогон)' : ''}`];
};
