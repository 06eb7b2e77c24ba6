/** The /notes-demo page: its declaration, its assets and its content inside the one shell. */
import { fileURLToPath } from 'node:url';
import { definePage, type PageAssets } from '../../../plugins/core/plugin/index';

export const notesPage = definePage({
  path: '/notes-demo',
  title: { ru: 'Заметки', en: 'Notes' },
  roles: ['finance', 'sales'],
  order: 90,
});

export const notesPageAssets: PageAssets = {
  dir: fileURLToPath(new URL('./assets', import.meta.url)),
  files: ['notes.js'],
};

export const NOTES_SCRIPT = '/assets/notes-demo/notes.js';

export function notesPageContent(): string {
  return '<h1>Заметки</h1>\n<ul id="notes" aria-live="polite"></ul>';
}
