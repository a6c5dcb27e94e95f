// Python highlighting in Monaco through Shiki, with the lessons' own code themes, so a snippet
// looks the same in a lesson and in the editor. The JavaScript regex engine avoids fetching
// Oniguruma's WebAssembly (nothing remote, nothing extra to self-host).
import { shikiToMonaco } from '@shikijs/monaco';
import { createHighlighterCore } from 'shiki/core';
import { createJavaScriptRegexEngine } from 'shiki/engine/javascript';
import type * as Monaco from 'monaco-editor/editor/editor.api';
import { CODE_THEMES, THEME_EVENT } from '../../../site/index.ts';
import type { ColorScheme } from '../../../site/index.ts';
import { ensureContrast } from './theme-contrast.ts';
import type { TextmateTheme } from './theme-contrast.ts';

/** The scheme in force: the reader's explicit choice on <html data-theme>, else the system's. */
export function currentScheme(): ColorScheme {
  const forced = document.documentElement.dataset.theme;
  if (forced === 'dark' || forced === 'light') return forced;
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** A few lines per language using its common constructs, tokenized once to compile their rules. */
const WARM_UP: Record<string, string> = {
  python: [
    'from __future__ import annotations',
    'import os.path as p  # comment',
    '',
    '@decorator(1, key="v")',
    'class Name(Base, metaclass=Meta):',
    '    """Docstring."""',
    '',
    '    async def method(self, value: int = 0, *args, **kwargs) -> list[str] | None:',
    "        text = f'{value!r:>10} {self.x}' + r'\\d+' + b'bytes' + 'plain' + \"double\"",
    '        if value is not None and value >= 1.5e3 or not [x for x in args]:',
    '            return await other(lambda item: item, *args)',
    '        with open(p) as handle:',
    '            raise ValueError from None',
    '',
  ].join('\n'),
  ini: '[importlinter]\nroot_package = shop\n; comment\n[importlinter:contract:layers]\nlayers =\n    shop.api\n',
  toml: '[tool.importlinter]\nroot_package = "shop"\n# comment\n[[tool.importlinter.contracts]]\nlayers = ["a", "b"]\n',
};

/**
 * Registers Shiki's grammars and themes with Monaco and keeps the editor's theme in step with the
 * site's toggle and the system setting. Returns a function that stops following them.
 */
export async function installHighlighting(monaco: typeof Monaco): Promise<() => void> {
  const themes = await Promise.all([import('shiki/themes/github-light.mjs'), import('shiki/themes/github-dark.mjs')]);
  const highlighter = await createHighlighterCore({
    // Same contrast floor as Expressive Code applies to these themes in the lessons.
    themes: themes.map((module) => ensureContrast(module.default as TextmateTheme) as typeof module.default),
    langs: [import('shiki/langs/python.mjs'), import('shiki/langs/ini.mjs'), import('shiki/langs/toml.mjs')],
    engine: createJavaScriptRegexEngine(),
  });
  for (const id of ['python', 'ini', 'toml']) {
    if (!monaco.languages.getLanguages().some((language) => language.id === id)) monaco.languages.register({ id });
  }
  // Monaco's tokenizer gives each line 500 ms of wall time (shikiToMonaco's tokenizeTimeLimit) and
  // leaves a line that runs out uncoloured for good. The grammar's rules are compiled on first use,
  // inside that budget: on a busy machine the first lines of the first file ran out ("Time limit
  // reached when tokenizing line: import sqlite3") and stayed plain. Compiling the common rules
  // here, with no limit, leaves the budget to the lines themselves.
  for (const [lang, sample] of Object.entries(WARM_UP)) {
    highlighter.codeToTokensBase(sample, { lang, theme: CODE_THEMES.light, tokenizeTimeLimit: 0 });
  }
  shikiToMonaco(highlighter, monaco);
  const apply = () => monaco.editor.setTheme(CODE_THEMES[currentScheme()]);
  apply();
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  media.addEventListener('change', apply);
  window.addEventListener(THEME_EVENT, apply);
  return () => {
    media.removeEventListener('change', apply);
    window.removeEventListener(THEME_EVENT, apply);
  };
}
