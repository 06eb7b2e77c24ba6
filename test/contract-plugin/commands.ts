/** `realty notes-demo-digest [--hour N] [--json]`: says what the digest would hold. */
import { defineCommand } from '../../plugins/core/plugin/index';
import { DEMO_NOTES } from './seed';

export const notesDemoCommands = [
  defineCommand({
    name: 'notes-demo-digest',
    description: 'print the notes digest (the contract test plugin)',
    configure: (command) => command.option('--hour <n>', 'the hour of the digest', '7'),
    run({ options }, ctx) {
      const hour = Number(options.hour);
      if (!Number.isInteger(hour) || hour < 0 || hour > 23) {
        ctx.say(`--hour: expected an hour 0-23, got «${String(options.hour)}»`);
        return 2;
      }
      ctx.say(`digest at ${hour}:00 — ${DEMO_NOTES.length} notes`);
      ctx.json({ hour, notes: DEMO_NOTES.length });
      return 0;
    },
  }),
];
