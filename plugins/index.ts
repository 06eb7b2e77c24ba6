// Every installed capability, in any order (the registry sorts by dependsOn).

import { activitiesPlugin } from './activities/index';
import { agenciesPlugin } from './agencies/index';
import { auctionsPlugin } from './auctions/index';
import { chessboardPlugin } from './chessboard/index';
import type { PluginDefinition } from './core/plugin/index';
import { documentsPlugin } from './documents/index';
import { holdingsPlugin } from './holdings/index';
import { migrationPlugin } from './migration/index';
import { paymentsPlugin } from './payments/index';
import { planfactPlugin } from './planfact/index';
import { portalPlugin } from './portal/index';
import { registryPlugin } from './registry/index';
import { reportsPlugin } from './reports/index';
import { revenuePlugin } from './revenue/index';
import { segmentsPlugin } from './segments/index';
import { smsPlugin } from './sms/index';
import { teamsPlugin } from './teams/index';
import { telephonyPlugin } from './telephony/index';

export const allPlugins: readonly PluginDefinition[] = [
  registryPlugin,
  chessboardPlugin,
  auctionsPlugin,
  paymentsPlugin,
  documentsPlugin,
  agenciesPlugin,
  revenuePlugin,
  migrationPlugin,
  teamsPlugin,
  holdingsPlugin,
  reportsPlugin,
  planfactPlugin,
  portalPlugin,
  telephonyPlugin,
  smsPlugin,
  activitiesPlugin,
  segmentsPlugin,
];
