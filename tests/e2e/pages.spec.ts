import { mkdirSync } from 'node:fs';
import { test, expect } from './support/fixtures.ts';
import { openExercise } from './support/waits.ts';

mkdirSync('test-results/screenshots', { recursive: true });

test('home lists the modules and links to a lesson', async ({ page, offsiteRequests }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Python architecture');
  await expect(page.getByRole('heading', { name: /Module 1:/ })).toBeVisible();
  await expect(page.getByRole('link', { name: 'What import really does', exact: true })).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/home.png', fullPage: true });
  expect(offsiteRequests).toEqual([]);
});

test('a lesson renders MDX with highlighted Python and ships no editor code', async ({ page, offsiteRequests }) => {
  const scripts: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(request.url());
  });
  await page.goto('/lessons/what-import-does/');
  await expect(page.getByRole('heading', { level: 1, name: 'What import really does' })).toBeVisible();
  const code = page.locator('.expressive-code pre[data-language="python"]').first();
  await expect(code).toBeVisible();
  // Shiki (through Expressive Code) colours tokens with one CSS variable per theme, one span per token.
  expect(await code.locator('span[style*="--0:"][style*="--1:"]').count()).toBeGreaterThan(5);
  await page.screenshot({ path: 'test-results/screenshots/lesson.png', fullPage: true });
  expect(scripts.filter((url) => /monaco|webcontainer|editor\.worker/i.test(url))).toEqual([]);
  expect(offsiteRequests).toEqual([]);
});

test('an exercise page loads an interactive Monaco editor with the starter file', async ({ page, offsiteRequests }) => {
  await openExercise(page, '/exercises/01-import-side-effects/');
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('sqlite3.connect');
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n# typed by the e2e test');
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('# typed by the e2e test');
  await page.screenshot({ path: 'test-results/screenshots/exercise.png', fullPage: true });
  expect(offsiteRequests).toEqual([]);
});
