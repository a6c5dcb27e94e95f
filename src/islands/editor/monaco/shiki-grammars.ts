// Shiki's grammars for Monaco: its TextMate tokenizer and JavaScript regex engine (which avoids
// fetching Oniguruma's WebAssembly: nothing remote, nothing extra to self-host), in a chunk of
// their own that monaco-highlight.ts loads once the editor is up. Replaces the plain tokens
// providers, so Monaco colours every open file.
import { shikiToMonaco } from '@shikijs/monaco';
import { createHighlighterCore } from 'shiki/core';
import { createJavaScriptRegexEngine } from 'shiki/engine/javascript';
import type * as Monaco from 'monaco-editor/editor/editor.api';
import { CODE_THEMES } from '../../../site/index.ts';
import type { TextmateTheme } from './theme-contrast.ts';

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

/** Registers the Python, INI and TOML grammars with Monaco, coloured with `themes`. */
export async function installGrammars(monaco: typeof Monaco, themes: TextmateTheme[]): Promise<void> {
  const highlighter = await createHighlighterCore({
    themes: themes as Parameters<typeof createHighlighterCore>[0]['themes'],
    langs: [import('shiki/langs/python.mjs'), import('shiki/langs/ini.mjs'), import('shiki/langs/toml.mjs')],
    engine: createJavaScriptRegexEngine(),
  });
  // Monaco's tokenizer gives each line 500 ms of wall time (shikiToMonaco's tokenizeTimeLimit) and
  // leaves a line that runs out uncoloured for good. The grammar's rules are compiled on first use,
  // inside that budget: on a busy machine the first lines of the first file ran out ("Time limit
  // reached when tokenizing line: import sqlite3") and stayed plain. Compiling the common rules
  // here, with no limit, leaves the budget to the lines themselves.
  for (const [lang, sample] of Object.entries(WARM_UP)) {
    highlighter.codeToTokensBase(sample, { lang, theme: CODE_THEMES.light, tokenizeTimeLimit: 0 });
  }
  shikiToMonaco(highlighter, monaco);
}
