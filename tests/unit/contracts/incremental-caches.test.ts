// A layers contract's containers and wildcard matches are resolved once per graph. Editing imports
// keeps the graph; adding or deleting a module builds a new one, so the containers follow.
import { describe, expect, it } from 'vitest';
import { analyse, createAnalyser, parseConfig } from '../../../src/contracts/index.ts';
import type { PackageViolation, SourceFiles } from '../../../src/contracts/index.ts';

const config = parseConfig({
  path: '.importlinter',
  text: '[importlinter]\nroot_package = app\n[importlinter:contract:l]\nname = L\ntype = layers\ncontainers =\n    app.*\nlayers =\n    api\n    domain\n[importlinter:contract:i]\nname = I\ntype = independence\nmodules =\n    app.*\n',
});
const feature = (name: string, domain = ''): SourceFiles => ({
  [`app/${name}/__init__.py`]: '',
  [`app/${name}/api.py`]: `from app.${name} import domain\n`,
  [`app/${name}/domain.py`]: domain,
});
const pairs = (violations: unknown[]) =>
  (violations as PackageViolation[]).map((violation) => `${violation.importer} -> ${violation.imported}`);

describe('incremental analysis with per-graph caches', () => {
  it('sees a container added, edited and deleted, as a fresh analysis does', () => {
    const files: SourceFiles = { 'app/__init__.py': '', ...feature('orders'), ...feature('users') };
    const analyser = createAnalyser(files, config);
    expect(analyser.report().contracts.map((contract) => contract.kept)).toEqual([true, true]);

    Object.assign(files, feature('billing', 'from app.billing import api\n'));
    // Its layers first: the package (and so the container) appears with its __init__.py.
    for (const [path, text] of Object.entries(feature('billing', 'from app.billing import api\n')).reverse()) {
      analyser.update(path, text);
    }
    let report = analyser.report();
    expect(pairs(report.contracts[0]!.violations)).toEqual(['app.billing.domain -> app.billing.api']);
    expect(report).toEqual(analyse(files, config));

    files['app/orders/domain.py'] = 'import app.orders.api\nimport app.users.domain\n';
    report = analyser.update('app/orders/domain.py', files['app/orders/domain.py']);
    expect(pairs(report.contracts[0]!.violations)).toEqual([
      'app.billing.domain -> app.billing.api',
      'app.orders.domain -> app.orders.api',
    ]);
    expect(pairs(report.contracts[1]!.violations)).toEqual(['app.orders -> app.users']);
    expect(report).toEqual(analyse(files, config));

    for (const path of Object.keys(feature('billing'))) {
      delete files[path];
      report = analyser.update(path, null);
    }
    expect(pairs(report.contracts[0]!.violations)).toEqual(['app.orders.domain -> app.orders.api']);
    expect(report).toEqual(analyse(files, config));
  });
});
