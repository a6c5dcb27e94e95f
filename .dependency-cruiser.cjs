// The layers of src/ (see ARCHITECTURE.md). Upper layers may import lower ones, never the reverse;
// other layers enter a layer only through its public surface (index.ts, and runtime/node.ts for Node).
const LAYERS = ['schemas', 'contracts', 'grading', 'runtime', 'cli', 'integrations', 'site', 'islands', 'ui'];
const UI = '(components|layouts|pages)';
const path = (layer) => (layer === 'ui' ? `^src/${UI}/` : `^src/${layer}/`);

// What each layer may NOT import.
const forbiddenBelow = {
  schemas: ['contracts', 'grading', 'runtime', 'cli', 'integrations', 'site', 'islands', 'ui'],
  contracts: ['grading', 'runtime', 'cli', 'integrations', 'site', 'islands', 'ui'],
  grading: ['runtime', 'cli', 'integrations', 'site', 'islands', 'ui'],
  runtime: ['cli', 'integrations', 'site', 'islands', 'ui'],
  cli: ['integrations', 'site', 'islands', 'ui'],
  // Astro integrations (build time, Node): only astro.config.mjs installs them.
  integrations: ['cli', 'site', 'islands', 'ui'],
  // The course model and theme constants: beside cli, importing only schemas (types).
  site: ['contracts', 'grading', 'runtime', 'cli', 'integrations', 'islands', 'ui'],
  islands: ['cli', 'integrations', 'ui'],
  ui: ['cli', 'integrations'],
};

// Code that runs in the browser: the islands, the site layer, the browser runtime adapters and the
// browser-safe runtime surface (runtime/index.ts). None of it may reach Node-only code.
const BROWSER_CODE = '^src/(islands/|site/|runtime/browser/|runtime/index\\.ts$)';

const layerRules = LAYERS.map((layer) => ({
  name: `layer-${layer}`,
  comment: `${layer} may not import ${forbiddenBelow[layer].join(', ')} (dependencies point down the layers).`,
  severity: 'error',
  from: { path: path(layer) },
  to: { path: forbiddenBelow[layer].map(path) },
}));

const PUBLIC_SURFACE = ['schemas', 'contracts', 'grading', 'runtime', 'cli', 'integrations', 'site', 'islands'];

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'no-deep-import',
      comment: 'Import another layer through its public surface (index.ts; runtime/node.ts for Node-only code).',
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: {
        path: `^src/(${PUBLIC_SURFACE.join('|')})/`,
        pathNot: ['^src/$1/', `^src/(${PUBLIC_SURFACE.join('|')})/index\\.ts$`, '^src/runtime/node\\.ts$'],
      },
    },
    {
      name: 'no-deep-import-from-root',
      comment: 'Files at the root of src/ use the public surfaces too.',
      severity: 'error',
      from: { path: '^src/[^/]+$' },
      to: {
        path: `^src/(${PUBLIC_SURFACE.join('|')})/`,
        pathNot: [`^src/(${PUBLIC_SURFACE.join('|')})/index\\.ts$`, '^src/runtime/node\\.ts$'],
      },
    },
    {
      name: 'pure-layers-no-node',
      comment: 'schemas, contracts and grading are pure: they run in a Web Worker, so no Node built-ins.',
      severity: 'error',
      from: { path: '^src/(schemas|contracts|grading)/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'browser-code-no-node',
      comment: 'Islands and the browser runtime run in the browser: no Node built-ins.',
      severity: 'error',
      from: { path: BROWSER_CODE },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'browser-code-no-node-runtime',
      comment: 'runtime/node.ts and runtime/node/ use fs, zlib and child processes: browser code may not import them.',
      severity: 'error',
      from: { path: BROWSER_CODE },
      to: { path: '^src/runtime/(node/|node\\.ts$)' },
    },
    {
      name: 'no-circular',
      comment: 'Cycles hide a boundary in the wrong place.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-browser-libs-on-server',
      comment: 'Monaco and WebContainer are loaded lazily in islands, never imported by server-rendered code.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(islands|runtime/browser)/' },
      to: { path: 'node_modules/(monaco-editor|@webcontainer/api|pyodide)/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true, pathNot: ['^astro:', '\\?worker$', '\\?url$', '\\?raw$'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^src/env\\.d\\.ts$'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.astro', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
