/**
 * A 403 only for records that exist: when the caller's reader does not show a record, the
 * caller's writer asks Twenty for it (through the policy) — a record Twenty does not have is a
 * 404, one it has but the caller may not see stays a 403. Routes use it to answer like Twenty.
 */
import { TwentyNotFoundError } from '../../../sdk/index';
import { notFound, RouteError } from '../plugin/route-error';
import { AccessError, type ScopedWriter } from './access-types';

export async function refusedOrMissing<T>(
  writer: ScopedWriter,
  object: string,
  id: string,
  run: () => Promise<T>,
  missing: string,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof RouteError) || error.status !== 403) throw error;
    try {
      await writer.records(object).get(id);
    } catch (lookup) {
      if (lookup instanceof TwentyNotFoundError) throw notFound(`${object}_not_found`, missing);
      if (lookup instanceof AccessError) throw error;
      throw lookup;
    }
    throw error;
  }
}
