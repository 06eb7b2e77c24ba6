/**
 * The app as the chessboard tests need it: the app stack (devhost, runtime
 * with every plugin, app server, webhook pointing at the app) with the demo
 * registry seeded through Twenty, so the read model fills the way it does in
 * production.
 */
import type { StaffRole } from '../../../plugins/core/auth/staff-token';
import { seedDemoRegistry } from '../../../plugins/registry/seed';
import { type AppStack, pluginsFor, startAppStack, waitFor } from '../../support/app-stack';

export { waitFor };

export interface ChessboardApp extends AppStack {
  token(role: StaffRole): string;
}

export async function startChessboardApp(): Promise<ChessboardApp> {
  const stack = await startAppStack({
    name: 'chessboard',
    plugins: pluginsFor('chessboard', 'agencies'),
    webhook: true,
    publicUrl: 'http://localhost:4999',
    rateLimit: { requestsPerMinute: 6000, requestsPerSecond: 100 },
  });
  try {
    const summary = await seedDemoRegistry(stack.runtime.twenty, {
      chessboardBaseUrl: 'http://localhost:4999',
    });
    await waitFor('the demo units in the read model', async () =>
      (await stack.runtime.store.readModel.count('unit')) >= summary.units ? true : undefined,
    );
  } catch (error) {
    await stack.close();
    throw error;
  }
  return { ...stack, token: (role) => stack.staffToken(role) };
}
