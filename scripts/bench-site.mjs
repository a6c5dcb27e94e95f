// `npm run bench:site`: measures the built site in Chromium and prints medians.
// - JavaScript shipped per page type (gzipped bytes of every script the page loads)
// - Lighthouse performance and accessibility scores (desktop preset, several runs)
// Build first (`npm run build`). Figures are printed, not asserted.
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { preview } from 'astro';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { chromiumLaunchOptions } from '../tests/e2e/support/browser.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PAGES = {
  home: '/',
  module: '/modules/1/',
  lesson: '/lessons/what-import-does/',
  search: '/search/',
  exercise: '/exercises/01-import-side-effects/',
};

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const server = await preview({ root: process.cwd(), logLevel: 'error', server: { host: '127.0.0.1', port: 0 } });
const origin = `http://127.0.0.1:${server.port}`;
const options = chromiumLaunchOptions();
const port = 9300 + Math.floor(Math.random() * 500);
const browser = await chromium.launch({
  ...options,
  args: [...(options.args ?? []), `--remote-debugging-port=${port}`],
});

console.log(`Strata site benchmark (${RUNS} runs per page, medians)\n`);
console.log('page       JS gzipped (initial)  JS gzipped (all, incl. lazy)  perf (mobile / desktop)  a11y');
try {
  for (const [name, path] of Object.entries(PAGES)) {
    const page = await browser.newPage();
    const scripts = new Map();
    page.on('response', async (response) => {
      if (response.request().resourceType() !== 'script' && !response.url().endsWith('.js')) return;
      try {
        scripts.set(response.url(), gzipSync(await response.body()).length);
      } catch {
        // redirects and aborted requests have no body
      }
    });
    await page.goto(origin + path, { waitUntil: 'load' });
    const initial = [...scripts.values()].reduce((sum, size) => sum + size, 0);
    await page.waitForLoadState('networkidle');
    const all = [...scripts.values()].reduce((sum, size) => sum + size, 0);
    await page.close();

    const scores = { mobile: [], desktop: [], accessibility: [] };
    for (let run = 0; run < RUNS; run += 1) {
      const flags = { port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility'] };
      // Lighthouse's default (mobile, simulated slow 4G and 4x CPU slowdown) and its desktop preset.
      const mobile = await lighthouse(origin + path, flags);
      const desktop = await lighthouse(origin + path, flags, desktopConfig);
      scores.mobile.push(Math.round((mobile?.lhr.categories.performance.score ?? 0) * 100));
      scores.desktop.push(Math.round((desktop?.lhr.categories.performance.score ?? 0) * 100));
      scores.accessibility.push(Math.round((mobile?.lhr.categories.accessibility.score ?? 0) * 100));
    }
    console.log(
      `${name.padEnd(10)} ${`${(initial / 1024).toFixed(1)} KB`.padStart(20)}  ${`${(all / 1024).toFixed(1)} KB`.padStart(28)}  ${`${median(scores.mobile)} / ${median(scores.desktop)}`.padStart(24)}  ${String(median(scores.accessibility)).padStart(4)}`,
    );
  }
} finally {
  await browser.close();
  await server.stop();
}
console.log('\nBudgets: lesson page <= 30 KB gzipped JS; Lighthouse performance >= 95, accessibility 100.');
