/** Code themes shared by the lessons (Expressive Code) and the editor (Monaco via Shiki). */
export const CODE_THEMES = { light: 'github-light', dark: 'github-dark' } as const;

export type ColorScheme = keyof typeof CODE_THEMES;
