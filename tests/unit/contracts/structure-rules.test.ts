import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  analyse,
  ContractsError,
  createAnalyser,
  formatTextReport,
  parseConfig,
} from '../../../src/contracts/index.ts';
import type { LintReport, RuleViolation } from '../../../src/contracts/index.ts';

const INI = `[importlinter]
root_package = app

[importlinter:contract:layers]
name = Layers
type = layers
layers =
    app.api
    app.domain

[strata:rule:dynamic]
name = No dynamic imports in app
type = no_dynamic_imports
packages =
    app

[strata:rule:private]
name = No private access into app.domain
type = no_private_access
packages =
    app.domain

[strata:rule:sql]
name = SQL only in the repository
type = sql_only_in
allowed_modules =
    app.domain.repository
`;

const BASE: Record<string, string> = {
  'app/__init__.py': '',
  'app/api/__init__.py': '',
  'app/api/views.py': 'x = 1\n',
  'app/domain/__init__.py': 'from app.domain._impl import helper\n',
  'app/domain/_impl.py': 'def helper():\n    return 1\n_SECRET = 2\n',
  'app/domain/model.py': 'from app.domain import _impl\nVALUE = _impl._SECRET\n',
  'app/domain/repository.py': 'def find(db):\n    return db.execute("SELECT id, name FROM items WHERE id = ?")\n',
};

const config = parseConfig({ path: '.importlinter', text: INI });

function run(path: string, source: string): LintReport {
  return analyse({ ...BASE, [path]: source }, config);
}

function rule(report: LintReport, type: string): RuleViolation[] {
  const found = report.contracts.find((contract) => contract.type === type);
  if (!found) throw new Error(`no ${type} report`);
  return found.violations as RuleViolation[];
}

const where = (violations: RuleViolation[]) => violations.map((v) => `${v.file}:${v.line}:${v.column} ${v.target}`);

describe('structure rules: configuration', () => {
  it('reads [strata:rule:*] sections into rules, not contracts', () => {
    expect(config.contracts.map((contract) => contract.id)).toEqual(['layers']);
    expect(config.rules?.map((item) => [item.id, item.type])).toEqual([
      ['dynamic', 'no_dynamic_imports'],
      ['private', 'no_private_access'],
      ['sql', 'sql_only_in'],
    ]);
  });

  it('reads [[tool.strata.rules]] from pyproject.toml', () => {
    const toml = parseConfig({
      path: 'pyproject.toml',
      text: `[tool.importlinter]\nroot_package = "app"\n\n[[tool.strata.rules]]\nid = "sql"\nname = "SQL in the repository"\ntype = "sql_only_in"\nallowed_modules = ["app.domain.repository"]\n`,
    });
    expect(toml.rules?.[0]).toMatchObject({ id: 'sql', type: 'sql_only_in' });
  });

  it('refuses an unknown type or option, and sql_only_in without allowed_modules, naming the field', () => {
    const bad = (body: string) => () =>
      parseConfig({ path: '.importlinter', text: `[importlinter]\nroot_package = app\n\n[strata:rule:x]\n${body}` });
    expect(bad('name = X\ntype = no_eval\n')).toThrow(/Rule "X" \(type\): unknown type "no_eval"/);
    expect(bad('name = X\ntype = sql_only_in\n')).toThrow(/\(allowed_modules\)/);
    expect(bad('name = X\ntype = no_dynamic_imports\nmodules = app\n')).toThrow(/\(modules\): unknown option/);
    expect(bad('name = X\ntype = no_dynamic_imports\n')).not.toThrow();
    expect(bad('type = no_dynamic_imports\n')).toThrow(ContractsError);
  });

  it('reports the rules as contracts after the import contracts, and a clean project keeps them all', () => {
    const report = analyse(BASE, config);
    expect(report.contracts.map((contract) => [contract.name, contract.kept])).toEqual([
      ['Layers', true],
      ['No dynamic imports in app', true],
      ['No private access into app.domain', true],
      ['SQL only in the repository', true],
    ]);
    expect(report.exit_code).toBe(0);
  });

  it('selects a rule by id like a contract', () => {
    const report = analyse(BASE, config, { contractIds: ['sql'] });
    expect(report.contracts.map((contract) => contract.type)).toEqual(['sql_only_in']);
  });
});

describe('no_dynamic_imports', () => {
  const dynamic = (source: string) => rule(run('app/api/views.py', source), 'no_dynamic_imports');

  it.each([
    ['import importlib\nm = importlib.import_module("app.domain.model")\n', 'importlib'],
    ['from importlib import import_module as im\nm = im("app.domain.model")\n', 'importlib'],
    ['import importlib as il\n', 'importlib'],
    ['import importlib.util\n', 'importlib'],
    ['m = __import__("app.domain.model")\n', '__import__'],
    ['loader = __import__\n', '__import__'],
    ['exec("import app.domain.model")\n', 'exec'],
    ['eval("1")\n', 'eval'],
    ['code = compile("import os", "x", "exec")\n', 'compile'],
    ['import builtins\nbuiltins.__import__("app.domain")\n', 'builtins'],
    ['import runpy\n', 'runpy'],
    ['import sys\nm = sys.modules["app.domain.model"]\n', 'sys.modules'],
    ['from sys import modules\n', 'sys.modules'],
    ['import sys as s\nm = s.modules.get("app.domain.model")\n', 'sys.modules'],
    ['import sys\nm = getattr(sys, "modules")["app.domain.model"]\n', 'sys.modules'],
    ['b = globals()["__builtins__"]\n', '__builtins__'],
    ['f = getattr(__builtins__, "__import__")\n', '__builtins__'],
    ['def f():\n    if True: import importlib\n', 'importlib'],
    ['x = f"{__import__(\'app.domain.model\')}"\n', '__import__'],
    ['ｅｘｅｃ("import os")\n', 'exec'],
  ])('catches %j', (source, target) => {
    const found = dynamic(source);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]!.target).toBe(target);
    expect(found[0]!.file).toBe('app/api/views.py');
  });

  it('points at the line and column of the offending text', () => {
    const found = dynamic('"""Loads nothing."""\nimport os\n\nvalue = os.sep + __import__("json").dumps(1)\n');
    expect(where(found)).toEqual(['app/api/views.py:4:18 __import__']);
    expect(found[0]!.text).toBe('__import__');
  });

  it.each([
    ['a docstring', '"""Never use importlib.import_module or __import__ here."""\n'],
    ['a comment', '# importlib.import_module("x") would hide this import\nx = 1\n'],
    ['a string that mentions it', 'HELP = "do not call __import__(name) or exec(code)"\n'],
    ['re.compile and a method named eval', 'import re\nPATTERN = re.compile("a+")\nresult = model.eval()\n'],
    ['a keyword argument named compile', 'settings(compile=True)\n'],
    ['a method definition named exec', 'class Job:\n    def exec(self):\n        return 1\n'],
    ['sys without its module table', 'import sys\nprint(sys.argv, file=sys.stderr)\n'],
  ])('leaves %s alone', (_label, source) => {
    expect(dynamic(source)).toEqual([]);
  });

  it('covers only the packages it names', () => {
    const report = analyse(
      { ...BASE, 'app/api/views.py': 'import importlib\n' },
      {
        ...config,
        rules: [{ id: 'd', name: 'D', type: 'no_dynamic_imports', options: { packages: ['app.domain'] } }],
      },
    );
    expect(report.contracts.at(-1)!.kept).toBe(true);
  });
});

describe('no_private_access', () => {
  const privateAccess = (source: string, path = 'app/api/views.py') => rule(run(path, source), 'no_private_access');

  it.each([
    ['from app.domain import _impl\n', 'app.domain._impl', 1, 24],
    ['import app.domain._impl\n', 'app.domain._impl', 1, 19],
    ['from app.domain._impl import helper\n', 'app.domain._impl', 1, 17],
    ['from ..domain import _impl\n', 'app.domain._impl', 1, 22],
    ['import app.domain\nx = app.domain._impl.helper()\n', 'app.domain._impl', 2, 16],
    ['from app.domain import model\nx = model._impl._SECRET\n', 'app.domain.model._impl', 2, 11],
    ['from app import domain as d\nx = getattr(d, "_impl")\n', 'app.domain._impl', 2, 16],
    ['from app.domain import model as m\n\ndef f():\n    return m._impl\n', 'app.domain.model._impl', 4, 14],
  ])('catches %j', (source, target, line, column) => {
    const found = privateAccess(source);
    expect(found.map((v) => [v.target, v.line, v.column])).toEqual([[target, line, column]]);
  });

  it('lets the package use its own private modules and names, and anyone use dunders', () => {
    expect(privateAccess('import app.domain\nprint(app.domain.__name__, app.domain.model.__file__)\n')).toEqual([]);
    expect(rule(analyse(BASE, config), 'no_private_access')).toEqual([]);
  });

  it('ignores private names of other objects and of unguarded packages', () => {
    expect(privateAccess('class A:\n    def f(self):\n        return self._x\n')).toEqual([]);
    expect(privateAccess('import collections\nx = collections._count_elements\n')).toEqual([]);
    expect(privateAccess('"""Use app.domain._impl? No."""\n# from app.domain import _impl\n')).toEqual([]);
  });

  it("with scope = module, keeps a module's _names from its sibling modules too", () => {
    const moduleScope = {
      ...config,
      rules: [{ id: 'p', name: 'P', type: 'no_private_access', options: { packages: ['app'], scope: ['module'] } }],
    };
    const files = { ...BASE, 'app/domain/model.py': 'from app.domain import _impl\nVALUE = _impl._SECRET\n' };
    const found = analyse(files, moduleScope).contracts.at(-1)!.violations as RuleViolation[];
    expect(found.map((v) => [v.module, v.target])).toEqual([['app.domain.model', 'app.domain._impl._SECRET']]);
  });
});

describe('sql_only_in', () => {
  const sql = (source: string, path = 'app/api/views.py') => rule(run(path, source), 'sql_only_in');

  it.each([
    ['rows = db.execute("SELECT id, name FROM items")\n'],
    ['rows = db.execute("select * from items where id = ?", (1,))\n'],
    ['db.execute("INSERT INTO items VALUES (?, ?)", row)\n'],
    ['db.execute("UPDATE items SET name = ? WHERE id = ?", row)\n'],
    ['db.execute("DELETE FROM items WHERE id = ?", (1,))\n'],
    ['SCHEMA = """\nCREATE TABLE items (id INTEGER PRIMARY KEY)\n"""\n'],
    ['db.execute(f"SELECT {columns} FROM {table} WHERE id = ?")\n'],
    ['db.execute("SEL" "ECT id FROM items")\n'],
    ['db.execute(\n    "SELECT id "\n    "FROM items"\n)\n'],
    ['query = "SELECT id " + "FROM " + table\n'],
    ['query = b"DELETE FROM items"\n'],
    ['x = f"{run(\'DELETE FROM items\')}"\n'],
  ])('catches %j', (source) => {
    const found = sql(source);
    expect(found).toHaveLength(1);
    expect(found[0]!.target).toBe('SQL');
  });

  it('points at the string that starts the statement', () => {
    const found = sql('name = "items"\nrows = run(\n    "id, " "name",\n    "SELECT x FROM t",\n)\n');
    expect(where(found)).toEqual(['app/api/views.py:4:5 SQL']);
    expect(found[0]!.text).toBe('"SELECT x FROM t"');
  });

  it.each([
    ['a docstring', '"""Runs SELECT id FROM items through the repository."""\n'],
    ['a comment', '# SELECT id FROM items\nx = 1\n'],
    ['plain English', 'raise ValueError("Select a book from the list, then update the set of loans")\n'],
    ['a message naming a keyword', 'print("delete", "from")\n'],
  ])('leaves %s alone', (_label, source) => {
    expect(sql(source)).toEqual([]);
  });

  it('allows SQL in the modules it names', () => {
    expect(sql('Q = "DELETE FROM items"\n', 'app/domain/repository.py')).toEqual([]);
  });
});

describe('structure rules in reports and the incremental analyser', () => {
  it('renders a broken rule with file, line, column and text in the text report', () => {
    const text = formatTextReport(run('app/api/views.py', 'import importlib\n'));
    expect(text).toContain('No dynamic imports in app BROKEN');
    expect(text).toContain('- app/api/views.py:1:1: import importlib');
    expect(text).toMatch(/Contracts: 3 kept, 1 broken\./);
  });

  it('gives after each edit the same verdict as a full analysis', () => {
    const analyser = createAnalyser({ ...BASE }, config);
    expect(analyser.report().exit_code).toBe(0);
    const edited = analyser.update('app/api/views.py', 'import sys\nm = sys.modules["app.domain"]\n');
    expect(edited).toEqual(
      analyse({ ...BASE, 'app/api/views.py': 'import sys\nm = sys.modules["app.domain"]\n' }, config),
    );
    expect(rule(edited, 'no_dynamic_imports')).toHaveLength(1);
    const fixed = analyser.update('app/api/views.py', 'x = 1\n');
    expect(fixed.exit_code).toBe(0);
    const added = analyser.update('app/api/extra.py', 'Q = "DELETE FROM items"\n');
    expect(where(rule(added, 'sql_only_in'))).toEqual(['app/api/extra.py:1:5 SQL']);
  });
});

describe('structure rules beside import-linter', () => {
  it("leaves every exercise's contracts as lint-imports reads them (its INI reader, on python3's configparser)", () => {
    // import-linter's IniFileUserOptionReader: the `importlinter` section, and as contracts every
    // section whose name starts with `importlinter:` (adapters/user_options.py).
    const reader = String.raw`
import configparser, json, pathlib, sys
out = {}
for path in sorted(pathlib.Path(sys.argv[1]).glob("*/.importlinter")):
    config = configparser.ConfigParser()
    config.read_string(path.read_text())
    out[path.parent.name] = [s.split(":")[-1] for s in config.sections() if s.startswith("importlinter:")]
print(json.dumps(out))
`;
    const exercises = join(import.meta.dirname, '../../../exercises');
    const read = JSON.parse(execFileSync('python3', ['-c', reader, exercises], { encoding: 'utf8' })) as Record<
      string,
      string[]
    >;
    const withRules = Object.keys(read).filter((folder) => {
      const parsed = parseConfig({
        path: '.importlinter',
        text: readFileSync(join(exercises, folder, '.importlinter'), 'utf8'),
      });
      expect(read[folder]).toEqual(parsed.contracts.map((contract) => contract.id));
      return (parsed.rules ?? []).length > 0;
    });
    expect(withRules.length).toBeGreaterThan(0);
  });
});
