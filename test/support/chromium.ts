/**
 * Debian's Chromium for the browser tests, through playwright-core (no browser download here):
 * where it is, why the tests skip without it (`npm test` installs it as root and says which tests it
 * skipped otherwise), and one way to launch it headless.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const chromiumPath =
  process.env.REALTY_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

/** A browser test's `skip`: the reason there is no browser, or false. */
export const browserSkip: string | false =
  process.env.REALTY_BROWSER_SKIP ?? (chromiumPath ? false : 'no chromium (set REALTY_CHROMIUM)');

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--no-first-run',
  '--disable-sync',
];

/** Chromium headless, quiet (no background networking, no first-run UI); `extraArgs` after those. */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: [...ARGS, ...extraArgs] });
}
