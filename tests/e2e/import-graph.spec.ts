import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './support/fixtures.ts';
import type { Page } from '@playwright/test';
import { fiftyModuleProject } from './support/fifty-module-project.ts';
import { COLD_START, workspaceReady } from './support/waits.ts';

const EXERCISE = '/exercises/01-import-side-effects/';

async function openGraph(page: Page) {
  const editor = await workspaceReady(page);
  const panel = page.locator('details.graph-panel');
  await panel.locator('summary', { hasText: 'Import graph' }).focus();
  await page.keyboard.press('Enter');
  // ELK's layout worker loads when the panel first opens: a cold start.
  await expect(panel).toHaveAttribute('data-graph-state', 'ready', { timeout: COLD_START });
  return { editor, panel, drawing: panel.getByRole('img', { name: 'Import graph of your project' }) };
}

/** Top and bottom of each band and box, as drawn. */
async function geometry(page: Page) {
  return page.locator('details.graph-panel svg.graph-svg').evaluate((svg) => {
    const box = (element: Element) => {
      const rect = element.getBoundingClientRect();
      return { top: rect.top, bottom: rect.bottom, left: rect.left, right: rect.right };
    };
    return {
      bands: [...svg.querySelectorAll('.graph-band')].map((band) => ({
        label: band.getAttribute('data-band')!,
        ...box(band.querySelector('rect')!),
      })),
      nodes: [...svg.querySelectorAll('.graph-node')].map((node) => ({
        name: node.getAttribute('data-module')!,
        band: node.getAttribute('data-band')!,
        ...box(node.querySelector('rect')!),
        text: box(node.querySelector('text')!),
      })),
    };
  });
}

test('the import graph draws the modules in their layers, marks the illegal import and follows the edits', async ({
  page,
  offsiteRequests,
}) => {
  const elk: string[] = [];
  page.on('request', (request) => {
    if (/elk/i.test(request.url())) elk.push(request.url());
  });
  await page.goto(EXERCISE);
  await workspaceReady(page);
  expect(elk, 'ELK is only fetched when the graph is opened').toEqual([]);

  const { panel, drawing } = await openGraph(page);
  expect(elk.some((url) => url.includes('elk-worker'))).toBe(true);
  await expect(drawing).toBeVisible();

  // Bands from the layers contract, top to bottom, then the root package in no layer.
  const { bands, nodes } = await geometry(page);
  expect(bands.map((band) => band.label)).toEqual(['reports.app', 'reports.summary', 'reports.db', 'in no layer']);
  for (let index = 1; index < bands.length; index += 1)
    expect(bands[index]!.top).toBeGreaterThan(bands[index - 1]!.top);
  const expected: Record<string, string> = {
    'reports.app': 'reports.app',
    'reports.summary': 'reports.summary',
    'reports.db': 'reports.db',
    reports: 'in no layer',
  };
  expect(Object.fromEntries(nodes.map((node) => [node.name, node.band]))).toEqual(expected);
  for (const node of nodes) {
    const band = bands.find((candidate) => candidate.label === node.band)!;
    expect(node.top).toBeGreaterThanOrEqual(band.top);
    expect(node.bottom).toBeLessThanOrEqual(band.bottom);
    // The name fits inside its box.
    expect(node.text.left).toBeGreaterThanOrEqual(node.left);
    expect(node.text.right).toBeLessThanOrEqual(node.right);
  }

  // The starter breaks "Summary logic does no I/O": summary → db is drawn dashed in the warning colour.
  const illegal = panel.locator('path[data-illegal="true"]');
  await expect(illegal).toHaveCount(1);
  await expect(illegal).toHaveAttribute('data-importer', 'reports.summary');
  await expect(illegal).toHaveAttribute('data-imported', 'reports.db');
  await expect(illegal).toHaveAttribute('data-lines', '1');
  const style = await illegal.evaluate((path) => {
    const computed = getComputedStyle(path);
    return { dash: computed.strokeDasharray, colour: computed.stroke };
  });
  expect(style.dash).not.toBe('none');
  const legal = panel.locator('path[data-importer="reports.app"][data-imported="reports.summary"]');
  await expect(legal).toHaveAttribute('data-illegal', 'false');
  expect(await legal.evaluate((path) => getComputedStyle(path).strokeDasharray)).toBe('none');
  expect(await legal.evaluate((path) => getComputedStyle(path).stroke)).not.toBe(style.colour);

  // The text alternative names it, with its line, and the count.
  await expect(panel.locator('[data-graph-summary]')).toHaveText(
    '4 modules in 4 bands, 2 imports; 1 import breaks a contract.',
  );
  await expect(panel.getByRole('button', { name: 'reports.summary → reports.db (line 1)' })).toBeVisible();

  await panel.locator('summary').blur();
  await panel.screenshot({ path: 'test-results/screenshots/import-graph.png' });

  // Clicking a module opens its file.
  await panel.locator('.graph-node[data-module="reports.summary"]').click();
  await expect(page.getByRole('tab', { name: 'reports/summary.py' })).toHaveAttribute('aria-selected', 'true');

  // Type the import away: the illegal arrow disappears and the graph says so.
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('Shift+End');
  await page.keyboard.type('import sqlite3  # no longer imports reports.db');
  await expect(panel.locator('path[data-illegal="true"]')).toHaveCount(0);
  await expect(panel.locator('path[data-importer="reports.summary"][data-imported="reports.db"]')).toHaveCount(0);
  await expect(panel.locator('[data-graph-summary]')).toHaveText(
    '4 modules in 4 bands, 1 import; no import breaks a contract.',
  );
  await expect(panel.locator('[data-graph-illegal]')).toBeHidden();
  expect(offsiteRequests).toEqual([]);
});

test('adding, renaming and deleting files redraws the graph', async ({ page }) => {
  await page.goto(EXERCISE);
  const { panel } = await openGraph(page);
  const tree = page.getByRole('navigation', { name: 'Project files' });
  const node = (name: string) => panel.locator(`.graph-node[data-module="${name}"]`);

  // A new module lands in no layer, with its import drawn as soon as it is typed.
  await tree.getByRole('button', { name: '+ File' }).click();
  const field = tree.getByRole('textbox', { name: /New file/ });
  await field.fill('reports/formatting.py');
  await field.press('Enter');
  await expect(node('reports.formatting')).toHaveAttribute('data-band', 'in no layer');
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.type('from reports import db\n');
  await expect(panel.locator('path[data-importer="reports.formatting"][data-imported="reports.db"]')).toHaveAttribute(
    'data-illegal',
    'false',
  );

  // Renaming a layer's module away: the layer is drawn empty, the module moves to no layer, and
  // the panel says the contracts could not be checked.
  await tree.getByRole('button', { name: 'Rename reports/db.py' }).click();
  const rename = tree.getByRole('textbox', { name: 'New path for reports/db.py' });
  await rename.fill('reports/storage.py');
  await rename.press('Enter');
  await expect(node('reports.storage')).toHaveAttribute('data-band', 'in no layer');
  await expect(node('reports.db')).toHaveCount(0);
  await expect(panel.locator('.graph-node-placeholder')).toHaveAttribute('data-band', 'reports.db');
  await expect(panel.locator('[data-graph-summary]')).toContainText('the contracts could not be checked');
  await expect(panel.locator('[data-graph-note]')).toContainText('reports.db');
  await page.locator('[data-notice]').getByRole('button', { name: 'Undo' }).click();
  await expect(node('reports.db')).toHaveAttribute('data-band', 'reports.db');
  await expect(panel.locator('path[data-illegal="true"]')).toHaveCount(1);

  // Deleting the new module takes its box and arrow away.
  await tree.getByRole('button', { name: 'reports/formatting.py', exact: true }).focus();
  await page.keyboard.press('Delete');
  await expect(node('reports.formatting')).toHaveCount(0);
  await expect(panel.locator('path[data-importer="reports.formatting"]')).toHaveCount(0);
  await expect(panel.locator('[data-graph-summary]')).toHaveText(
    '4 modules in 4 bands, 2 imports; 1 import breaks a contract.',
  );
});

test('the open graph panel passes axe in light and dark', async ({ page }) => {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(EXERCISE);
    const { panel } = await openGraph(page);
    await expect(panel.locator('path[data-illegal="true"]')).toHaveCount(1);
    const results = await new AxeBuilder({ page }).include('details.graph-panel').analyze();
    const serious = results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
    expect(serious, scheme).toEqual([]);
    await panel.locator('summary').blur();
    if (scheme === 'dark') await panel.screenshot({ path: 'test-results/screenshots/import-graph-dark.png' });
  }
});

test('a 50-module project is drawn without overlaps, band by band, and fits the panel on request', async ({ page }) => {
  const { files, config, upward } = fiftyModuleProject();
  // Serve the exercise page with the generated project as its starter and contracts.
  await page.route(`**${EXERCISE}`, async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace(
      /(<script type="application\/json">)([\s\S]*?)(<\/script>)/,
      (_, open: string, json: string, close: string) => {
        const payload = JSON.parse(json) as Record<string, unknown>;
        const next = { ...payload, files, active: 'shop/main.py', contracts: { path: '.importlinter', text: config } };
        return `${open}${JSON.stringify(next).replace(/</g, '\\u003c')}${close}`;
      },
    );
    await route.fulfill({ response, body: html });
  });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(EXERCISE);
  const { panel } = await openGraph(page);
  await expect(panel.locator('[data-graph-summary]')).toContainText('50 modules in 7 bands');
  // Each upward import is marked; so is any import in the chain of a broken contract, and the
  // text alternative lists exactly the marked arrows.
  for (const [importer, imported] of upward) {
    await expect(panel.locator(`path[data-importer="${importer}"][data-imported="${imported}"]`)).toHaveAttribute(
      'data-illegal',
      'true',
    );
  }
  const marked = await panel
    .locator('path[data-illegal="true"]')
    .evaluateAll((paths) => paths.map((path) => `${path.dataset.importer} → ${path.dataset.imported}`).sort());
  const listed = await panel
    .locator('[data-graph-illegal] button')
    .evaluateAll((buttons) =>
      [...new Set(buttons.map((button) => button.textContent.replace(/ \(line.*/, '')))].sort(),
    );
  expect(listed).toEqual(marked);

  const { bands, nodes } = await geometry(page);
  expect(nodes.filter((node) => node.name !== '')).toHaveLength(50);
  for (let index = 1; index < bands.length; index += 1)
    expect(bands[index]!.top).toBeGreaterThan(bands[index - 1]!.top);
  for (const [index, a] of nodes.entries()) {
    expect(a.text.left, a.name).toBeGreaterThanOrEqual(a.left);
    expect(a.text.right, a.name).toBeLessThanOrEqual(a.right);
    for (const b of nodes.slice(index + 1)) {
      const apart = a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
      expect(apart, `${a.name} and ${b.name} overlap`).toBe(true);
    }
  }
  await panel.screenshot({ path: 'test-results/screenshots/import-graph-50.png' });

  // Fit: the whole drawing inside the panel's scroll area.
  await panel.getByRole('button', { name: 'Zoom to fit' }).click();
  const fits = await panel.locator('[data-graph-canvas]').evaluate((canvas) => {
    const svg = canvas.querySelector('svg')!.getBoundingClientRect();
    return svg.width <= canvas.clientWidth + 1 && svg.height <= canvas.clientHeight + 1;
  });
  expect(fits).toBe(true);
  await panel.screenshot({ path: 'test-results/screenshots/import-graph-50-fit.png' });

  // A new import is drawn while the learner keeps typing (ELK runs in its own worker). Fifty open
  // tabs wrap over the editor here, so focus it directly instead of clicking.
  await page.locator('.monaco-editor .native-edit-context, .monaco-editor textarea').first().focus();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\nimport shop.util_strings\n');
  await expect(panel.locator('path[data-importer="shop.main"][data-imported="shop.util_strings"]')).toHaveCount(1);
  const drawn = await page.evaluate(() =>
    performance.getEntriesByName('strata:import-graph').map((entry) => Math.round(entry.duration)),
  );
  test.info().annotations.push({ type: 'import graph drawn (ms: first, then redraws)', description: drawn.join(', ') });
});

test('the capstone’s graph shows its external band in view, and the problems list and the graph count the same imports', async ({
  page,
}) => {
  await page.goto('/exercises/12-order-hexagon-capstone/');
  const { editor, panel } = await openGraph(page);
  // include_external_packages: the standard library modules the core must not use get a band.
  const band = panel.locator('.graph-band[data-band="external packages"]');
  await expect(band).toHaveCount(1);
  for (const name of ['json', 'logging']) {
    await expect(panel.locator(`.graph-node[data-module="${name}"]`)).toHaveAttribute('data-band', 'external packages');
  }
  // Drawn inside the panel as it opens, not below its fold.
  const inView = await panel.locator('[data-graph-canvas]').evaluate((canvas) => {
    const frame = canvas.getBoundingClientRect();
    const rect = canvas.querySelector('.graph-band[data-band="external packages"] rect')!.getBoundingClientRect();
    return rect.top >= frame.top && rect.bottom <= frame.bottom + 1;
  });
  expect(inView).toBe(true);
  // The dashed arrow from the core into the band: application → logging breaks "The core knows no infrastructure".
  await expect(panel.locator('path[data-importer="orders.application"][data-imported="logging"]')).toHaveAttribute(
    'data-illegal',
    'true',
  );

  // One count: application.py line 4 breaks two contracts but is one import, in both places.
  const problems = page.getByRole('region', { name: 'Problems' });
  await expect(problems.getByRole('status')).toHaveText('7 imports break a contract:');
  await expect(problems.getByRole('listitem')).toHaveCount(7);
  await expect(editor).toHaveAttribute('data-problems', '7');
  await expect(panel).toHaveAttribute('data-graph-illegal', '7');
  await expect(panel.locator('[data-graph-summary]')).toContainText('; 7 imports break a contract.');
  await expect(
    problems.getByRole('button', {
      name:
        'orders/application.py:4 — Bootstrap above adapters above use cases and handlers (apart) above the bus above the domain: ' +
        'orders.application -> orders.adapters; Adapters do not know each other: orders.adapters.http -> ' +
        'orders.adapters.memory (via orders.application)',
    }),
  ).toBeVisible();
});
