import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Runs the real dependency-cruiser configuration on a copy of src/ with one rule broken at a time.
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

function cruiseWith(file: string, source: string): { status: number | null; output: string } {
  const path = join(dir, file);
  writeFileSync(path, source);
  try {
    const result = spawnSync(
      process.execPath,
      [
        join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs'),
        'src',
        '--config',
        '.dependency-cruiser.cjs',
      ],
      { cwd: dir, encoding: 'utf8' },
    );
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  } finally {
    rmSync(path);
  }
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
});
