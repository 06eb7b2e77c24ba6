/**
 * Makes a browser test fail on a Content-Security-Policy violation: every
 * `securitypolicyviolation` event of every page the tab shows, and Chromium's
 * console errors about the policy, are collected for an assertion.
 */
import type { BrowserContext, Page } from 'playwright-core';

export interface CspWatch {
  /** What was refused so far, one line each ("script-src-elem inline at http://…/"). */
  violations(): string[];
}

/** Watches one tab, or every tab of a browser context. */
export async function watchCspViolations(target: Page | BrowserContext): Promise<CspWatch> {
  const seen: string[] = [];
  const page = target as Page;
  await page.exposeFunction('__reportCspViolation', (line: string) => {
    seen.push(line);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __reportCspViolation(line: string): void }).__reportCspViolation;
      report(`${event.violatedDirective} ${event.blockedURI || 'inline'} at ${event.documentURI}`);
    });
  });
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
      seen.push(`console: ${message.text()}`);
  });
  return { violations: () => [...seen] };
}
