/**
 * Whether a demo seed already ran to its end. A seed decides "my demo is in place" from the record it
 * writes last, never the first: a start interrupted between the two would otherwise leave the demo
 * half-written for good, since the next start finds the first record and skips the rest.
 */
import { eq, type TwentyClient } from '../../../sdk/index';

/** True when the seed's last write (`object`, record `id`) is in Twenty; false without an id. */
export async function seedFinished(
  twenty: Pick<TwentyClient, 'records'>,
  object: string,
  id: unknown,
): Promise<boolean> {
  if (typeof id !== 'string' || id === '') return false;
  const found = await twenty.records(object).list({ filter: eq('id', id), limit: 1 });
  return found.records.length > 0;
}
