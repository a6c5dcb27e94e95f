import { describe, expect, it } from 'vitest';
import { analyse, ContractsError, createAnalyser, findConfigFile, parseConfig } from '../../../src/contracts/index.ts';
import type { PackageViolation } from '../../../src/contracts/index.ts';

const CONFIG = `[importlinter]
root_package = app

[importlinter:contract:layers]
name = Layers
type = layers
layers =
    app.api
    app.domain
`;

const files = (): Record<string, string> => ({
  '.importlinter': CONFIG,
  'app/__init__.py': '',
  'app/api/__init__.py': '',
  'app/api/views.py': 'from app.domain import model\n',
  'app/domain/__init__.py': '',
  'app/domain/model.py': 'x = 1\n',
});

function errorOf(run: () => unknown): ContractsError {
  try {
    run();
  } catch (error) {
    if (error instanceof ContractsError) return error;
  }
  throw new Error('expected a ContractsError');
}

describe('contracts engine', () => {
  it('decodes source per PEP 263 and reports undecodable files', () => {
    const latin1 = new Uint8Array([
      ...new TextEncoder().encode('# -*- coding: latin-1 -*-\ns = "'),
      0xe9,
      ...new TextEncoder().encode('"\nimport app.api.views\n'),
    ]);
    const config = parseConfig(findConfigFile(files())!);
    const report = analyse({ ...files(), 'app/domain/model.py': latin1 }, config);
    expect(report.contracts[0]!.kept).toBe(false);
    const bad = new Uint8Array([0x69, 0x6d, 0x70, 0xff, 0xfe]);
    expect(errorOf(() => analyse({ ...files(), 'app/domain/model.py': bad }, config)).file).toBe('app/domain/model.py');
  });

  it('names the contract and field of a malformed contract', () => {
    const mixed = CONFIG.replace('    app.domain\n', '    app.domain | app.x : app.y\n');
    const error = errorOf(() => analyse(files(), parseConfig({ path: '.importlinter', text: mixed })));
    expect([error.contract, error.field]).toEqual(['Layers', 'layers']);
    const exhaustive = `${CONFIG}exhaustive = true\n`;
    expect(errorOf(() => analyse(files(), parseConfig({ path: '.importlinter', text: exhaustive }))).field).toBe(
      'exhaustive',
    );
    const external = `[importlinter]\nroot_package = app\n\n[importlinter:contract:f]\nname = F\ntype = forbidden\nsource_modules = app.domain\nforbidden_modules = os\n`;
    const externalError = errorOf(() => analyse(files(), parseConfig({ path: '.importlinter', text: external })));
    expect(externalError.message).toMatch(/include_external_packages/);
  });

  it('updates one file incrementally and re-checks', () => {
    const analyser = createAnalyser(files(), parseConfig(findConfigFile(files())!));
    expect(analyser.report().exit_code).toBe(0);
    const broken = analyser.update('app/domain/model.py', 'from app.api import views\n');
    expect(broken.exit_code).toBe(1);
    const violation = broken.contracts[0]!.violations[0] as PackageViolation;
    expect(violation.routes[0]!.chain[0]).toEqual({
      importer: 'app.domain.model',
      imported: 'app.api.views',
      line_numbers: [1],
    });
    expect(analyser.update('app/domain/model.py', 'x = 2\n').exit_code).toBe(0);
    expect(analyser.update('app/domain/extra.py', 'import app.api\n').exit_code).toBe(1);
    expect(analyser.update('app/domain/extra.py', null).exit_code).toBe(0);
  });

  it('warns instead of failing on an unmatched ignore when alerting = warn', () => {
    const text = `${CONFIG}ignore_imports = app.domain.model -> app.api.views\nunmatched_ignore_imports_alerting = warn\n`;
    const report = analyse(files(), parseConfig({ path: '.importlinter', text }));
    expect(report.contracts[0]!.warnings).toEqual(['No matches for ignored import app.domain.model -> app.api.views.']);
  });

  it('names every unmatched ignore, once each, in the order written (import-linter 2.12)', () => {
    const ignores = [
      'app.zeta -> app.api',
      'app.api.views -> app.domain.model',
      'app.alpha -> app.api',
      'app.zeta -> app.api',
    ];
    const text = (alerting: string) =>
      `${CONFIG}ignore_imports =\n${ignores.map((line) => `    ${line}\n`).join('')}unmatched_ignore_imports_alerting = ${alerting}\n`;
    const error = errorOf(() => analyse(files(), parseConfig({ path: '.importlinter', text: text('error') })));
    expect(error.message).toBe(
      'No matches for ignored import app.zeta -> app.api.\nNo matches for ignored import app.alpha -> app.api.',
    );
    const warned = analyse(files(), parseConfig({ path: '.importlinter', text: text('warn') }));
    expect(warned.contracts[0]!.warnings).toEqual([
      'No matches for ignored import app.zeta -> app.api.',
      'No matches for ignored import app.alpha -> app.api.',
    ]);
  });
});
