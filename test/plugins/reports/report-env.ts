/**
 * The reports over a real store (PGlite) and the real access layer, without servers: the plugins the
 * sections read, their read-model views, the generated records loaded into the replica tables, and
 * a reader for any principal as a /api/reports route would get it.
 */
import { agenciesPlugin } from '../../../plugins/agencies/index';
import { auctionsPlugin } from '../../../plugins/auctions/index';
import { chessboardPlugin } from '../../../plugins/chessboard/index';
import { createAccessLayer, type Principal, type ScopedReader } from '../../../plugins/core/access/index';
import { createRegistry, type PluginDefinition } from '../../../plugins/core/plugin/index';
import { registerReadModelViews } from '../../../plugins/core/read-model/index';
import { silentLogger } from '../../../plugins/core/runtime/index';
import { openStore, type Store } from '../../../plugins/core/store/index';
import { holdingsPlugin } from '../../../plugins/holdings/index';
import { paymentsPlugin } from '../../../plugins/payments/index';
import { planfactPlugin } from '../../../plugins/planfact/index';
import { registryPlugin } from '../../../plugins/registry/index';
import { REPORT_OBJECTS, reportsPlugin } from '../../../plugins/reports/index';
import { revenuePlugin } from '../../../plugins/revenue/index';
import { smsPlugin } from '../../../plugins/sms/index';
import { telephonyPlugin } from '../../../plugins/telephony/index';
import { createTwentyClient } from '../../../sdk/index';
import { type Dataset, loadIntoReadModel } from './report-data';

/** Every plugin a section reads (the app test runs without most of them: their sections are left out). */
export const REPORT_TEST_PLUGINS: readonly PluginDefinition[] = [
  registryPlugin,
  chessboardPlugin,
  auctionsPlugin,
  paymentsPlugin,
  agenciesPlugin,
  revenuePlugin,
  holdingsPlugin,
  planfactPlugin,
  smsPlugin,
  telephonyPlugin,
  reportsPlugin,
];

export interface ReportEnv {
  store: Store;
  readerFor(principal: Principal): ScopedReader;
  close(): Promise<void>;
}

export async function openReportEnv(
  data: Dataset | undefined,
  plugins: readonly PluginDefinition[] = REPORT_TEST_PLUGINS,
  options: { dataDir?: string } = {},
): Promise<ReportEnv> {
  const store = await openStore(options.dataDir ? { dataDir: options.dataDir } : {});
  const registry = createRegistry([...plugins]);
  await registerReadModelViews(store.sql, store.readModel, registry.schema, registry.readModel);
  const replicated = registry.readModel.map((e) => e.object);
  // No data: the store (a kept directory) holds it already.
  if (data) await loadIntoReadModel(store, data, replicated);
  else await store.sql.exec('analyze');
  const access = createAccessLayer({
    sql: store.sql,
    readModel: store.readModel,
    twenty: createTwentyClient({ url: 'http://127.0.0.1:9', apiKey: 'unused', limiter: false }),
    registry,
    settings: new Map(),
    clock: store.clock,
    log: silentLogger,
    links: { twentyUrl: 'http://twenty.local', publicUrl: 'http://localhost:4000' },
  });
  return {
    store,
    readerFor: (principal) =>
      access.routeContext({ plugin: 'reports', objects: REPORT_OBJECTS }, principal).reader,
    close: () => store.close(),
  };
}
