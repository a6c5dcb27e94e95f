// `npm run bench:workspace`: the exercise workspace on the built site in Chromium, medians printed.
// - exercise page → interactive editor (the plain editor: typing is saved and runs), and → Monaco
//   has taken over, cold cache (a fresh browser context per run)
// - first Run result on Pyodide: cold (fresh context), then warm (the second Run in that page)
// - a second visit: a new page in the same context (HTTP and service-worker caches kept), its
//   editor and its first Run
// - a runaway test (an infinite loop) stopped at the 5 s per-test limit and reported, and the
//   fallback to Pyodide when WebContainer cannot start (its 8 s boot limit): the delays the e2e
//   tests check the behaviour of but, on a shared machine, must not time
// - diagnostics: edit sent to the contracts worker → markers and problems list updated, on a
//   50-module project (seeded into the browser's saved work, as if the learner had written it)
// - the lesson page's JavaScript, to show the workspace does not weigh on lessons
// Build first (`npm run build`; `npm run bench:workspace` does). Figures only, no assertions.
// Options: `--site <folder>` measures another build (`astro build --outDir <folder>`) than dist/;
// `--start-only` measures only the start-up rows (page → editor, first/second-visit/warm Run).
import { loadavg } from 'node:os';
import { createServer } from 'node:net';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { serve } from '../src/server/index.ts';
import { chromiumLaunchOptions } from '../tests/e2e/support/browser.ts';

const { values: options } = parseArgs({
  options: { site: { type: 'string', default: 'dist' }, 'start-only': { type: 'boolean', default: false } },
});
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const EDITS = Number(process.env.BENCH_EDITS ?? 15);
const EXERCISE = '01-import-side-effects';
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const ms = (value) => `${Math.round(value)} ms`;

/** 46 extra modules in the exercise's package (50 with the starter's 4), importing each other. */
function fiftyModules() {
  const files = {
    'reports/__init__.py': '',
    'reports/db.py': 'import sqlite3\n\n\ndef connection():\n    return sqlite3.connect(":memory:")\n',
    'reports/summary.py': 'from reports import m00\n\n\ndef total_by_region(rows):\n    return m00.total(rows)\n',
    'reports/app.py': 'from reports import summary, db\n\n\ndef main():\n    print(summary.total_by_region([]))\n',
  };
  for (let index = 0; index < 46; index += 1) {
    const name = `m${String(index).padStart(2, '0')}`;
    const imports = [index + 1, index + 3, index + 7]
      .filter((next) => next < 46)
      .map((next) => `from reports import m${String(next).padStart(2, '0')}`);
    if (index === 45) imports.push('from reports import db  # the chain summary → … → db breaks a contract');
    const body = Array.from({ length: 30 }, (_, line) => `    value_${line} = ${line} * len(rows)`).join('\n');
    files[`reports/${name}.py`] =
      `"""Module ${index}."""\n${imports.join('\n')}\n\n\ndef total(rows):\n${body}\n    return {}\n`;
  }
  return files;
}

/** A loopback port nothing listens on: WebContainer pointed there cannot start, as offline. */
async function closedPort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Opens the exercise in `context` and waits for its workspace: ms from navigation to an editor the
 * learner can type into (the plain editor, typing saved and run) and to Monaco taking over.
 */
async function openEditor(context, origin, query = '') {
  const page = await context.newPage();
  await page.goto(`${origin}/exercises/${EXERCISE}/${query}`);
  await page.waitForSelector('strata-code-editor[data-state="ready"]');
  const [interactive, ready] = await page.evaluate(() =>
    ['strata:editor-interactive', 'strata:editor-ready'].map(
      (name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN,
    ),
  );
  return { page, interactive, ready };
}

/**
 * Clicks Run at once and waits for the visible tests' result: ms from the click event to the
 * result on the page, both taken in the page (Playwright's own click and polling left out).
 */
async function runVisibleTests(page) {
  await page.evaluate(() => {
    const results = document.querySelector('[data-results]');
    results.textContent = '';
    window.strataBenchRun = new Promise((resolve) => {
      let clicked = NaN;
      const onClick = (event) => {
        if (!event.target.closest?.('[data-action="run"]')) return;
        clicked = event.timeStamp; // when the click happened, not when its task ran
        document.removeEventListener('click', onClick, true);
      };
      document.addEventListener('click', onClick, true);
      new MutationObserver((_records, observer) => {
        if (!/Visible tests: \d+ of \d+ passed/.test(results.textContent)) return;
        observer.disconnect();
        resolve(performance.now() - clicked);
      }).observe(results, { childList: true, subtree: true, characterData: true });
    });
  });
  await page.getByRole('button', { name: 'Run tests' }).click();
  await page
    .locator('[data-results]')
    .getByText(/Visible tests: \d+ of \d+ passed/)
    .waitFor({ timeout: 120_000 });
  return page.evaluate(() => window.strataBenchRun);
}

async function measure(browser, origin) {
  const results = {
    interactive: [],
    ready: [],
    runCold: [],
    runWarm: [],
    interactiveSecond: [],
    readySecond: [],
    runSecond: [],
    runaway: [],
    fallback: [],
    diagnostics: [],
  };
  for (let run = 0; run < RUNS; run += 1) {
    const context = await browser.newContext();
    const { page, interactive, ready } = await openEditor(context, origin);
    results.interactive.push(interactive);
    results.ready.push(ready);
    results.runCold.push(await runVisibleTests(page));
    results.runWarm.push(await runVisibleTests(page));
    await page.close();

    // The second visit: a new page in the same context, as a learner coming back the next day.
    const second = await openEditor(context, origin);
    results.interactiveSecond.push(second.interactive);
    results.readySecond.push(second.ready);
    results.runSecond.push(await runVisibleTests(second.page));
    if (!options['start-only']) {
      // A runaway test, on the warm interpreter: Run → "Your code was stopped …" on the page.
      const { page: visit } = second;
      await visit.getByRole('tab', { name: 'reports/app.py' }).click();
      await visit.locator('.monaco-editor .view-lines').click();
      await visit.keyboard.press('Control+End');
      await visit.keyboard.type('\nwhile True: pass  # never ends');
      const looping = Date.now();
      await visit.getByRole('button', { name: 'Run tests' }).click();
      await visit
        .locator('[data-results]')
        .getByText(/Your code was stopped/)
        .waitFor({ timeout: 120_000 });
      results.runaway.push(Date.now() - looping);
    }
    await context.close();
    if (options['start-only']) continue;

    // WebContainer out of reach, "auto": Run → the status line says Pyodide took over.
    const offline = await browser.newContext();
    const unreachable = encodeURIComponent(`http://127.0.0.1:${await closedPort()}`);
    const { page: fallbackPage } = await openEditor(offline, origin, `?webcontainer-origin=${unreachable}`);
    await fallbackPage.getByLabel('Python runtime').selectOption('auto');
    const clicked = Date.now();
    await fallbackPage.getByRole('button', { name: 'Run tests' }).click();
    await fallbackPage.waitForSelector('[data-runtime-status][data-runtime="pyodide"]', { timeout: 120_000 });
    results.fallback.push(Date.now() - clicked);
    await offline.close();
  }
  if (options['start-only']) return { ...results, modules: 0, problems: 0 };

  // Diagnostics on a 50-module project: seed the saved work, reload, then edit.
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${origin}/exercises/${EXERCISE}/`);
  await page.waitForSelector('strata-code-editor[data-state="ready"]');
  await page.evaluate(
    ({ id, files }) =>
      new Promise((resolve, reject) => {
        const request = indexedDB.open('strata-workspace', 1);
        request.onsuccess = () => {
          const transaction = request.result.transaction('projects', 'readwrite');
          transaction.objectStore('projects').put({ id, files, savedAt: new Date().toISOString(), revision: 1000 });
          transaction.oncomplete = resolve;
          transaction.onerror = () => reject(transaction.error);
        };
      }),
    { id: EXERCISE, files: fiftyModules() },
  );
  await page.reload();
  await page.waitForSelector('strata-code-editor[data-state="ready"]');
  const modules = await page.locator('[data-file-tree] [data-kind="file"]').count();
  await page.getByRole('button', { name: 'reports/summary.py', exact: true }).click();
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+End');
  for (let edit = 0; edit < EDITS; edit += 1) {
    const before = await page.evaluate(() => performance.getEntriesByName('strata:diagnostics').length);
    await page.keyboard.type(edit % 2 ? '\n# edit' : '\n');
    await page.waitForFunction((count) => performance.getEntriesByName('strata:diagnostics').length > count, before);
    results.diagnostics.push(
      await page.evaluate(() => performance.getEntriesByName('strata:diagnostics').at(-1).duration),
    );
  }
  const problems = await page.locator('strata-code-editor').getAttribute('data-problems');
  await context.close();
  return { ...results, modules, problems };
}

async function lessonJs(browser, origin) {
  const page = await browser.newPage();
  let bytes = 0;
  page.on('response', async (response) => {
    if (!response.url().endsWith('.js')) return;
    bytes += gzipSync(await response.body().catch(() => Buffer.alloc(0))).length;
  });
  await page.goto(`${origin}/lessons/what-import-does/`, { waitUntil: 'networkidle' });
  await page.close();
  return bytes;
}

const load = () =>
  loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
const loadBefore = load();
const server = await serve({ siteDir: options.site, host: '127.0.0.1', port: 0, cohort: null });
const origin = server.url;
const browser = await chromium.launch(chromiumLaunchOptions());
try {
  const result = await measure(browser, origin);
  const lesson = options['start-only'] ? undefined : await lessonJs(browser, origin);
  console.log(`Strata workspace benchmark (${RUNS} cold runs, ${EDITS} edits; medians, ${options.site} on localhost)`);
  console.log(`load average (1, 5, 15 min): ${loadBefore} before, ${load()} after\n`);
  const rows = [
    ['exercise page → interactive editor (cold cache)', result.interactive, 1000],
    ['exercise page → Monaco has taken over (cold cache)', result.ready, undefined],
    ['first Run result on Pyodide (cold cache)', result.runCold, 4000],
    ['Run result, warm (second Run in the page)', result.runWarm, 150],
    ['second visit: exercise page → interactive editor', result.interactiveSecond, 1000],
    ['second visit: exercise page → Monaco has taken over', result.readySecond, undefined],
    ['second visit: first Run result (service-worker cache)', result.runSecond, 1500],
  ];
  if (!options['start-only']) {
    rows.push(
      ['runaway test stopped and reported (5 s per-test limit)', result.runaway, 15000],
      ['WebContainer unreachable → Pyodide takes over (8 s boot limit)', result.fallback, 15000],
      [
        `diagnostics after the debounce (${result.modules} modules, ${result.problems} problems)`,
        result.diagnostics,
        50,
      ],
    );
  }
  for (const [label, all, target] of rows) {
    console.log(
      `${label.padEnd(62)} ${ms(median(all)).padStart(8)}  (${target === undefined ? 'no target' : `target <= ${target} ms`}; runs: ${all.map(Math.round).join(', ')})`,
    );
  }
  if (lesson !== undefined) {
    console.log(
      `${'lesson page JavaScript, gzipped, everything it loads'.padEnd(62)} ${`${(lesson / 1024).toFixed(1)} KB`.padStart(8)}  (budget 30 KB)`,
    );
  }
} finally {
  await browser.close();
  await server.stop();
}
