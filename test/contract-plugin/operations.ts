/**
 * `notes-demo retitle <id> --title … [--dry-run]` and `POST /api/operations/notes-demo/retitle`:
 * one declaration, both doors served by core.
 */
import { z } from 'zod';
import { defineOperation } from '../../plugins/core/plugin/index';
import { demoNote } from './schema';

export const notesDemoOperations = [
  defineOperation({
    name: 'notes-demo retitle',
    description: 'give a demo note a new title (the contract test plugin)',
    roles: ['admin', 'sales'],
    input: z.object({
      id: z.string().uuid().describe('the note'),
      title: z.string().min(2).describe('the new title'),
    }),
    args: ['id'],
    writes: true,
    objects: [demoNote],
    async run(input, ctx) {
      const notes = ctx.writer.records(demoNote);
      const before = await notes.get(input.id);
      if (ctx.dryRun) return { dryRun: true, from: before.title, to: input.title };
      const after = await notes.update(input.id, { title: input.title });
      return { from: before.title, to: after.title };
    },
    render: (r) => `«${String(r.from)}» → «${String(r.to)}»`,
  }),
];
