// import-linter's configuration as lint-imports reads it: the pyproject.toml table however its header
// is written, custom contract types (refused, naming the contract), namespace root packages.
import { describe, expect, it } from 'vitest';
import { analyse, ContractsError, findConfigFile, parseConfig } from '../../../src/contracts/index.ts';

const errorOf = (run: () => unknown): ContractsError => {
  try {
    run();
  } catch (error) {
    if (error instanceof ContractsError) return error;
    throw error;
  }
  throw new Error('expected a ContractsError');
};

const CONTRACTS = `
[[tool.importlinter.contracts]]
name = "Domain is pure"
type = "forbidden"
source_modules = ["app.domain"]
forbidden_modules = ["app.api"]
`;
const app = { 'app/__init__.py': '', 'app/domain/__init__.py': 'import app.api\n', 'app/api/__init__.py': '' };

describe('finding the pyproject.toml table', () => {
  for (const header of [
    '[tool.importlinter]',
    '[tool."importlinter"]',
    "[ tool . 'importlinter' ]",
    '[tool . importlinter]',
  ]) {
    it(`finds ${header}`, () => {
      const text = `[project]\nname = "x"\n\n${header}\nroot_package = "app"\n${CONTRACTS}`;
      const found = findConfigFile({ 'pyproject.toml': text, ...app });
      expect(found?.path).toBe('pyproject.toml');
      expect(analyse(app, parseConfig(found!)).contracts[0]).toMatchObject({ name: 'Domain is pure', kept: false });
    });
  }

  it('finds the table written as dotted keys under [tool]', () => {
    const text = `[tool]\nimportlinter.root_package = "app"\n`;
    expect(findConfigFile({ 'pyproject.toml': text })?.path).toBe('pyproject.toml');
  });

  it('ignores a pyproject.toml that only mentions importlinter elsewhere', () => {
    const text = `[tool.ruff]\n# importlinter runs in CI\nline-length = 100\n`;
    expect(findConfigFile({ 'pyproject.toml': text })).toBeUndefined();
  });

  it('prefers setup.cfg, then .importlinter, then pyproject.toml, as lint-imports does', () => {
    const ini = (name: string) => `[importlinter]\nroot_package = ${name}\n`;
    const toml = `[tool.importlinter]\nroot_package = "t"\n`;
    expect(findConfigFile({ 'pyproject.toml': toml, '.importlinter': ini('i'), 'setup.cfg': ini('s') })?.path).toBe(
      'setup.cfg',
    );
    expect(findConfigFile({ 'pyproject.toml': toml, '.importlinter': ini('i'), 'setup.cfg': '[flake8]\n' })?.path).toBe(
      '.importlinter',
    );
    expect(findConfigFile({ 'pyproject.toml': toml, 'setup.cfg': '[flake8]\n' })?.path).toBe('pyproject.toml');
  });
});

describe('custom contract types', () => {
  it('names the contract and its Python class, and says it is not supported (INI)', () => {
    const text = `[importlinter]\nroot_package = app\ncontract_types =\n    forbidden_import: tests.helpers.contracts.ForbiddenImportContract\n\n[importlinter:contract:one]\nname = Custom kept contract\ntype = forbidden_import\nimporter = app.domain\nimported = app.api\n`;
    const error = errorOf(() => parseConfig({ path: '.importlinter', text }));
    expect([error.contract, error.field]).toEqual(['Custom kept contract', 'type']);
    expect(error.message).toContain('"forbidden_import" is a custom contract type');
    expect(error.message).toContain('tests.helpers.contracts.ForbiddenImportContract');
    expect(error.message).toContain('not supported');
  });

  it('does the same from pyproject.toml, and a contract of a built-in type beside it is checked', () => {
    const text = `[tool.importlinter]\nroot_package = "app"\ncontract_types = ["forbidden_import: pkg.Custom"]\n${CONTRACTS}`;
    expect(analyse(app, parseConfig({ path: 'pyproject.toml', text })).contracts).toHaveLength(1);
    const custom = `${text}\n[[tool.importlinter.contracts]]\nname = "Mine"\ntype = "forbidden_import"\n`;
    expect(errorOf(() => parseConfig({ path: 'pyproject.toml', text: custom })).message).toMatch(
      /Contract "Mine" \(type\): "forbidden_import" is a custom contract type \(pkg\.Custom/,
    );
  });

  it('a malformed contract_types line names the field', () => {
    const text = `[importlinter]\nroot_package = app\ncontract_types = just.a.Class\n`;
    expect(errorOf(() => parseConfig({ path: '.importlinter', text })).field).toBe('contract_types');
  });
});

describe('root packages', () => {
  it('a root that is a single module is refused, as import-linter 2.12 does', () => {
    const config = parseConfig({ path: '.importlinter', text: '[importlinter]\nroot_package = single_file_module\n' });
    const error = errorOf(() => analyse({ 'single_file_module.py': 'import os\n' }, config));
    expect(error.message).toContain("'single_file_module' is a module, not a package");
  });
});
