// import-linter's own functional test table (tests/functional/test_lint_imports.py), run through
// `lint-imports` (Strata's drop-in command) on its own test projects (import-linter-assets/).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintImportsCommand } from '../../src/cli/lint.ts';

const ASSETS = join(import.meta.dirname, 'import-linter-assets');
const SUCCESS = 0;
const ERROR = 1;

/** [project folder, --config (none: the default files), exit code lint-imports gives, what its output must say]. */
const TABLE: [string, string | null, number, string?][] = [
  ['testpackage', null, SUCCESS, 'Test independence contract KEPT'],
  ['testpackage', '.brokencontract.ini', ERROR, 'BROKEN'],
  ['testpackage', '.malformedcontract.ini', ERROR],
  ['testpackage', '.externalbrokencontract.ini', ERROR, 'BROKEN'],
  ['multipleroots', '.multiplerootskeptcontract.ini', SUCCESS, 'KEPT'],
  ['multipleroots', '.multiplerootsbrokencontract.ini', ERROR, 'BROKEN'],
  ['testpackage', '.setup.toml', SUCCESS, 'KEPT'],
  ['testpackage', '.externalkeptcontract.ini', SUCCESS, 'KEPT'],
  ['testpackage', '.externalkeptcontract.toml', SUCCESS, 'KEPT'],
  ['testpackage', 'unmatched_ignore_imports_alerting/unspecified.ini', ERROR, 'No matches for ignored import'],
  ['testpackage', 'unmatched_ignore_imports_alerting/error.ini', ERROR, 'No matches for ignored import'],
  ['testpackage', 'unmatched_ignore_imports_alerting/warn.ini', SUCCESS, 'Warnings'],
  ['testpackage', 'unmatched_ignore_imports_alerting/none.ini', SUCCESS, 'KEPT'],
  ['testpackage', '.typecheckkeptcontract.ini', SUCCESS, 'KEPT'],
  ['testpackage', '.typecheckbrokencontract.ini', ERROR, 'BROKEN'],
  ['cycles', '.keptcontract.ini', SUCCESS, 'KEPT'],
  ['cycles', '.brokencontract.ini', ERROR, 'BROKEN'],
  // test_lint_imports_raises_clear_error_when_root_package_is_single_file: the same exit; Strata
  // checks the contracts' options first, so this configuration's external forbidden module is named
  // (the single-module root gets import-linter's message in tests/unit/contracts/configuration.test.ts).
  ['testpackage', '.singlefilemodulecontract.ini', ERROR, 'os is an external module'],
  // test_lint_imports_debug_mode (without --debug)
  ['testpackage', '.nonexistentcontract.ini', ERROR, 'Could not find .nonexistentcontract.ini.'],
  // Not as import-linter (it runs the Python class): a custom contract type is refused, naming the contract.
  ['testpackage', '.customkeptcontract.ini', ERROR, 'Contract "Custom kept contract" (type): "forbidden_import"'],
  ['testpackage', '.customkeptcontract.toml', ERROR, 'Contract "Custom kept contract" (type): "forbidden_import"'],
];

async function lintImports(project: string, args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await lintImportsCommand.run(['--no-cache', ...args], {
    stdout: (text) => (out += text),
    stderr: (text) => (out += text),
    cwd: join(ASSETS, project),
  });
  return { code, out };
}

describe("import-linter's functional tests (tests/assets)", () => {
  for (const [project, config, expected, says] of TABLE) {
    it(`${project} ${config ?? '(setup.cfg)'} exits ${expected}`, async () => {
      const { code, out } = await lintImports(project, config === null ? [] : ['--config', config]);
      expect(code, out).toBe(expected);
      if (says) expect(out).toContain(says);
    });
  }

  it('--show-timings (test_show_timings_smoke_test)', async () => {
    const { code, out } = await lintImports('testpackage', ['--show-timings']);
    expect(code).toBe(SUCCESS);
    expect(out).toMatch(/Building graph took \d+\.\d{3}s\./);
  });
});
