/**
 * documents — Word documents filled from CRM data (package `docx`): the object passport (its
 * layout stored as versioned data an admin edits), booking agreement, sale contract and its
 * mortgage variant, auction results protocol and deposit refund statement; substituted values red,
 * missing ones named blanks. Owns the saleContract mortgage fields and its own tables; reacts to
 * sale contracts, auctions whose results are fixed and deposit refunds by generating the document,
 * keeping it as a new version when its values changed and attaching it to the Twenty record.
 */
import { definePlugin } from '../core/plugin/index';
import { attachJob } from './attach';
import { documentsStorageMigration } from './documents-store';
import { documentsHandlers } from './handlers';
import { refreshJob } from './jobs';
import { documentsLabelsRu } from './labels-ru';
import { documentsOperations } from './operations';
import { documentsAssets, documentsPage } from './pages/documents-page';
import { documentsRoutes } from './routes';
import { saleContractMortgageFields } from './schema';
import { documentsSeed } from './seed';

export { generateDocument, produceDocument } from './generate';
export { TEMPLATE_NAMES, TEMPLATES, type TemplateName } from './vocabulary';

export const documentsPlugin = definePlugin({
  name: 'documents',
  description: 'Word documents from CRM data: passports, contracts, auction protocols, deposit refunds',
  dependsOn: ['registry', 'auctions', 'payments'],
  extends: [saleContractMortgageFields],
  labels: { ru: documentsLabelsRu },
  // The buyer's and participants' names: people are replicated for the documents' reads.
  readModel: [{ object: 'person' }],
  handlers: documentsHandlers,
  jobs: [attachJob, refreshJob],
  migrations: [documentsStorageMigration],
  routes: documentsRoutes,
  pages: [documentsPage],
  assets: documentsAssets,
  operations: documentsOperations,
  seed: documentsSeed,
});

export default documentsPlugin;
