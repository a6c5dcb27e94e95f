// Each contract type reads its own options when the configuration is parsed: a malformed contract
// stops the run before any file is scanned, with an error naming the contract and the field.
import { describe, expect, it } from 'vitest';
import { analyse, ContractsError, formatTextReport, parseConfig } from '../../../src/contracts/index.ts';
import type { LinterConfig } from '../../../src/contracts/index.ts';

function configError(contract: string): ContractsError {
  try {
    parseConfig({
      path: '.importlinter',
      text: `[importlinter]\nroot_package = app\n\n[importlinter:contract:c]\n${contract}`,
    });
  } catch (error) {
    if (error instanceof ContractsError) return error;
    throw error;
  }
  throw new Error('expected an InvalidContract error');
}

const files = {
  'app/__init__.py': '',
  'app/high.py': '',
  'app/low.py': 'import app.high\n',
};

describe('contract types: options', () => {
  it.each([
    [
      'name = C\ntype = nonsense\n',
      'type',
      'expected one of layers, forbidden, independence, protected, acyclic_siblings',
    ],
    ['name = C\ntype = layers\n', 'layers', 'is required'],
    ['name = C\ntype = layers\nlayers =\n    a | b : c\n', 'layers', 'mixes | and :'],
    ['name = C\ntype = layers\nlayers =\n    app.high\nexhaustive = true\n', 'exhaustive', 'without containers'],
    ['name = C\ntype = forbidden\nsource_modules = app.low\n', 'forbidden_modules', 'is required'],
    [
      'name = C\ntype = forbidden\nsource_modules = app.low\nforbidden_modules = django\n',
      'forbidden_modules',
      'include_external_packages',
    ],
    [
      'name = C\ntype = protected\nprotected_modules = app.high\nas_packages = perhaps\n',
      'as_packages',
      'true or false',
    ],
    ['name = C\ntype = acyclic_siblings\nancestors = app\ndepth = deep\n', 'depth', 'whole number'],
    [
      'name = C\ntype = independence\nmodules = app.high\nignore_imports = app.low\n',
      'ignore_imports',
      'importer -> imported',
    ],
  ])('%j', (contract, field, message) => {
    const error = configError(contract);
    expect(error.kind).toBe('InvalidContract');
    expect(error.contract).toBe('C');
    expect(error.field).toBe(field);
    expect(error.message).toContain(message);
  });

  it('reports a bad flag before a bad alerting, and both before the type’s own checks', () => {
    const both =
      'name = C\ntype = layers\nlayers =\n    a | b : c\nexhaustive = x\nunmatched_ignore_imports_alerting = loud\n';
    expect(configError(both).field).toBe('exhaustive');
    expect(configError(both.replace('exhaustive = x\n', '')).field).toBe('unmatched_ignore_imports_alerting');
  });

  it('parses a contract that did not come through parseConfig when it is analysed', () => {
    const config: LinterConfig = {
      path: 'built-by-hand',
      rootPackages: ['app'],
      includeExternalPackages: false,
      excludeTypeCheckingImports: false,
      contracts: [{ id: 'l', name: 'L', type: 'layers', options: { layers: ['app.high', 'app.low'] } }],
    };
    const report = analyse(files, config);
    expect(report.contracts[0]!.kept).toBe(false);
    expect(formatTextReport(report)).toContain('app.low is not allowed to import app.high');
    const reversed = {
      ...config,
      contracts: [{ id: 'l', name: 'L', type: 'layers', options: { layers: ['app.low', 'app.high'] } }],
    };
    expect(analyse(files, reversed).contracts[0]!.kept).toBe(true);
    const malformed = { ...config, contracts: [{ id: 'l', name: 'L', type: 'layers', options: {} }] };
    expect(() => analyse(files, malformed)).toThrow(/"L" \(layers\): is required/);
  });
});
