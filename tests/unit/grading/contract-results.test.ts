// Feedback for a broken acyclic_siblings contract points at the cycle-breaking imports' own lines,
// which the engine reports beside the cycle breakers (kept out of the JSON report's shape).
import { describe, expect, it } from 'vitest';
import { analyse, parseConfig } from '../../../src/contracts/index.ts';
import type { AcyclicViolation, ContractReport } from '../../../src/contracts/index.ts';
import { toContractResults } from '../../../src/grading/index.ts';

const config = parseConfig({
  path: '.importlinter',
  text: '[importlinter]\nroot_package = game\n[importlinter:contract:acy]\nname = No cycles\ntype = acyclic_siblings\nancestors =\n    game\n',
});
const files = {
  'game/__init__.py': '',
  'game/a/__init__.py': '',
  'game/a/x.py': '"""import game.c.z in a docstring is not the import."""\nimport game.b.y\n',
  'game/b/__init__.py': '',
  'game/b/y.py': 'import game.c.z\n',
  'game/c/__init__.py': '',
  // The breaker: imported twice, the first time inside a function, after a decoy in a comment.
  'game/c/z.py': '# from game.a import x (a comment)\n\ndef late():\n    from game.a import x\n\nimport game.a.x\n',
};

describe('acyclic_siblings feedback', () => {
  it('gives each cycle breaker the lines the engine found, not a text search', () => {
    const report = analyse(files, config);
    const [violation] = report.contracts[0]!.violations as AcyclicViolation[];
    expect(violation!.cycle_breakers).toEqual([['game.c.z', 'game.a.x']]);
    expect(violation!.cycle_breaker_lines).toEqual([[4, 6]]);
    // The JSON report keeps import-linter's shape.
    expect(JSON.parse(JSON.stringify(violation))).toEqual({
      package: 'game',
      cycle_breakers: [['game.c.z', 'game.a.x']],
    });

    const [result] = toContractResults(report.contracts, files);
    expect(result!.kept).toBe(false);
    expect(result!.violations[0]!.lines).toEqual([
      { importer: 'game.c.z', imported: 'game.a.x', file: 'game/c/z.py', line: 4 },
      { importer: 'game.c.z', imported: 'game.a.x', file: 'game/c/z.py', line: 6 },
    ]);
  });

  it('leaves the line unknown for a report without lines (say, parsed from JSON)', () => {
    const parsed = JSON.parse(JSON.stringify(analyse(files, config).contracts)) as ContractReport[];
    expect(toContractResults(parsed, files)[0]!.violations[0]!.lines).toEqual([
      { importer: 'game.c.z', imported: 'game.a.x', file: 'game/c/z.py', line: null },
    ]);
  });
});
