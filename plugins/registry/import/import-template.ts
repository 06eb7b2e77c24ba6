import type { Writable } from 'node:stream';

export interface ImportTemplateOptions {
  /** Example rows to include (default: none; the instructions sheet shows examples). */
  exampleRows?: boolean;
}

export async function writeImportTemplate(_out: string | Writable, _opts: ImportTemplateOptions = {}): Promise<void> {
  throw new Error('TODO');
}
