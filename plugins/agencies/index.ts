/**
 * agencies — accredited partner agencies: who they are, what each may work with
 * (grants → a scope this plugin's restrictions apply to the registry's places and the
 * auctions' lots on every partner read; core carries it opaquely), their
 * users, and the partner gateway every partner route goes through (JWT or
 * portal session → agency user → scope, rate limit, access log). Owns agency,
 * agencyAccess, agencyUser, booking; adds `agency` to auction applications and
 * sale contracts. Links filed requests' clients to people and keeps each
 * agency's figures current (jobs).
 */
import { definePlugin } from '../core/plugin/index';
import { agencyPolicies } from './access';
import { partnerApiRoutes } from './api/routes';
import { agencyOperations } from './commands';
import { agenciesGateway } from './gateway/gateway';
import { agenciesRateWindowsMigration, agenciesTablesMigration } from './gateway/store';
import { clientLinkJob } from './handlers';
import { agencyFiguresJob, agencyPruneJob } from './jobs';
import { agenciesLabelsRu } from './labels-ru';
import { partnerRestrictions } from './partner-restrictions';
import { portalAssets, portalPages, portalRoutes } from './portal/routes';
import {
  agency,
  agencyAccess,
  agencyObjects,
  agencyUser,
  auctionApplicationAgencyFields,
  booking,
  saleContractAgencyFields,
} from './schema';
import { agenciesSeed } from './seed';
import { agenciesSettings } from './settings';

export { PARTNER_COOKIE } from './gateway/gateway';
export { issuePartnerToken, PARTNER_AUDIENCE, PARTNER_ISSUER, verifyPartnerToken } from './gateway/tokens';
export { unitFieldsOf } from './partner-restrictions';
export {
  type AgencyScope,
  agencyScopeOf,
  type FieldLevel,
  type GrantRow,
  type ScopeGrant,
  scopeFromGrants,
  toPartnerScope,
} from './rules/scope';
export * from './schema';
export { DEMO_AGENCIES, DEMO_AGENCY_USERS, DEMO_PARTNER_PASSWORD } from './seed';

export const agenciesPlugin = definePlugin({
  name: 'agencies',
  description: 'Partner agencies: scopes, users, the partner gateway (JWT, portal), partner API and portal',
  dependsOn: ['registry', 'chessboard', 'auctions', 'payments'],
  // Reports (agency performance) name agencies in their SQL.
  publishedViews: ['agency'],
  objects: agencyObjects,
  labels: { ru: agenciesLabelsRu },
  extends: [auctionApplicationAgencyFields, saleContractAgencyFields],
  readModel: [
    agency,
    { object: agencyAccess, indexes: [{ fields: ['agencyId'] }] },
    { object: agencyUser, indexes: [{ fields: ['agencyId'] }, { fields: ['email'] }] },
    { object: booking, indexes: [{ fields: ['agencyId'] }, { fields: ['unitId'] }] },
  ],
  jobs: [agencyFiguresJob, clientLinkJob, agencyPruneJob],
  migrations: [agenciesTablesMigration, agenciesRateWindowsMigration],
  routes: [...partnerApiRoutes, ...portalRoutes],
  pages: portalPages,
  assets: portalAssets,
  operations: agencyOperations,
  settings: agenciesSettings,
  seed: agenciesSeed,
  access: agencyPolicies,
  // The agency's scope over the registry's places and the auctions' lots (core carries it opaquely).
  restrictions: partnerRestrictions,
  partnerGateway: agenciesGateway,
});

export default agenciesPlugin;
