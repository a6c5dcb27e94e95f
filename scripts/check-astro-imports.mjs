// dependency-cruiser does not read .astro files, so this applies the same layer rules to their
// imports (front matter and <script> blocks): pages, layouts and components may import any lower
// layer through its public surface, but never cli/ or integrations/ (Node-only, not part of the
// site). <script> blocks ship to the browser, so like the islands they may not reach Node-only
// runtime code.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = process.cwd();
const SURFACES = new Set([
  'src/schemas/index.ts',
  'src/contracts/index.ts',
  'src/grading/index.ts',
  'src/runtime/index.ts',
  'src/site/index.ts',
  'src/islands/index.ts',
  // The cohort pages' code has its own surface, so that it ships on those pages only: Rolldown keeps
  // every re-export of a barrel in one chunk, and through islands/index.ts it went to every page.
  'src/islands/cohort/index.ts',
  // The exercise workspace's, for the same reason: through islands/index.ts, Monaco's CSS (behind
  // the editor's dynamic import) was inlined into every page.
  'src/islands/editor/index.ts',
]);
const UI = /^src\/(components|layouts|pages)\//;
const NODE_BUILTINS = new Set(builtinModules);

function astroFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return astroFiles(path);
    return path.endsWith('.astro') ? [path] : [];
  });
}

/** @returns {{ specifier: string, browser: boolean }[]} */
function importsOf(source) {
  const blocks = [];
  const front = /^---\n([\s\S]*?)\n---/.exec(source);
  if (front) blocks.push({ code: front[1], browser: false });
  for (const match of source.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) {
    blocks.push({ code: match[1], browser: true });
  }
  const found = [];
  for (const { code, browser } of blocks) {
    for (const match of code.matchAll(
      /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(?\s*['"]([^'"]+)['"]/g,
    )) {
      found.push({ specifier: match[1] ?? match[2], browser });
    }
  }
  return found;
}

const problems = [];
for (const file of astroFiles(join(ROOT, 'src'))) {
  const from = relative(ROOT, file);
  for (const { specifier, browser } of importsOf(readFileSync(file, 'utf8'))) {
    if (specifier.startsWith('monaco-editor') || specifier.startsWith('@webcontainer/') || specifier === 'pyodide') {
      problems.push(
        `${from} → ${specifier}: browser-only library imported by server-rendered code; load it in an island`,
      );
      continue;
    }
    if (browser && (specifier.startsWith('node:') || NODE_BUILTINS.has(specifier.split('/')[0]))) {
      problems.push(`${from} → ${specifier}: a <script> runs in the browser; no Node built-ins`);
      continue;
    }
    if (!specifier.startsWith('.')) continue;
    const to = relative(ROOT, resolve(dirname(file), specifier));
    if (/^src\/(cli|integrations)\//.test(to)) {
      problems.push(`${from} → ${to}: the site may not import the Node-only cli and integrations layers`);
    } else if (browser && /^src\/runtime\/(node\/|node\.ts$)/.test(to)) {
      problems.push(`${from} → ${to}: a <script> runs in the browser; it may not import Node-only runtime code`);
    } else if (to.startsWith('src/') && !UI.test(to) && !SURFACES.has(to) && to !== 'src/content.config.ts') {
      problems.push(`${from} → ${to}: deep import; use the layer's index.ts`);
    }
  }
}

if (problems.length > 0) {
  console.error(`Layer violations in .astro files:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('✔ .astro imports respect the layers');
