import type { PGlite } from '@electric-sql/pglite';

/** Opens PGlite on `dataDir` (memory when omitted), from the fresh-cluster template when the database is new. */
export function createPglite(pglite: typeof PGlite, dataDir?: string, initialData?: Blob): Promise<PGlite>;
