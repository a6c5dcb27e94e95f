// Theme constants, with no imports: astro.config.mjs, the no-flash inline script (through
// define:vars), the theme toggle and the editor all read them from here.

/** Code themes shared by the lessons (Expressive Code) and the editor (Monaco via Shiki). */
export const CODE_THEMES = { light: 'github-light', dark: 'github-dark' } as const;

export type ColorScheme = keyof typeof CODE_THEMES;

/** localStorage key of the reader's explicit choice; absent = follow the system. Mirrored on <html data-theme>. */
export const THEME_STORAGE_KEY = 'strata:theme';

/** Window event fired when the reader switches theme; `detail` is the new ColorScheme. */
export const THEME_EVENT = 'strata:theme-changed';
