// dependency-cruiser does not read .astro files, so this applies the same layer rules to their
// imports (front matter and <script> blocks): pages, layouts and components may import any lower
// layer through its public surface, but never cli/ or server/ (Node-only, not part of the site).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = process.cwd();
const SURFACES = new Set([
  'src/schemas/index.ts',
  'src/contracts/index.ts',
  'src/grading/index.ts',
  'src/runtime/index.ts',
  'src/islands/index.ts',
]);
const UI = /^src\/(components|layouts|pages)\//;

function astroFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return astroFiles(path);
    return path.endsWith('.astro') ? [path] : [];
  });
}

function importsOf(source) {
  const blocks = [];
  const front = /^---\n([\s\S]*?)\n---/.exec(source);
  if (front) blocks.push(front[1]);
  for (const match of source.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) blocks.push(match[1]);
  const specifiers = [];
  for (const block of blocks) {
    for (const match of block.matchAll(
      /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(?\s*['"]([^'"]+)['"]/g,
    )) {
      specifiers.push(match[1] ?? match[2]);
    }
  }
  return specifiers;
}

const problems = [];
for (const file of astroFiles(join(ROOT, 'src'))) {
  const from = relative(ROOT, file);
  for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
    if (specifier.startsWith('monaco-editor') || specifier.startsWith('@webcontainer/') || specifier === 'pyodide') {
      problems.push(
        `${from} → ${specifier}: browser-only library imported by server-rendered code; load it in an island`,
      );
      continue;
    }
    if (!specifier.startsWith('.')) continue;
    const to = relative(ROOT, resolve(dirname(file), specifier));
    if (/^src\/(cli|server)\//.test(to)) {
      problems.push(`${from} → ${to}: the site may not import the Node-only cli/server layers`);
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
