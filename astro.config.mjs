// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import node from '@astrojs/node';
import expressiveCode from 'astro-expressive-code';
import { CODE_THEMES } from './src/site/index.ts';
import { pagefindIndex, pyodideAssets } from './src/integrations/index.ts';

// Headers that make the page cross-origin isolated (needed by WebContainer and SharedArrayBuffer).
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'credentialless',
};

export default defineConfig({
  site: 'http://localhost:4321',
  // Every page is prerendered: dist/client/ is the whole course, servable by any web server. The
  // Node adapter adds dist/server/entry.mjs, which `strata serve` (npm start) uses to serve those
  // pages beside the cohort server's API (src/server/).
  adapter: node({ mode: 'standalone' }),
  integrations: [
    expressiveCode({
      themes: [CODE_THEMES.light, CODE_THEMES.dark],
      // Follow the system, and the reader's explicit choice stored on <html data-theme>.
      useDarkModeMediaQuery: true,
      themeCssSelector: (theme) => `[data-theme='${theme.type}']`,
      styleOverrides: { codeFontFamily: 'var(--font-mono)', borderRadius: '8px' },
      defaultProps: { wrap: false },
    }),
    mdx(),
    pagefindIndex(),
    pyodideAssets(),
  ],
  // Fully offline: no telemetry, no remote fonts or images.
  devToolbar: { enabled: false },
  // Small pages: inline their CSS so the first paint needs no extra round trip.
  build: { inlineStylesheets: 'always' },
  server: { host: '127.0.0.1', port: 4321, headers: isolationHeaders },
  vite: {
    build: {
      // Monaco (~3.3 MB) and ELK's worker (~1.6 MB) exceed Vite's 500 kB default; both load lazily,
      // on exercise pages only, so the limit sits above them rather than warning on every build.
      chunkSizeWarningLimit: 4096,
      rolldownOptions: {
        // Astro marks each MDX lesson's propagated-assets module with a "use astro:head-inject"
        // directive that nothing reads any more (pages find them by `__astroPropagation`), and
        // Rolldown warns once per lesson that bundling drops it: 16 lines of noise per build
        // (withastro/astro#18087). Only that warning is silenced; other directives still warn.
        onwarn(warning, warn) {
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.message.includes('astro:head-inject')) return;
          warn(warning);
        },
      },
    },
    worker: { format: 'es' },
  },
});
