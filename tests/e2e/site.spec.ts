import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './support/fixtures.ts';

/** Presses Tab until `target` has focus (at most `limit` times), as a keyboard-only reader would. */
async function tabTo(page: Page, target: Locator, limit = 80): Promise<void> {
  const handle = await target.elementHandle();
  for (let presses = 0; presses < limit; presses += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((element) => element === document.activeElement, handle)) return;
  }
  throw new Error(`could not reach ${target.toString()} with Tab`);
}

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

test('keyboard only: home → module → lesson → next lesson', async ({ page, offsiteRequests }) => {
  await page.goto('/');
  await tabTo(page, page.getByRole('link', { name: /^Module 1:/ }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/modules\/1\/$/);
  await tabTo(page, page.getByRole('main').getByRole('link', { name: /^1\. What import really does/ }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('What import really does');
  const next = page.getByRole('link', { name: /^Next →/ });
  const nextTitle = (await next.locator('.title').textContent())?.trim() ?? '';
  await tabTo(page, next, 200);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(nextTitle);
  await expect(page.locator('.course-sidebar [aria-current="page"]')).toHaveText(nextTitle);
  expect(offsiteRequests).toEqual([]);
});

test('search finds a term from lesson 6, offline', async ({ page, offsiteRequests }) => {
  await page.goto('/lessons/what-import-does/');
  await page.getByRole('searchbox', { name: 'Search the course' }).fill('Protocol');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/search\/\?q=Protocol$/);
  const results = page.locator('.pagefind-ui__result-link');
  await expect(results.filter({ hasText: 'Breaking circular imports' }).first()).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/search.png', fullPage: true });
  expect(offsiteRequests).toEqual([]);
});

test('a quiz answered correctly is remembered after reload', async ({ page }) => {
  await page.goto('/lessons/what-import-does/');
  const quiz = page.locator('strata-quiz').first();
  const answer = (await quiz.getAttribute('data-answer'))!.split(',').map(Number);
  for (const index of answer) await quiz.locator(`.option[data-index="${index}"] input`).check();
  await quiz.getByRole('button', { name: 'Check answer' }).click();
  await expect(quiz).toHaveAttribute('data-state', 'passed');
  await page.reload();
  await expect(page.locator('strata-quiz').first()).toHaveAttribute('data-state', 'passed');
  for (const index of answer) {
    await expect(page.locator('strata-quiz').first().locator(`.option[data-index="${index}"] input`)).toBeChecked();
  }
  const quizzes = await page.locator('strata-quiz').count();
  await page.goto('/modules/1/');
  const card = page.locator('[data-lesson-read="what-import-does"]');
  await expect(card.locator('[data-progress-quizzes]')).toHaveText(`1 of ${quizzes} quizzes passed`);
});

test('progress export → reset → import restores it', async ({ page }, testInfo) => {
  await page.goto('/lessons/what-import-does/');
  await page.locator('.read-marker').scrollIntoViewIfNeeded();
  await expect
    .poll(() => page.evaluate(() => localStorage.getItem('strata:progress') ?? ''))
    .toContain('what-import-does');
  await page.goto('/');
  const moduleOne = page.locator('[data-module="module-1"] .module-progress');
  await expect(moduleOne).toContainText(/^1 of \d+ lessons read/);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export progress' }).click();
  const file = testInfo.outputPath('progress.json');
  await (await download).saveAs(file);
  expect((JSON.parse(readFileSync(file, 'utf8')) as { lessons: unknown }).lessons).toHaveProperty('what-import-does');
  page.once('dialog', (dialog) => dialog.accept());
  await page.getByRole('button', { name: 'Reset progress' }).click();
  await expect(moduleOne).toContainText(/^0 of/);
  await page.getByLabel('Import progress').setInputFiles(file);
  await expect(page.getByRole('status').filter({ hasText: 'Progress imported' })).toBeVisible();
  await expect(moduleOne).toContainText(/^1 of/);
  await page.reload();
  await expect(page.locator('[data-module="module-1"] .module-progress')).toContainText(/^1 of/);
});

test('corrupted or old-format stored progress never breaks the page', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto('/');
  await page.evaluate(() => localStorage.setItem('strata:progress', '{"lessons": oops'));
  await page.reload();
  const moduleOne = page.locator('[data-module="module-1"] .module-progress');
  await expect(moduleOne).toContainText(/^0 of \d+ lessons read/);
  expect(await page.evaluate(() => localStorage.getItem('strata:progress:corrupt'))).toBe('{"lessons": oops');
  // The format before versioning: a plain list of lessons read.
  await page.evaluate(() => localStorage.setItem('strata:progress', '{"read": ["what-import-does", 7]}'));
  await page.reload();
  await expect(moduleOne).toContainText(/^1 of \d+ lessons read/);
  await page.goto('/lessons/what-import-does/');
  await expect(page.locator('.course-sidebar a[data-lesson="what-import-does"]')).toHaveAttribute('data-read', 'true');
  expect(errors).toEqual([]);
});

test('dark mode toggles and persists', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/lessons/what-import-does/');
  const toggle = page.getByRole('button', { name: 'Dark theme' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  const announced = page.evaluate(
    () =>
      new Promise<unknown>((resolve) =>
        addEventListener('strata:theme-changed', (event) => resolve((event as CustomEvent).detail), { once: true }),
      ),
  );
  await toggle.click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  expect(await announced).toBe('dark');
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).not.toBe(
    'rgb(255, 255, 255)',
  );
  expect(background).toBeDefined();
  await page.screenshot({ path: 'test-results/screenshots/home-dark.png' });
});

for (const [name, path] of [
  ['home', '/'],
  ['module', '/modules/1/'],
  ['lesson', '/lessons/what-import-does/'],
] as const) {
  test(`axe finds no serious or critical violation on the ${name} page, light and dark`, async ({ page }) => {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(path);
      expect(await seriousViolations(page)).toEqual([]);
    }
    await page.screenshot({ path: `test-results/screenshots/${name}-page.png`, fullPage: true });
  });
}

test('pages fit a 360 px wide screen without sideways scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  for (const path of ['/', '/modules/1/', '/lessons/what-import-does/', '/search/']) {
    await page.goto(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, path).toBeLessThanOrEqual(0);
  }
  await page.goto('/lessons/what-import-does/');
  // The side table of contents folds into the top of the lesson.
  await page.locator('summary', { hasText: 'On this page' }).click();
  const contents = page.getByRole('navigation', { name: 'On this page' });
  await expect(contents.getByRole('link', { name: 'Common mistakes' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: 'test-results/screenshots/lesson-360.png', fullPage: true });
});

test('pages without a workspace carry none of its styles; the exercise page has them', async ({ page }) => {
  // The page as the browser gets it, CSS inlined: Monaco's ~106 kB of CSS reached every page
  // through the islands' barrel until the editor got a surface of its own.
  const styles = async (path: string) => {
    const response = await page.request.get(path);
    expect(response.status(), path).toBeLessThan(500);
    return [...(await response.text()).matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((match) => match[1]).join('');
  };
  expect(await styles('/exercises/01-import-side-effects/')).toContain('.monaco-editor');
  for (const path of ['/', '/modules/1/', '/lessons/what-import-does/', '/exercises/', '/search/', '/no-such-page/']) {
    const css = await styles(path);
    expect(css, path).not.toContain('.monaco-editor');
    expect(css, path).not.toContain('.xterm');
  }
  // Seen in the browser too: no style sheet of a lesson page styles the editor.
  await page.goto('/lessons/what-import-does/');
  const editorRules = await page.evaluate(
    () =>
      [...document.styleSheets]
        .flatMap((sheet) => [...sheet.cssRules])
        .filter((rule) => rule.cssText.includes('monaco')).length,
  );
  expect(editorRules).toBe(0);
});
