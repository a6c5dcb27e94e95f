// The grading path for an exercise where the learner writes the contracts (exercise 18): their
// configuration is run on the exercise's hidden projects. Each configuration below is one a
// learner might hand in to score without stating the architecture; each must score low.
import { describe, expect, it } from 'vitest';
import { gradeContracts, gradeSubmission, parseExercise } from '../../../src/grading/index.ts';
import type { Exercise } from '../../../src/grading/index.ts';
import type { ContractResult } from '../../../src/schemas/index.ts';
import { readTree } from '../../../src/runtime/node.ts';

const ID = '18-write-the-contracts';
const exercise: Exercise = parseExercise(ID, await readTree(`exercises/${ID}`));
const SOLUTION = exercise.solution['.importlinter'] ?? '';
const HEADER = '[importlinter]\nroot_package = shop\n';
const LAYERS = `
[importlinter:contract:layers]
name = Layers
type = layers
layers =
    shop.main
    shop.adapters
    shop.application
    shop.domain
`;
const FEATURES = `
[importlinter:contract:features]
name = Features
type = independence
modules =
    shop.application.ordering
    shop.application.invoicing
`;

function withConfig(text: string): Record<string, string> {
  return { ...exercise.starter, '.importlinter': text };
}

function verdicts(text: string): Record<string, boolean> {
  const { results } = gradeContracts(exercise, withConfig(text));
  return Object.fromEntries(results.map((result) => [result.name, result.kept]));
}

/** The score the contracts alone give (no Python runtime: the visible tests are not run). */
async function contractsScore(text: string): Promise<number> {
  const report = await gradeSubmission({ exercise, files: withConfig(text), nonce: 'n' });
  return report.score;
}

const catches = (results: Record<string, boolean>) =>
  Object.entries(results).filter(([name, kept]) => name.startsWith('Catches') && kept).length;

describe('grading contracts the learner writes', () => {
  it('gives the solution every check, each named in exercise.json or by a required type', () => {
    const { results, error } = gradeContracts(exercise, exercise.solution);
    expect(error).toBeUndefined();
    expect(results.map((result) => [result.name, result.type, result.kept])).toEqual([
      ['Uses a layers contract', 'uses-contract-type', true],
      ['Uses an independence contract', 'uses-contract-type', true],
      ['Keeps your own project', 'keeps-project', true],
      ['Keeps a shop with a new domain module and a CSV export', 'keeps-project', true],
      ['Keeps a shop with a third feature', 'keeps-project', true],
      ['Catches the domain importing an adapter', 'catches-imports', true],
      ['Catches the application importing an adapter', 'catches-imports', true],
      ['Catches one feature importing another', 'catches-imports', true],
      ['Catches the domain reaching an adapter indirectly', 'catches-imports', true],
    ]);
  });

  it('grades the configuration the submission carries, not a copy the grader supplies', async () => {
    const report = await gradeSubmission({ exercise, files: exercise.solution, nonce: 'n' });
    expect(report.score).toBe(100);
    expect(report.errors.filter((error) => error.includes('.importlinter'))).toEqual([]);
    expect(await contractsScore(exercise.starter['.importlinter'] ?? '')).toBe(0);
  });

  it('an empty configuration keeps nothing: silence is not a verdict', async () => {
    const results = gradeContracts(exercise, withConfig(HEADER)).results;
    expect(results.every((result) => !result.kept)).toBe(true);
    expect(results.find((result) => result.name === 'Keeps your own project')?.warnings).toEqual([
      '.importlinter has no contracts: it checks nothing, so it keeps nothing',
    ]);
    expect(await contractsScore(HEADER)).toBe(0);
  });

  it("a missing or unparsable configuration fails every check with the parser's message, never a throw", async () => {
    const missing = { ...exercise.starter };
    delete missing['.importlinter'];
    const none = gradeContracts(exercise, missing);
    expect(none.error).toBe(
      'your contracts could not be read: .importlinter: file is missing: write your contracts there',
    );
    expect(none.results.every((result) => !result.kept)).toBe(true);

    const broken = `${HEADER}[importlinter:contract:layers]\nname = Layers\ntype = layers\n`;
    const graded = gradeContracts(exercise, withConfig(broken));
    expect(graded.error).toMatch(/^your contracts could not be read: .*\.importlinter.*layers/);
    expect(graded.results.every((result) => !result.kept && result.warnings.length === 1)).toBe(true);
    const report = await gradeSubmission({ exercise, files: withConfig(broken), nonce: 'n' });
    expect(report.score).toBe(0);
    expect(report.errors[0]).toBe(graded.error);
  });

  it('a configuration that forbids everything catches every illegal import but keeps no project', async () => {
    const everything = `${HEADER}
[importlinter:contract:all]
name = Everything is independent
type = independence
modules =
    shop.main
    shop.adapters
    shop.application
    shop.domain
${LAYERS}${FEATURES}`;
    const results = verdicts(everything);
    expect(catches(results)).toBe(4);
    expect(results['Keeps your own project']).toBe(false);
    expect(await contractsScore(everything)).toBe(30);
  });

  it('contracts upside down (domain on top) keep nothing and catch nothing that matters', async () => {
    const upsideDown = `${HEADER}
[importlinter:contract:layers]
name = Layers
type = layers
layers =
    shop.domain
    shop.application
    shop.adapters
    shop.main
${FEATURES}`;
    const results = verdicts(upsideDown);
    expect(results['Keeps your own project']).toBe(false);
    expect(await contractsScore(upsideDown)).toBeLessThanOrEqual(30);
  });

  it('contracts naming modules that do not exist fail with the reason', async () => {
    const invented = `${HEADER}
[importlinter:contract:layers]
name = Dependencies point down: main, adapters, application, domain
type = layers
layers =
    shop.web
    shop.services
    shop.models
${FEATURES}`;
    const { results } = gradeContracts(exercise, withConfig(invented));
    const own = results.find((result) => result.name === 'Keeps your own project');
    expect(own?.kept).toBe(false);
    expect(own?.warnings[0]).toMatch(/shop\.web/);
    expect(catches(Object.fromEntries(results.map((result) => [result.name, result.kept])))).toBe(0);
    expect(await contractsScore(invented)).toBeLessThanOrEqual(30);
  });

  it('a custom contract type is refused like any configuration error', async () => {
    const custom = `[importlinter]
root_package = shop
contract_types =
    always_kept: mypackage.contracts.AlwaysKept

[importlinter:contract:mine]
name = Mine
type = always_kept
${LAYERS}${FEATURES}`;
    const graded = gradeContracts(exercise, withConfig(custom));
    expect(graded.error).toMatch(/mypackage\.contracts\.AlwaysKept/);
    expect(graded.results.some((result) => result.kept)).toBe(false);
    expect(await contractsScore(custom)).toBe(0);
  });

  it('ignore_imports that hide a violation, unmatched alerts off, let that project through: capped', async () => {
    const hiding = `${HEADER}
[importlinter:contract:layers]
name = Layers
type = layers
unmatched_ignore_imports_alerting = none
layers =
    shop.main
    shop.adapters
    shop.application
    shop.domain
ignore_imports =
    shop.domain.** -> shop.adapters.**
    shop.domain.** -> shop.formatting
${FEATURES}`;
    const results = verdicts(hiding);
    expect(results['Catches the domain importing an adapter']).toBe(false);
    expect(results['Catches the application importing an adapter']).toBe(true);
    expect(results['Keeps your own project']).toBe(true);
    expect(await contractsScore(hiding)).toBe(50);
  });

  it("the lesson's contract names with the wrong modules: names earn nothing, behaviour is graded", async () => {
    const solutionNames = `${HEADER}
[importlinter:contract:layers]
name = Dependencies point down: main, adapters, application, domain
type = layers
layers =
    shop.main
    shop.domain
[importlinter:contract:features]
name = The application's features are independent of each other
type = independence
modules =
    shop.adapters.memory
    shop.adapters.console
`;
    const results = verdicts(solutionNames);
    expect(results['Uses a layers contract']).toBe(true);
    // console imports memory: "independent" adapters break the learner's own project.
    expect(results['Keeps your own project']).toBe(false);
    expect(await contractsScore(solutionNames)).toBeLessThanOrEqual(30);
  });

  it('layers alone miss the cross-feature import; forbidden with allow_indirect_imports misses the chain', () => {
    const layersOnly = verdicts(`${HEADER}${LAYERS}`);
    expect(layersOnly['Catches one feature importing another']).toBe(false);
    expect(layersOnly['Uses an independence contract']).toBe(false);
    expect(catches(layersOnly)).toBe(3);

    const directOnly = verdicts(`${HEADER}
[importlinter:contract:domain]
name = The domain uses no adapter
type = forbidden
source_modules = shop.domain
forbidden_modules = shop.adapters
allow_indirect_imports = True
`);
    expect(directOnly['Catches the domain importing an adapter']).toBe(true);
    expect(directOnly['Catches the domain reaching an adapter indirectly']).toBe(false);
    // With the features' independence contract the chain is caught after all: ordering reaches
    // invoicing through it (domain.money -> formatting -> adapters.console -> invoicing).
    const withFeatures = verdicts(`${HEADER}${FEATURES}`);
    expect(withFeatures['Catches the domain reaching an adapter indirectly']).toBe(true);
  });

  it("shows the learner's own violations with their lines, and no hidden project's files", () => {
    const strict = `${HEADER}
[importlinter:contract:adapters]
name = Adapters do not use the domain
type = forbidden
source_modules = shop.adapters
forbidden_modules = shop.domain
${LAYERS}${FEATURES}`;
    const { results } = gradeContracts(exercise, withConfig(strict));
    const byName = new Map<string, ContractResult>(results.map((result) => [result.name, result]));
    const own = byName.get('Keeps your own project');
    expect(own?.kept).toBe(false);
    expect(own?.violations[0]?.summary).toMatch(
      /^Adapters do not use the domain: shop\.adapters(\.\w+)? -> shop\.domain/,
    );
    expect(own?.violations[0]?.lines[0]?.file).toMatch(/^shop\/adapters\/\w+\.py$/);
    const clean = byName.get('Keeps a shop with a new domain module and a CSV export');
    expect(clean?.kept).toBe(false);
    expect(clean?.violations).toEqual([]);
    expect(clean?.warnings).toEqual([
      'a legitimate project breaks your contracts "Adapters do not use the domain": they forbid too much',
    ]);
  });

  it('the solution written as pyproject.toml grades the same when the exercise names that file', () => {
    const toml = `[tool.importlinter]
root_package = "shop"

[[tool.importlinter.contracts]]
name = "Layers"
type = "layers"
layers = ["shop.main", "shop.adapters", "shop.application", "shop.domain"]

[[tool.importlinter.contracts]]
name = "Features"
type = "independence"
modules = ["shop.application.ordering", "shop.application.invoicing"]
`;
    const spec = exercise.meta.writesContracts!;
    const asToml: Exercise = {
      ...exercise,
      meta: { ...exercise.meta, writesContracts: { ...spec, config: 'pyproject.toml' } },
    };
    const { results } = gradeContracts(asToml, { ...exercise.starter, 'pyproject.toml': toml });
    expect(results.every((result) => result.kept)).toBe(true);
    expect(SOLUTION).toContain('type = layers');
  });
});
