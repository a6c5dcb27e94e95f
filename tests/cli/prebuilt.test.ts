// bin/strata.mjs runs build/cli/ only while it was built from the sources as they are: checked here
// on a stand-in project (a prebuilt main and a source main that say which ran), then the real
// bundle against the real sources on the commands whose paths the bundling rewrites.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from '../../scripts/build-cli.mjs';
import { generateProject } from '../../scripts/lib/generate-python-project.mjs';

const root = join(import.meta.dirname, '..', '..');
const node = join(root, 'node_modules', '.bin', 'node');

describe('bin/strata.mjs chooses the prebuilt CLI only when it is current', () => {
  const project = mkdtempSync(join(tmpdir(), 'strata-prebuilt-'));
  const source = join(project, 'src', 'cli', 'helper.ts');
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  /** Writes the manifest build-cli.mjs would write for the stand-in's two sources as they are now. */
  function build(): void {
    const inputs: Record<string, { size: number; mtimeMs: number; sha1: string }> = {};
    for (const path of ['src/cli/index.ts', 'src/cli/helper.ts']) {
      const { size, mtimeMs } = statSync(join(project, path));
      inputs[path] = {
        size,
        mtimeMs,
        sha1: createHash('sha1')
          .update(readFileSync(join(project, path)))
          .digest('hex'),
      };
    }
    writeFileSync(join(project, 'build', 'cli', 'manifest.json'), JSON.stringify({ inputs }));
  }

  beforeAll(() => {
    mkdirSync(join(project, 'bin'));
    mkdirSync(join(project, 'build', 'cli'), { recursive: true });
    mkdirSync(join(project, 'src', 'cli'), { recursive: true });
    copyFileSync(join(root, 'bin', 'strata.mjs'), join(project, 'bin', 'strata.mjs'));
    writeFileSync(join(project, 'package.json'), '{ "type": "module" }\n');
    const main = (which: string) =>
      `export async function main(argv${which === 'sources' ? ': string[], io: { stdout(text: string): void }' : ', io'}) {\n` +
      `  io.stdout('${which}\\n');\n  return 0;\n}\n`;
    writeFileSync(join(project, 'build', 'cli', 'index.mjs'), main('prebuilt'));
    writeFileSync(join(project, 'src', 'cli', 'index.ts'), main('sources'));
    writeFileSync(source, 'export const a = 1;\n');
  });

  const run = (env: Record<string, string> = {}) => {
    const result = spawnSync(node, [join(project, 'bin', 'strata.mjs')], {
      encoding: 'utf8',
      env: { ...process.env, STRATA_CLI: '', ...env },
    });
    return { which: result.stdout.trim(), status: result.status, stderr: result.stderr };
  };

  it('runs the sources when nothing was built', () => {
    expect(run().which).toBe('sources');
  });

  it('runs the prebuilt CLI when every source is as it was built', () => {
    build();
    expect(run().which).toBe('prebuilt');
  });

  it('still runs it when a source was only touched (same contents, new time)', () => {
    const later = new Date(Date.now() + 5000);
    utimesSync(source, later, later);
    expect(run().which).toBe('prebuilt');
  });

  it('runs the sources when a source changed, even to the same size', () => {
    writeFileSync(source, 'export const b = 1;\n');
    expect(run().which).toBe('sources');
    const refused = run({ STRATA_CLI: 'prebuilt' });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('src/cli/helper.ts changed');
  });

  it('runs the sources when a source is gone, or when asked to', () => {
    writeFileSync(source, 'export const a = 1;\n');
    build();
    expect(run({ STRATA_CLI: 'sources' }).which).toBe('sources');
    rmSync(source);
    expect(run().which).toBe('sources');
    expect(run({ STRATA_CLI: 'prebuilt' }).stderr).toContain('src/cli/helper.ts was deleted');
  });
});

describe('the bundled CLI does what the sources do', () => {
  const outdir = join(root, 'build', `test-cli-${process.pid}`);
  const project = mkdtempSync(join(tmpdir(), 'strata-bundle-lint-'));
  afterAll(() => {
    rmSync(outdir, { recursive: true, force: true });
    rmSync(project, { recursive: true, force: true });
  });
  beforeAll(async () => {
    await buildCli({ outdir });
  }, 120_000);

  // Runs `main` from a module with the CLI's arguments, as bin/strata.mjs does.
  const runner =
    'const { main } = await import(process.argv[1]); process.exitCode = await main(process.argv.slice(2), ' +
    '{ stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), cwd: process.cwd() });';
  const both = (...args: string[]) =>
    [join(outdir, 'index.mjs'), join(root, 'src', 'cli', 'index.ts')].map((entry) => {
      const result = spawnSync(node, ['--input-type=module', '-e', runner, pathToFileURL(entry).href, ...args], {
        cwd: root,
        encoding: 'utf8',
      });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    });

  it('prints the same help', () => {
    const [bundled, sources] = both('--help');
    expect(bundled!.stdout).toMatch(/^Usage: strata <command>/);
    expect(bundled).toEqual(sources);
  });

  it('lints a project large enough for worker threads (which load their own chunk) to the same report', () => {
    generateProject(project, 2500, 7);
    const [bundled, sources] = both('lint', project, '--format', 'json');
    expect(bundled!.status, bundled!.stderr).toBe(1);
    expect(JSON.parse(bundled!.stdout)).toEqual(JSON.parse(sources!.stdout));
  });

  it('finds the exercises next to the sources and grades a solution the same', () => {
    const solution = join(root, 'exercises', '01-import-side-effects', 'solution');
    const [bundled, sources] = both('grade', '01-import-side-effects', solution, '--no-hidden', '--format', 'json');
    expect(bundled!.status, bundled!.stderr).toBe(0);
    const score = (stdout: string) => (JSON.parse(stdout) as { score: number }).score;
    expect(score(bundled!.stdout)).toBe(100);
    expect(score(bundled!.stdout)).toBe(score(sources!.stdout));
  });
});
