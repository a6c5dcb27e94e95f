import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test, expect } from './support/fixtures.ts';
import { COLD_START, RUNTIME_TEST_TIMEOUT, workspaceReady } from './support/waits.ts';

const ID = '12-order-hexagon-capstone';
const root = join(process.cwd(), 'exercises', ID);
// The reference solution without optimistic concurrency: a store that ignores versions, a service that never retries.
const noVersionCheck = join(process.cwd(), 'tests/unit/exercises/cheats', ID, 'no-version-check');

function filesIn(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(dir, path).split('\\').join('/')] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return out;
}

test('the capstone is solved in the browser: held to 40% without the version check, then 100% as the course’s last step', async ({
  page,
  context,
  offsiteRequests,
}) => {
  test.setTimeout(2 * RUNTIME_TEST_TIMEOUT);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const starter = filesIn(join(root, 'starter'));
  const solution = filesIn(join(root, 'solution'));
  const added = Object.keys(solution).filter((path) => starter[path] === undefined);
  expect(added.length).toBeGreaterThan(0); // the refactoring needs new modules, made in the file tree

  await page.goto(`/exercises/${ID}/`);
  const editor = await workspaceReady(page);
  const tree = page.getByRole('navigation', { name: 'Project files' });
  // The tangled starter breaks the contracts (workspaceReady waited for the checker's first answer).
  await expect(editor).not.toHaveAttribute('data-problems', '0');

  for (const path of added) {
    await tree.getByRole('button', { name: '+ File' }).click();
    const field = tree.getByRole('textbox', { name: /New file/ });
    await field.fill(path);
    await field.press('Enter');
    await expect(tree.getByRole('button', { name: path, exact: true })).toHaveAttribute('aria-current', 'true');
  }

  const write = async (files: Record<string, string>) => {
    for (const [path, text] of Object.entries(files)) {
      await tree.getByRole('button', { name: path, exact: true }).click();
      const textarea = page.getByRole('textbox', { name: `Editor: ${path}`, exact: true });
      await expect(textarea).toBeAttached();
      await page.evaluate((value) => navigator.clipboard.writeText(value), text);
      await textarea.focus();
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Control+V');
    }
  };
  const panel = page.getByRole('region', { name: 'Run and check' });

  // First the hexagon, the aggregate and the bus, but no version check: the contracts cannot see
  // that, the race tests can, and the essentials hold the grade below a pass.
  const cheat = filesIn(noVersionCheck);
  delete cheat['cheat.json'];
  await write({ ...solution, ...cheat });
  await expect(page.getByRole('region', { name: 'Problems' }).getByRole('status')).toHaveText(
    'All import contracts are kept.',
  );
  await panel.getByRole('button', { name: 'Check' }).click();
  await expect(panel.locator('[data-results] .score')).toHaveText(/^Score: 40% \(contracts kept 4\/4, /, {
    timeout: 2 * COLD_START,
  });
  await expect(panel.locator('[data-results] .score-cap')).toContainText('Held to 40%');
  await expect(panel.getByRole('heading', { name: /You passed/ })).toHaveCount(0);

  await write(Object.fromEntries(Object.keys(cheat).map((path) => [path, solution[path]!])));
  // What the editor holds is exactly the reference solution (pasting did not re-indent anything).
  const saved = () =>
    page.evaluate(
      (id) =>
        new Promise<Record<string, string>>((resolve, reject) => {
          const request = indexedDB.open('strata-workspace', 1);
          request.onsuccess = () => {
            const read = request.result.transaction('projects').objectStore('projects').get(id);
            read.onsuccess = () => resolve((read.result as { files: Record<string, string> }).files);
            read.onerror = () => reject(read.error ?? new Error('could not read the saved project'));
          };
        }),
      ID,
    );
  await expect.poll(saved).toEqual(solution);

  // Live feedback agrees before grading: every contract is kept.
  await expect(page.getByRole('region', { name: 'Problems' }).getByRole('status')).toHaveText(
    'All import contracts are kept.',
  );
  await panel.getByRole('button', { name: 'Check' }).click();
  await expect(panel.locator('[data-results] .score')).toHaveText(/^Score: 100% \(contracts kept 4\/4, /, {
    timeout: 2 * COLD_START,
  });
  // The last exercise of the course, practising its last lesson: nothing comes after it.
  const finish = panel.locator('[data-finish]');
  await expect(finish.getByRole('heading', { name: 'You passed' })).toBeVisible();
  await expect(finish.getByRole('link', { name: /^Next (exercise|lesson): / })).toHaveCount(0);
  await expect(finish).toContainText('That was the last exercise of the course.');
  await page.screenshot({ path: 'test-results/screenshots/capstone-solved.png', fullPage: true });

  // A full score counts as completing the exercise in the course progress.
  const progress = await page.evaluate(() => localStorage.getItem('strata:progress') ?? '');
  expect(progress).toContain(ID);
  expect(offsiteRequests).toEqual([]);
});
