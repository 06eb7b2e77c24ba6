/**
 * Events between plugins (issue 21): a chain of notes handed back and forth between notes-demo (A)
 * and a second plugin, notes-relay (B). A note titled «Цепочка n» makes the plugin whose turn it is
 * (A for even n, B for odd) create the next note «Цепочка n+1», until CHAIN_END. Every note after
 * the first is a project write made by a handler: it reaches the other plugin's handlers, never
 * the handler that wrote it, and each step decides from state (the next note exists → nothing to
 * write), so the chain settles however often an event arrives.
 */
import { definePlugin, on, type PluginContext, uuidV5 } from '../../plugins/core/plugin/index';
import { demoNote } from './schema';

export const CHAIN_END = 6;
export const CHAIN_TITLE = 'Цепочка';

export const chainStep = (title: unknown): number | undefined => {
  const m = typeof title === 'string' ? /^Цепочка (\d+)$/.exec(title) : null;
  return m ? Number(m[1]) : undefined;
};

/** The note after `noteId` in its chain: a deterministic id, so a repeated step writes nothing new. */
export const nextNoteId = (noteId: string) => uuidV5(`notes-chain:${noteId}:next`);

/** The step a plugin takes on a note whose number has `parity`; returns whether it wrote. */
export async function passOn(
  parity: 0 | 1,
  note: { id: string; title?: unknown },
  ctx: PluginContext,
): Promise<boolean> {
  const n = chainStep(note.title);
  if (n === undefined || n % 2 !== parity || n >= CHAIN_END) return false;
  const notes = ctx.twenty.records(demoNote);
  const next = nextNoteId(note.id);
  const existing = await notes.get(next).catch(() => undefined);
  if (existing && chainStep(existing.title) === n + 1) return false;
  await notes.create({ id: next, title: `${CHAIN_TITLE} ${n + 1}`, audience: 'EVERYONE' }, { upsert: true });
  return true;
}

/** A's side (declared by notes-demo): even steps. */
export const chainEvenHandler = on(
  demoNote,
  'created',
  async (event, ctx) => {
    await passOn(0, event.record, ctx);
  },
  { name: 'chain-even' },
);

/** B: the relay plugin, odd steps. */
export const notesRelayPlugin = definePlugin({
  name: 'notes-relay',
  description: 'Passes the notes-demo chain on (odd steps): the second plugin of the A → B → A test',
  dependsOn: ['notes-demo'],
  handlers: [
    on(
      demoNote,
      'created',
      async (event, ctx) => {
        await passOn(1, event.record, ctx);
      },
      { name: 'chain-odd' },
    ),
  ],
});
