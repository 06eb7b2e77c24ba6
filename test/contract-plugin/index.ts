/**
 * notes-demo — the plugin that proves the contract (issue 10): it uses every
 * kind of declaration — objects with a relation to another plugin's object,
 * an extension, a read-model entry with an index and kept previous values, handlers, a job, a
 * migration, routes with zod, a page with assets, a command, an operation, settings, demo
 * data, an access policy, a restriction on another plugin's object, an afterSetup step and
 * optional cooperation (`uses`) — and lives entirely in this folder. (The partner gateway is
 * the one declaration it leaves out: one plugin per install authenticates partners, agencies.) Tests
 * install it next to the real plugins (`[...allPlugins, notesDemoPlugin]`)
 * without any change to core, the CLI or the app server.
 */
import { definePlugin } from '../../plugins/core/plugin/index';
import { demoNotePolicy } from './access';
import { notesDemoAfterSetup } from './after-setup';
import { notesDemoCommands } from './commands';
import { notesDemoHandlers } from './handlers';
import { notesDemoJobs } from './jobs';
import { notesDemoMigrations } from './migrations';
import { notesDemoOperations } from './operations';
import { notesPage, notesPageAssets } from './pages/notes-page';
import { legalSeesNoteCompanies } from './restrictions';
import { notesDemoRoutes } from './routes';
import { companyNotesExtension, demoNote } from './schema';
import { notesDemoSeed } from './seed';
import { notesDemoSettings } from './settings';

export * from './schema';
export { DEMO_NOTES, demoNoteId } from './seed';
export { notesDemoSettings } from './settings';

export const notesDemoPlugin = definePlugin({
  name: 'notes-demo',
  description: 'Notes about buildings — the test plugin that uses every kind of declaration',
  dependsOn: ['registry'],
  // The notes page links a note's building to its chessboard when the chessboard is installed.
  uses: ['chessboard'],
  objects: [demoNote],
  extends: [companyNotesExtension],
  readModel: [
    { object: demoNote, indexes: [{ fields: ['buildingId'] }], keepPrevious: ['title'] },
    // Its restriction decides which companies a legal member sees: the companies are replicated here.
    { object: 'company' },
  ],
  handlers: notesDemoHandlers,
  jobs: notesDemoJobs,
  migrations: notesDemoMigrations,
  routes: notesDemoRoutes,
  pages: [notesPage],
  assets: notesPageAssets,
  commands: notesDemoCommands,
  operations: notesDemoOperations,
  settings: notesDemoSettings,
  seed: notesDemoSeed,
  access: [demoNotePolicy],
  restrictions: [legalSeesNoteCompanies],
  afterSetup: notesDemoAfterSetup,
});
