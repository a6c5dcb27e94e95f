// Code themes as the lessons show them: Expressive Code nudges token colours until they reach a
// minimum contrast against the background, so the editor does the same with the same themes.
// Pure (no DOM): unit-tested in Node.

interface TokenColor {
  scope?: string | string[];
  settings: { foreground?: string; background?: string; fontStyle?: string };
}

export interface TextmateTheme {
  name: string;
  type?: string;
  colors?: Record<string, string>;
  tokenColors?: TokenColor[];
}

type Rgb = [number, number, number];

function parse(hex: string): Rgb | undefined {
  const match = /^#([0-9a-f]{3}|[0-9a-f]{6})([0-9a-f]{2})?$/i.exec(hex.trim());
  if (!match) return undefined;
  const digits = match[1]!.length === 3 ? [...match[1]!].map((d) => d + d).join('') : match[1]!;
  return [0, 2, 4].map((at) => parseInt(digits.slice(at, at + 2), 16)) as Rgb;
}

function format(rgb: Rgb): string {
  return `#${rgb.map((channel) => Math.round(channel).toString(16).padStart(2, '0')).join('')}`;
}

function luminance([r, g, b]: Rgb): number {
  const linear = (channel: number) => {
    const c = channel / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** An opaque colour that looks like `color` (which may carry alpha, #rrggbbaa) over `background`. */
export function flatten(color: string, background: string): string {
  const match = /^#[0-9a-f]{6}([0-9a-f]{2})$/i.exec(color.trim());
  const rgb = parse(color);
  const bg = parse(background);
  if (!match || !rgb || !bg) return color;
  const alpha = parseInt(match[1]!, 16) / 255;
  return format(rgb.map((channel, index) => channel * alpha + bg[index]! * (1 - alpha)) as Rgb);
}

/** WCAG contrast ratio of two #rgb / #rrggbb colours. */
export function contrast(a: string, b: string): number {
  const [x, y] = [parse(a), parse(b)];
  if (!x || !y) return 21;
  const [light, dark] = [luminance(x), luminance(y)].sort((p, q) => q - p) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** Moves `color` towards black or white (whichever the background is not) until it reaches `min`. */
export function withContrast(color: string, background: string, min: number): string {
  const rgb = parse(color);
  const bg = parse(background);
  if (!rgb || !bg || contrast(color, background) >= min) return color;
  const target: Rgb = luminance(bg) > 0.5 ? [0, 0, 0] : [255, 255, 255];
  for (let step = 1; step <= 20; step += 1) {
    const mixed = rgb.map((channel, index) => channel + (target[index]! - channel) * (step / 20)) as Rgb;
    const candidate = format(mixed);
    if (contrast(candidate, background) >= min) return candidate;
  }
  return format(target);
}

/**
 * A copy of `theme` whose token colours reach `min` contrast against both the editor background
 * and the current-line highlight (the cursor's line must stay readable too).
 */
export function ensureContrast(theme: TextmateTheme, min = 5.5): TextmateTheme {
  const colors = theme.colors ?? {};
  const backgrounds = [colors['editor.background'], colors['editor.lineHighlightBackground']].filter(
    (value): value is string => typeof value === 'string' && parse(value) !== undefined,
  );
  const fix = (color: string, floor = min) =>
    backgrounds.reduce(
      (current, background) => withContrast(current, background, floor),
      flatten(color, backgrounds[0] ?? '#ffffff'),
    );
  const fixed = { ...colors };
  if (colors['editor.foreground']) fixed['editor.foreground'] = fix(colors['editor.foreground']);
  // Line numbers are text too: the 4.5:1 floor of WCAG AA.
  for (const key of ['editorLineNumber.foreground', 'editorLineNumber.activeForeground']) {
    if (colors[key]) fixed[key] = fix(colors[key], 4.5);
  }
  return {
    ...theme,
    colors: fixed,
    tokenColors: (theme.tokenColors ?? []).map((token) =>
      token.settings.foreground
        ? { ...token, settings: { ...token.settings, foreground: fix(token.settings.foreground) } }
        : token,
    ),
  };
}
