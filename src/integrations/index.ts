// Public surface of the integrations layer: Astro integrations that astro.config.mjs installs. They
// run in Node at build time (and in `astro dev`); nothing in the site imports them.
export { pagefindIndex } from './pagefind.ts';
export { pyodideAssets } from './pyodide-assets.ts';
