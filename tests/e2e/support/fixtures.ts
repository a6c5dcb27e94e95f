import { test as base, expect } from '@playwright/test';
import { serve } from '../../../src/server/index.ts';

interface SiteFixtures {
  /** Requests that tried to leave localhost during the test. */
  offsiteRequests: string[];
}

interface SiteWorkerFixtures {
  /** Base URL of the built site, served by `astro preview` on a free port. */
  siteUrl: string;
}

/**
 * Where the built site is: dist/ (built beforehand  by `npm test` or `npm run build`), or the folder
 * in STRATA_E2E_SITE (`astro build --outDir <folder>`), so that a build started in the same working
 * tree during the run (another gate, another engineer) cannot empty dist/ under a test (a 404).
 */
const outDir = process.env.STRATA_E2E_SITE;

/**
 * Serves the built site on port 0, once per worker, the way `strata serve --no-cohort` does
 * (Astro's Node adapter over dist/client, with the isolation headers). The cohort specs start
 * their own server with the cohort part on (tests/e2e/support/cohort.ts).
 */
export const test = base.extend<SiteFixtures, SiteWorkerFixtures>({
  siteUrl: [
    // Playwright requires an object pattern here, even an empty one.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await serve({ siteDir: outDir ?? 'dist', host: '127.0.0.1', port: 0, cohort: null });
      await use(server.url);
      await server.stop();
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ siteUrl }, use) => use(siteUrl),
  offsiteRequests: async ({ context, siteUrl }, use) => {
    const offsite: string[] = [];
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (url.startsWith(siteUrl) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
      offsite.push(url);
      return route.abort('blockedbyclient');
    });
    await use(offsite);
  },
});

export { expect };
