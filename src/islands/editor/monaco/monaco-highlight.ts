// Python highlighting in Monaco through Shiki, with the lessons' own code themes, so a snippet
// looks the same in a lesson and in the editor. The themes come first; Shiki's grammars, its
// tokenizer and regex engine (shiki-grammars.ts) in a chunk of their own once the editor is up.
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

/** Runs `task` when the browser is next idle (the editor is up and the page has settled). */
function whenIdle(task: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(task, { timeout: 1000 });
  else setTimeout(task, 50);
}

/** A tokens provider that leaves every line plain, until Shiki's replaces it. */
const PLAIN_STATE: Monaco.languages.IState = { clone: () => PLAIN_STATE, equals: (other) => other === PLAIN_STATE };
const PLAIN: Monaco.languages.TokensProvider = {
  getInitialState: () => PLAIN_STATE,
  tokenize: () => ({ tokens: [{ startIndex: 0, scopes: '' }], endState: PLAIN_STATE }),
};

/**
 * Registers Shiki's themes and grammars with Monaco and keeps the editor's theme in step with the
 * site's toggle and the system setting. Returns a function that stops following them.
 *
 * In two steps, so that highlighting does not stand between the learner and a working editor:
 * the themes now (the editor opens in the lessons' colours, its code plain, as the page showed it
 * before Monaco came), then, once the browser is idle, the grammars, whose rules the JavaScript
 * regex engine translates at a cost (about half of the editor's start-up CPU on a busy machine).
 */
export async function installHighlighting(monaco: typeof Monaco): Promise<() => void> {
  const [light, dark, { textmateThemeToMonacoTheme }] = await Promise.all([
    import('shiki/themes/github-light.mjs'),
    import('shiki/themes/github-dark.mjs'),
    import('@shikijs/monaco'),
  ]);
  // Same contrast floor as Expressive Code applies to these themes in the lessons.
  const themes = [light, dark].map((module) => ensureContrast(module.default as TextmateTheme));
  for (const theme of themes) {
    // @shikijs/monaco types its themes against monaco-editor-core, which is not installed.
    const converted = textmateThemeToMonacoTheme(theme as Parameters<typeof textmateThemeToMonacoTheme>[0]);
    monaco.editor.defineTheme(theme.name ?? '', converted as Monaco.editor.IStandaloneThemeData);
  }
  for (const id of ['python', 'ini', 'toml']) {
    if (!monaco.languages.getLanguages().some((language) => language.id === id)) monaco.languages.register({ id });
    // Before Monaco's own (Monarch) grammar loads: the code stays plain, never in Monaco's colours.
    monaco.languages.setTokensProvider(id, PLAIN);
  }
  let stopped = false;
  const apply = () => monaco.editor.setTheme(CODE_THEMES[currentScheme()]);
  apply();
  whenIdle(() => {
    import('./shiki-grammars.ts')
      .then(({ installGrammars }) => (stopped ? undefined : installGrammars(monaco, themes)))
      .then(() => !stopped && apply())
      .catch((error: unknown) => {
        console.warn('Strata: Shiki highlighting is unavailable; the code stays plain', error);
      });
  });
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  media.addEventListener('change', apply);
  window.addEventListener(THEME_EVENT, apply);
  return () => {
    stopped = true;
    media.removeEventListener('change', apply);
    window.removeEventListener(THEME_EVENT, apply);
  };
}
