import { test, expect } from './support/fixtures.ts';
import type { Page } from '@playwright/test';
import { openExercise, workspaceReady } from './support/waits.ts';

const EXERCISE = '/exercises/01-import-side-effects/';

async function openApp(page: Page) {
  await openExercise(page, EXERCISE);
  await page.getByRole('tab', { name: /reports\/app\.py/ }).click();
}

async function typeAtEnd(page: Page, text: string) {
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}

test('two tabs on one exercise stay in step, and a real conflict asks instead of overwriting', async ({ context }) => {
  const first = await context.newPage();
  const second = await context.newPage();
  await openApp(first);
  await openApp(second);
  const lines = (page: Page) => page.locator('.monaco-editor .view-lines');

  // A save in one tab reaches the other when that one has nothing unsaved.
  await typeAtEnd(first, '\n# from the first tab');
  await expect(second.locator('[data-save-status]')).toContainText('Updated with the changes you saved in another tab');
  await expect(lines(second)).toContainText('# from the first tab');

  // Another tab saved without this one hearing of it (its message lost, or an older build):
  // the next save here would overwrite that work, so the tab asks instead.
  await second.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('strata-workspace', 1);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('could not open the database'));
    });
    const store = db.transaction('projects', 'readwrite').objectStore('projects');
    type Saved = { revision: number; files: Record<string, string> };
    const current = await new Promise<Saved>((resolve) => {
      const read = store.get(id);
      read.onsuccess = () => resolve(read.result as Saved);
    });
    const files = { ...current.files, 'reports/app.py': `${current.files['reports/app.py']}\n# saved elsewhere` };
    await new Promise((resolve) => {
      const write = store.put({
        ...current,
        files,
        revision: current.revision + 1,
        tab: 'elsewhere',
        savedAt: new Date().toISOString(),
      });
      write.onsuccess = resolve;
    });
  }, '01-import-side-effects');
  const loser = second;
  const winner = first;
  const mine = '# this tab';
  const theirs = '# saved elsewhere';
  await typeAtEnd(second, `\n${mine}`);
  await expect(loser.locator('[data-choice]')).toBeVisible();
  await expect(loser.locator('[data-save-status]')).toContainText('changed in another tab');
  await loser.getByRole('button', { name: 'Use the other tab’s version' }).click();
  await expect(lines(loser)).toContainText(theirs);
  await expect(lines(loser)).not.toContainText(mine);

  // The version that lost is kept aside and can be brought back.
  await winner.close();
  await loser.reload();
  await workspaceReady(loser);
  const aside = loser.locator('[data-choice]');
  await expect(aside).toContainText('kept aside');
  await aside.getByRole('button', { name: 'Open that version' }).click();
  await loser.getByRole('tab', { name: /reports\/app\.py/ }).click();
  await expect(lines(loser)).toContainText(mine);
});

test('the editor uses the lessons’ code themes and follows the theme toggle', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await openExercise(page, EXERCISE);
  const background = () =>
    page.locator('.monaco-editor-background').evaluate((element) => getComputedStyle(element).backgroundColor);
  // github-light's editor background is #fff, github-dark's #24292e (the lessons' Expressive Code themes).
  await expect.poll(background).toBe('rgb(255, 255, 255)');
  const keyword = page.locator('.monaco-editor .view-lines span', { hasText: /^import$/ }).first();
  const lightKeyword = await keyword.evaluate((element) => getComputedStyle(element).color);
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect.poll(background).toBe('rgb(36, 41, 46)');
  await expect.poll(() => keyword.evaluate((element) => getComputedStyle(element).color)).not.toBe(lightKeyword);
  await page.screenshot({ path: 'test-results/screenshots/workspace-dark.png' });
});
