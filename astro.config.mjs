// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';

// Headers that make the page cross-origin isolated (needed by WebContainer and SharedArrayBuffer).
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'credentialless',
};

export default defineConfig({
  site: 'http://localhost:4321',
  integrations: [mdx()],
  // Fully offline: no telemetry, no remote fonts or images.
  devToolbar: { enabled: false },
  server: { host: '127.0.0.1', port: 4321, headers: isolationHeaders },
  markdown: {
    shikiConfig: {
      themes: { light: 'github-light', dark: 'github-dark' },
      defaultColor: false,
      wrap: false,
    },
  },
  vite: {
    build: { chunkSizeWarningLimit: 4096 },
    worker: { format: 'es' },
  },
});
