import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { THEME_EVENT, THEME_STORAGE_KEY } from '../../../src/schemas/index.ts';

// The toggle and the no-flash inline script cannot import the constants without shipping zod (or at all),
// so they repeat them; this keeps every copy equal to src/schemas/theme.ts.
describe('theme constants', () => {
  it('are repeated verbatim in the theme toggle and the no-flash script', () => {
    const toggle = readFileSync('src/components/ThemeToggle.astro', 'utf8');
    const layout = readFileSync('src/layouts/BaseLayout.astro', 'utf8');
    expect(toggle).toContain(`const THEME_STORAGE_KEY = '${THEME_STORAGE_KEY}';`);
    expect(toggle).toContain(`const THEME_EVENT = '${THEME_EVENT}';`);
    expect(layout).toContain(`localStorage.getItem('${THEME_STORAGE_KEY}')`);
  });
});
