/**
 * twenty-sdk for the exported Twenty app's test: its tools want Node 24, so it is no dependency of the
 * project. `REALTY_TWENTY_SDK` names a node_modules that holds it; otherwise it is installed once from
 * the npm registry into node_modules/.cache (inside the test, so the suite's other files run meanwhile).
 * Answers the node_modules folder, or why there is none (the test skips saying so).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

export const TWENTY_SDK_VERSION = '2.43.0';
const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..', '..');

export async function twentySdkModules(): Promise<{ modules: string } | { missing: string }> {
  const given = process.env.REALTY_TWENTY_SDK;
  if (given)
    return existsSync(path.join(given, 'twenty-sdk', 'package.json'))
      ? { modules: given }
      : { missing: `REALTY_TWENTY_SDK=${given} holds no twenty-sdk` };
  const prefix = path.join(ROOT, 'node_modules', '.cache', 'realty-twenty-sdk');
  const modules = path.join(prefix, 'node_modules');
  if (existsSync(path.join(modules, 'twenty-sdk', 'package.json'))) return { modules };
  if (process.env.REALTY_TWENTY_SDK_SKIP) return { missing: process.env.REALTY_TWENTY_SDK_SKIP };
  try {
    // What the app's own package.json has beside twenty-sdk: its front components are React.
    await run(
      'npm',
      [
        'install',
        '--prefix',
        prefix,
        '--no-save',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        '--loglevel=error',
        `twenty-sdk@${TWENTY_SDK_VERSION}`,
        '@types/react@19',
        '@types/node@24',
      ],
      { timeout: 300_000, maxBuffer: 16 * 1024 * 1024 },
    );
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    return {
      missing: `npm could not install twenty-sdk@${TWENTY_SDK_VERSION}: ${(e.stderr || e.message).slice(0, 300)}`,
    };
  }
  return existsSync(path.join(modules, 'twenty-sdk', 'package.json'))
    ? { modules }
    : { missing: `npm installed no twenty-sdk into ${prefix}` };
}
