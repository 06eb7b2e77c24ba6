/**
 * A feed follows the registry: every change of a unit, building or complex — made in Twenty or by
 * another plugin (an import, an auction) — bumps the feeds' version, so the next request gets a
 * new ETag and a fresh feed (generated from the read model on request) within the second the
 * event arrives. Idempotent enough: a replay only bumps once more, which costs a re-download.
 */
import { on, type PluginContext } from '../core/plugin/index';
import { bumpFeedVersion } from './storage';

const bump =
  (object: string) => async (event: { eventName?: string; record?: unknown }, ctx: PluginContext) =>
    bumpFeedVersion(
      ctx,
      `${String(event.eventName ?? object)} ${String((event.record as { id?: unknown })?.id)}`,
    );

export const feedVersionHandlers = [
  on('unit.*', bump('unit'), { name: 'feed-version-unit' }),
  on('building.*', bump('building'), { name: 'feed-version-building' }),
  on('residentialComplex.*', bump('residentialComplex'), { name: 'feed-version-complex' }),
];
