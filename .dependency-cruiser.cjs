// The layers of src/ (see ARCHITECTURE.md). Upper layers may import lower ones, never the reverse;
// other layers enter a layer only through its public surface (index.ts, runtime/node.ts for Node, and
// cohorts/progress.ts, the progress model every page loads, apart from the rest of the cohort domain).
const LAYERS = [
  'schemas',
  'contracts',
  'grading',
  'cohorts',
  'runtime',
  'server',
  'cli',
  'integrations',
  'site',
  'islands',
  'ui',
];
const UI = '(components|layouts|pages)';
const path = (layer) => (layer === 'ui' ? `^src/${UI}/` : `^src/${layer}/`);

// What each layer may NOT import.
const forbiddenBelow = {
  schemas: ['contracts', 'grading', 'cohorts', 'runtime', 'server', 'cli', 'integrations', 'site', 'islands', 'ui'],
  contracts: ['grading', 'cohorts', 'runtime', 'server', 'cli', 'integrations', 'site', 'islands', 'ui'],
  grading: ['cohorts', 'runtime', 'server', 'cli', 'integrations', 'site', 'islands', 'ui'],
  // The cohort policies are pure: they see grades and dates, never a database or a runtime.
  cohorts: ['contracts', 'runtime', 'server', 'cli', 'integrations', 'site', 'islands', 'ui'],
  runtime: ['cohorts', 'server', 'cli', 'integrations', 'site', 'islands', 'ui'],
  // The cohort server applies the policies (cohorts) and grades with runtime/node; only the CLI
  // starts it, and nothing below it knows it exists.
  server: ['cli', 'integrations', 'site', 'islands', 'ui'],
  cli: ['integrations', 'site', 'islands', 'ui'],
  // Astro integrations (build time, Node): only astro.config.mjs installs them.
  integrations: ['cli', 'server', 'site', 'islands', 'ui'],
  // The course model and theme constants: beside cli, importing only schemas (types).
  site: ['contracts', 'grading', 'cohorts', 'runtime', 'server', 'cli', 'integrations', 'islands', 'ui'],
  // Browser code talks to the cohort server over HTTP only.
  islands: ['cli', 'server', 'integrations', 'ui'],
  ui: ['cli', 'server', 'integrations'],
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

const PUBLIC_SURFACE = [
  'schemas',
  'contracts',
  'grading',
  'cohorts',
  'runtime',
  'server',
  'cli',
  'integrations',
  'site',
  'islands',
];

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'no-deep-import',
      comment:
        'Import another layer through its public surface (index.ts; runtime/node.ts for Node-only code, runtime/node-sandbox.ts for starting a sandbox without the grader; cohorts/progress.ts for the progress model in the browser).',
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: {
        path: `^src/(${PUBLIC_SURFACE.join('|')})/`,
        pathNot: [
          '^src/$1/',
          `^src/(${PUBLIC_SURFACE.join('|')})/index\\.ts$`,
          '^src/runtime/node\\.ts$',
          '^src/runtime/node-sandbox\\.ts$',
          '^src/cohorts/progress\\.ts$',
        ],
      },
    },
    {
      name: 'no-deep-import-from-root',
      comment: 'Files at the root of src/ use the public surfaces too.',
      severity: 'error',
      from: { path: '^src/[^/]+$' },
      to: {
        path: `^src/(${PUBLIC_SURFACE.join('|')})/`,
        pathNot: [
          `^src/(${PUBLIC_SURFACE.join('|')})/index\\.ts$`,
          '^src/runtime/node\\.ts$',
          '^src/runtime/node-sandbox\\.ts$',
          '^src/cohorts/progress\\.ts$',
        ],
      },
    },
    {
      name: 'editor-folder-surface',
      comment:
        'Inside islands/editor/, a folder (store, files, monaco, ...) enters another through its index.ts (see ARCHITECTURE.md).',
      severity: 'error',
      from: { path: '^src/islands/editor/([^/]+)/' },
      to: {
        path: '^src/islands/editor/[^/]+/',
        pathNot: ['^src/islands/editor/$1/', '^src/islands/editor/[^/]+/index\\.ts$'],
      },
    },
    {
      name: 'editor-root-uses-surfaces',
      comment: 'The custom element and the shared types use the editor folders through their index.ts.',
      severity: 'error',
      from: { path: '^src/islands/editor/[^/]+\\.ts$' },
      to: { path: '^src/islands/editor/[^/]+/', pathNot: '^src/islands/editor/[^/]+/index\\.ts$' },
    },
    {
      name: 'editor-folders-not-up',
      comment: 'The editor folders may share types.ts, but never import the custom element that wires them.',
      severity: 'error',
      from: { path: '^src/islands/editor/[^/]+/' },
      to: { path: '^src/islands/editor/[^/]+\\.ts$', pathNot: '^src/islands/editor/types\\.ts$' },
    },
    {
      name: 'editor-store-at-the-bottom',
      comment: 'The project store is what every view subscribes to: it imports no other part of the editor.',
      severity: 'error',
      from: { path: '^src/islands/editor/store/' },
      to: { path: '^src/islands/editor/', pathNot: ['^src/islands/editor/store/', '^src/islands/editor/types\\.ts$'] },
    },
    {
      name: 'cohort-island-surface',
      comment: 'islands/cohort/ (the cohort pages) is entered through its index.ts, from other islands too.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/islands/cohort/' },
      to: { path: '^src/islands/cohort/', pathNot: '^src/islands/cohort/index\\.ts$' },
    },
    {
      name: 'pure-layers-no-node',
      comment:
        'schemas, contracts, grading and cohorts are pure: no Node built-ins (the first three run in a Web Worker).',
      severity: 'error',
      from: { path: '^src/(schemas|contracts|grading|cohorts)/' },
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
      comment:
        'Monaco and WebContainer are loaded lazily in islands, never imported by server-rendered code. Pyodide also ' +
        'runs at build time, in Node, to make its memory snapshot (integrations/pyodide-snapshot.ts).',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/(islands|runtime/browser)/', '^src/integrations/pyodide-snapshot\\.ts$'] },
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
