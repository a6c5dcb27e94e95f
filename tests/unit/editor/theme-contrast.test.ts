import { describe, expect, it } from 'vitest';
import githubDark from 'shiki/themes/github-dark.mjs';
import githubLight from 'shiki/themes/github-light.mjs';
import { contrast, ensureContrast, flatten, withContrast } from '../../../src/islands/editor/monaco/theme-contrast.ts';
import type { TextmateTheme } from '../../../src/islands/editor/monaco/theme-contrast.ts';

describe('editor theme contrast', () => {
  it('computes WCAG contrast ratios', () => {
    expect(contrast('#000', '#fff')).toBeCloseTo(21, 5);
    expect(contrast('#fff', '#fff')).toBeCloseTo(1, 5);
    expect(contrast('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });

  it('flattens a colour with alpha onto its background', () => {
    expect(flatten('#00000080', '#ffffff')).toBe('#7f7f7f');
    expect(flatten('#123456', '#ffffff')).toBe('#123456');
  });

  it('darkens on light backgrounds and lightens on dark ones, only as far as needed', () => {
    const onLight = withContrast('#d73a49', '#f6f8fa', 5.5);
    expect(contrast(onLight, '#f6f8fa')).toBeGreaterThanOrEqual(5.5);
    expect(contrast(onLight, '#000000')).toBeLessThan(contrast('#d73a49', '#000000'));
    const onDark = withContrast('#6a737d', '#24292e', 5.5);
    expect(contrast(onDark, '#24292e')).toBeGreaterThanOrEqual(5.5);
    expect(withContrast('#24292e', '#ffffff', 5.5)).toBe('#24292e');
  });

  for (const theme of [githubLight, githubDark] as TextmateTheme[]) {
    it(`brings every token of ${theme.name} to 5.5:1 on the background and the current line`, () => {
      const fixed = ensureContrast(theme);
      const backgrounds = [fixed.colors!['editor.background']!, fixed.colors!['editor.lineHighlightBackground']!];
      const foregrounds = fixed.tokenColors!.flatMap((token) => token.settings.foreground ?? []);
      expect(foregrounds.length).toBeGreaterThan(10);
      for (const foreground of foregrounds) {
        for (const background of backgrounds) expect(contrast(foreground, background)).toBeGreaterThanOrEqual(5.5);
      }
      for (const key of ['editorLineNumber.foreground', 'editorLineNumber.activeForeground']) {
        const color = fixed.colors![key];
        if (color) expect(contrast(color, backgrounds[0]!), key).toBeGreaterThanOrEqual(4.5);
      }
      // The theme itself is left alone: Shiki shares it with the lessons.
      expect(theme.tokenColors).not.toBe(fixed.tokenColors);
    });
  }
});
