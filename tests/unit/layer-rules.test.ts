import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Runs the real dependency-cruiser configuration (and the .astro import check) on a copy of src/ with
// one rule broken at a time.
const ROOT = resolve('.');
let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'strata-layers-'));
  for (const entry of ['src', 'tsconfig.json', '.dependency-cruiser.cjs', 'package.json']) {
    cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runWith(file: string, source: string, args: string[]): { status: number | null; output: string } {
  const path = join(dir, file);
  writeFileSync(path, source);
  try {
    const result = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8' });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  } finally {
    rmSync(path);
  }
}

function cruiseWith(file: string, source: string): { status: number | null; output: string } {
  return runWith(file, source, [
    join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs'),
    'src',
    '--config',
    '.dependency-cruiser.cjs',
  ]);
}

function checkAstroWith(file: string, source: string): { status: number | null; output: string } {
  return runWith(file, source, [join(ROOT, 'scripts/check-astro-imports.mjs')]);
}

describe('layer rules (dependency-cruiser)', () => {
  it('fails on an upward import and names both files', () => {
    const { status, output } = cruiseWith(
      'src/contracts/upward-probe.ts',
      "import { parseExercise } from '../grading/index.ts';\nexport const probe = parseExercise;\n",
    );
    expect(status).not.toBe(0);
    expect(output).toContain('src/contracts/upward-probe.ts → src/grading/index.ts');
  });

  it('fails on a deep import into another layer', () => {
    const { status, output } = cruiseWith(
      'src/cli/deep-probe.ts',
      "import { parseExercise } from '../grading/exercise.ts';\nexport const probe = parseExercise;\n",
    );
    expect(status).not.toBe(0);
    expect(output).toMatch(/no-deep-import: src\/cli\/deep-probe\.ts → src\/grading\/exercise\.ts/);
  });

  it('fails on a Node built-in in a pure layer', () => {
    const { status, output } = cruiseWith(
      'src/grading/node-probe.ts',
      "import { readFileSync } from 'node:fs';\nexport const probe = readFileSync;\n",
    );
    expect(status).not.toBe(0);
    expect(output).toContain('pure-layers-no-node');
  });

  it('fails when an island imports the Node-only runtime surface', () => {
    const { status, output } = cruiseWith(
      'src/islands/node-runtime-probe.ts',
      "import { loadExercises } from '../runtime/node.ts';\nexport const probe = loadExercises;\n",
    );
    expect(status).not.toBe(0);
    expect(output).toMatch(
      /browser-code-no-node-runtime: src\/islands\/node-runtime-probe\.ts → src\/runtime\/node\.ts/,
    );
  });

  it('fails when a browser runtime adapter imports Node-only runtime code', () => {
    const { status, output } = cruiseWith(
      'src/runtime/browser/node-runtime-probe.ts',
      "import { readTree } from '../node/read-tree.ts';\nexport const probe = readTree;\n",
    );
    expect(status).not.toBe(0);
    expect(output).toMatch(
      /browser-code-no-node-runtime: src\/runtime\/browser\/node-runtime-probe\.ts → src\/runtime\/node\/read-tree\.ts/,
    );
  });

  it('fails when an editor folder reaches into another instead of through its index.ts', () => {
    const { status, output } = cruiseWith(
      'src/islands/editor/files/deep-probe.ts',
      "import { parentOf } from '../store/workspace-paths.ts';\nexport const probe = parentOf;\n",
    );
    expect(status).not.toBe(0);
    expect(output).toMatch(
      /editor-folder-surface: src\/islands\/editor\/files\/deep-probe\.ts → src\/islands\/editor\/store\/workspace-paths\.ts/,
    );
  });

  it('fails when the project store imports a view of it', () => {
    const { status, output } = cruiseWith(
      'src/islands/editor/store/upward-probe.ts',
      "import { attachProjectFiles } from '../files/index.ts';\nexport const probe = attachProjectFiles;\n",
    );
    expect(status).not.toBe(0);
    expect(output).toMatch(
      /editor-store-at-the-bottom: src\/islands\/editor\/store\/upward-probe\.ts → src\/islands\/editor\/files\/index\.ts/,
    );
  });

  it('fails when an island imports the cohort server (browser code talks to it over HTTP only)', () => {
    const { status, output } = cruiseWith(
      'src/islands/cohort/server-probe.ts',
      "import { serve } from '../../server/index.ts';\nexport const probe = serve;\n",
    );
    expect(status).not.toBe(0);
    expect(output).toMatch(/layer-islands: src\/islands\/cohort\/server-probe\.ts → src\/server\/index\.ts/);
  });

  it('fails when other code reaches into islands/cohort instead of through its index.ts', () => {
    const { status, output } = cruiseWith(
      'src/islands/progress/cohort-probe.ts',
      "import { formatScore } from '../cohort/format.ts';\nexport const probe = formatScore;\n",
    );
    expect(status).not.toBe(0);
    expect(output).toMatch(
      /cohort-island-surface: src\/islands\/progress\/cohort-probe\.ts → src\/islands\/cohort\/format\.ts/,
    );
  });

  it('passes on the real tree', () => {
    const { status, output } = cruiseWith('src/islands/empty-probe.ts', 'export const probe = 1;\n');
    expect(output).toContain('no dependency violations found');
    expect(status).toBe(0);
  });
});

describe('layer rules (.astro files)', () => {
  it('fails when a component <script> imports the Node-only runtime surface', () => {
    const { status, output } = checkAstroWith(
      'src/components/NodeRuntimeProbe.astro',
      "<p>probe</p>\n<script>\n  import { loadExercises } from '../runtime/node.ts';\n  console.log(loadExercises);\n</script>\n",
    );
    expect(status).not.toBe(0);
    expect(output).toContain(
      'src/components/NodeRuntimeProbe.astro → src/runtime/node.ts: a <script> runs in the browser; it may not import Node-only runtime code',
    );
  });

  it('fails when a page imports the cli layer', () => {
    const { status, output } = checkAstroWith(
      'src/pages/cli-probe.astro',
      "---\nimport { main } from '../cli/index.ts';\n---\n<p>{String(main)}</p>\n",
    );
    expect(status).not.toBe(0);
    expect(output).toContain('src/pages/cli-probe.astro → src/cli/index.ts');
  });

  it('lets a page use the cohort islands through their index.ts only', () => {
    const deep = checkAstroWith(
      'src/pages/cohort-probe.astro',
      "<p>probe</p>\n<script>\n  import { formatScore } from '../islands/cohort/format.ts';\n  console.log(formatScore);\n</script>\n",
    );
    expect(deep.status).not.toBe(0);
    expect(deep.output).toContain(
      "src/pages/cohort-probe.astro → src/islands/cohort/format.ts: deep import; use the layer's index.ts",
    );
    const surface = checkAstroWith(
      'src/pages/cohort-probe.astro',
      "<p>probe</p>\n<script>\n  import { formatScore } from '../islands/cohort/index.ts';\n  console.log(formatScore);\n</script>\n",
    );
    expect(surface.status).toBe(0);
  });

  it('passes on the real tree', () => {
    const { status } = checkAstroWith('src/components/EmptyProbe.astro', '<p>probe</p>\n');
    expect(status).toBe(0);
  });
});
