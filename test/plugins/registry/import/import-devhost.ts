/**
 * An import test bench: the app stack without worker (rate limits raised so
 * tests are quick), the workspace provisioned, and one complex → building →
 * section for the files to refer to.
 */
import { type DataAccess, dataAccessOf } from '../../../../plugins/core/access/index';
import type { PluginContext } from '../../../../plugins/core/plugin/plugin-context';
import { type AppStack, pluginsFor, startAppStack } from '../../../support/app-stack';
import { BUILDING_ID, COMPLEX_ID, SECTION_ID } from './workbook-fixtures';

export interface ImportBench extends AppStack {
  ctx: PluginContext;
  /** The pipeline's data access from the system context, with the read model read through a system reader. */
  access: DataAccess;
}

export async function startImportBench(
  options: { requestsPerMinute?: number; floors?: number } = {},
): Promise<ImportBench> {
  const rpm = options.requestsPerMinute ?? 100_000;
  const stack = await startAppStack({
    name: 'import',
    plugins: pluginsFor('registry'),
    worker: false,
    devhostRequestsPerMinute: rpm,
    rateLimit: { requestsPerMinute: rpm, requestsPerSecond: rpm },
  });
  try {
    const t = stack.runtime.twenty;
    await t.records('residentialComplex').create({ id: COMPLEX_ID, name: 'ЖК «Тестовый»' });
    await t.records('building').create({
      id: BUILDING_ID,
      complexId: COMPLEX_ID,
      name: 'ЖК «Тестовый», корпус 1',
      number: '1',
      floors: options.floors ?? 10,
    });
    await t
      .records('section')
      .create({ id: SECTION_ID, buildingId: BUILDING_ID, number: 1, floors: options.floors ?? 10 });
  } catch (error) {
    await stack.close();
    throw error;
  }
  const ctx = stack.runtime.contextFor('registry');
  const reader = stack.runtime.access.reader({ kind: 'system', reason: 'import tests' }, [
    'residentialComplex',
    'building',
    'section',
    'unit',
  ]);
  return { ...stack, ctx, access: dataAccessOf(ctx, 'registry', { reader }) };
}
