import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';
import { chromium } from '@playwright/test';

const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/**
 * Chromium to test with: Debian's /usr/bin/chromium when present, else Playwright's own build.
 * Flags keep the browser from calling home (the machine is offline and so must the site be).
 */
export function chromiumLaunchOptions(): LaunchOptions {
  const args = [
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--no-first-run',
    '--disable-gpu',
    // New headless Chromium preloads the omnibox popup's WebUI ("WebUI Top Renderer") in every
    // context: ~3 s of CPU per fresh context, measured, beside the page under test on a 2-core
    // machine. Tests never use the omnibox.
    '--disable-features=WebUIOmniboxPopup,PreloadTopChromeWebUI',
  ];
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot) args.push('--no-sandbox');
  const system = process.env.STRATA_CHROMIUM ?? SYSTEM_CHROMIUM.find((path) => existsSync(path));
  if (system) return { executablePath: system, args };
  let bundled: string;
  try {
    bundled = chromium.executablePath();
  } catch {
    bundled = '';
  }
  if (!bundled || !existsSync(bundled)) {
    throw new Error(
      'No Chromium found for the e2e tests. Install Debian\'s "chromium" package (apt-get install chromium), ' +
        'run "npx playwright install chromium", or set STRATA_CHROMIUM to a Chromium binary.',
    );
  }
  return { args };
}
