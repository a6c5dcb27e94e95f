import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readAndScanProject } from '../../src/cli/scan-project.ts';
import { analyse, ContractsError, findConfigFile, moduleToPath, parseConfig } from '../../src/contracts/index.ts';
import type { LintReport } from '../../src/contracts/index.ts';
import { compareReports } from './compare.ts';
import type { ExpectedReport } from './compare.ts';

interface Case {
  name: string;
  files: Record<string, string>;
  config: { path: string; text: string };
  expected: ExpectedReport | { exit_code: 2; error: string };
}

const DIR = join(import.meta.dirname, 'cases');
const cases: [string, Case][] = readdirSync(DIR, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => [file, JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Case]);

/** The fact an error message must name: the quoted module, file and line, or ignored import. */
function factsOf(error: string): string[] {
  // The kind (ValueError, MissingImport...) is wording; the module, file, line and expression are facts.
  const facts: string[] = [];
  for (const match of error.matchAll(/'([\w.]+)'/g)) facts.push(match[1]!);
  const file = /in ([\w/.-]+\.py), line (\d+)/.exec(error);
  if (file) facts.push(file[1]!, `line ${file[2]}`);
  for (const ignored of error.matchAll(/ignored import ([\w.*]+ -> [\w.*]+)/g)) facts.push(ignored[1]!);
  return facts;
}

describe('import-linter conformance', () => {
  it('has the cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(33);
  });

  /** Checks a case's verdict; `run` analyses it from memory or from a folder read the way `strata lint` reads it. */
  const check = (testCase: Case, run: () => LintReport): void => {
    const files = { ...testCase.files, [testCase.config.path]: testCase.config.text };
    if ('error' in testCase.expected) {
      let caught: unknown;
      try {
        run();
      } catch (error) {
        caught = error;
      }
      expect(caught, 'expected an error').toBeInstanceOf(ContractsError);
      const text = String(caught);
      for (const fact of factsOf(testCase.expected.error)) expect(text).toContain(fact);
      return;
    }
    const report = run();
    // Line numbers of a chain step are checked against the source itself: the line must hold an
    // import statement (or start a multi-line one) that names the imported module's last component.
    const lookup = (importer: string, imported: string, lines: number[]) =>
      lines.every((line) => {
        const path = moduleToPath(files, importer);
        const text = path === undefined ? undefined : String(files[path]).split('\n')[line - 1];
        if (text === undefined || !/\b(import|from)\b/.test(text)) return false;
        const statement = String(files[path!])
          .split('\n')
          .slice(line - 1, line + 5)
          .join('\n');
        return statement.includes(imported.split('.').at(-1)!) || /from\s+\./.test(text);
      });
    compareReports(report, testCase.expected, lookup);
  };

  for (const [file, testCase] of cases) {
    it(`${file}`, () => {
      const files = { ...testCase.files, [testCase.config.path]: testCase.config.text };
      check(testCase, () => analyse(files, parseConfig(testCase.config)));
    });
  }

  // The same cases through the CLI's reader: what it walks and skips on disk (a package named
  // `build`, a hidden folder) must give the verdict the engine gives from memory.
  const folders = mkdtempSync(join(tmpdir(), 'strata-conformance-'));
  afterAll(() => rmSync(folders, { recursive: true, force: true }));
  for (const [file, testCase] of cases) {
    it(`${file} (read from disk)`, async () => {
      const dir = join(folders, file.replace(/\W/g, '_'));
      const files = { ...testCase.files, [testCase.config.path]: testCase.config.text };
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      const project = await readAndScanProject(dir);
      // The configuration is found on disk as lint-imports finds it (names and order), not handed over.
      const found = findConfigFile(project.files);
      expect(found?.path, 'the configuration file lint-imports reads').toBe(testCase.config.path);
      check(testCase, () => analyse(project.files, parseConfig(found!), { scans: project.scans }));
    });
  }
});
