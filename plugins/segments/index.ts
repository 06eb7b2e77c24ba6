/**
 * segments — lists of contacts for an event or a mailing, worked on together: built from a filter
 * over people and their companies (the sdk's filter grammar, checked before it runs, evaluated on
 * the read model) or by hand; stages DRAFT → REVIEW → APPROVED → IN_PROGRESS → DONE with every
 * change logged (who, when) — a change made in Twenty's UI too, undone when it skips a stage;
 * comments and tasks as Twenty notes and tasks targeting the segment; members' statuses; export to xlsx and CSV; the SMS plugin's «segment» audience reads its members.
 * Owns segment, segmentMember and segmentStageChange; reads Twenty's person and company.
 */
import { definePlugin } from '../core/plugin/index';
import { segmentPolicies } from './access';
import { segmentsHandlers } from './handlers';
import { segmentsLabelsRu } from './labels-ru';
import { segmentOperations } from './operations';
import { segmentsAssets, segmentsPage, segmentsRoutes } from './routes';
import { segment, segmentMember, segmentObjects, segmentStageChange } from './schema';
import { segmentsSeed } from './seed';

export { FILTER_FIELDS } from './rules/filter-fields';
export {
  companyConditions,
  compileSegmentFilter,
  parseSegmentFilter,
  SegmentFilterError,
} from './rules/segment-filter';
export { checkStageMove } from './rules/stages';
export { segment, segmentMember, segmentObjects, segmentStageChange } from './schema';
export { DEMO_SEGMENT_ID } from './seed';
export { evaluateFilter, memberIdOf, SEGMENT_OBJECTS } from './service';
export { MEMBER_STATUS_RU, SEGMENT_STAGE_RU } from './vocabulary';

export const segmentsPlugin = definePlugin({
  name: 'segments',
  description: 'Segments of contacts for events and mailings, built from filters and worked on together',
  // Hands a segment to an interaction's invitations when the activities plugin is installed.
  uses: ['activities'],
  publishedViews: ['segment', 'segmentMember'],
  objects: segmentObjects,
  labels: { ru: segmentsLabelsRu },
  readModel: [
    // The stage before a change made in Twenty, to judge the move (handlers.ts).
    { object: segment, indexes: [{ fields: ['stage'] }], keepPrevious: ['stage'] },
    { object: segmentMember, indexes: [{ fields: ['segmentId'] }, { fields: ['personId'] }] },
    { object: segmentStageChange, indexes: [{ fields: ['segmentId'] }] },
    { object: 'person' },
    { object: 'company' },
  ],
  handlers: segmentsHandlers,
  routes: segmentsRoutes,
  pages: [segmentsPage],
  assets: segmentsAssets,
  operations: segmentOperations,
  seed: segmentsSeed,
  access: segmentPolicies,
});

export default segmentsPlugin;
