// Claims that lessons and exercise READMEs make about Python and about import contracts, checked
// against the real python3 and against the contracts engine behind `strata lint`. Each test reads
// the lesson's own code or contract where it can, so the text cannot drift from what is checked.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { analyse, formatTextReport, parseConfig } from '../../src/contracts/index.ts';
import type { LintReport } from '../../src/contracts/index.ts';

type Files = Record<string, string>;

const lesson = (slug: string) => readFileSync(join('content/lessons', `${slug}.mdx`), 'utf8');

/** The body of the first fenced block in `source` whose opening line contains `marker`. */
function fence(source: string, marker: string): string {
  const lines = source.split('\n');
  const start = lines.findIndex((line) => line.startsWith('```') && line.includes(marker));
  if (start < 0) throw new Error(`no fence containing ${marker}`);
  const end = lines.findIndex((line, index) => index > start && line.startsWith('```'));
  return `${lines.slice(start + 1, end).join('\n')}\n`;
}

/** Every fenced block whose opening line contains `marker`. */
function fencesWith(source: string, marker: string): string[] {
  const bodies: string[] = [];
  const lines = source.split('\n');
  lines.forEach((line, start) => {
    if (!line.startsWith('```') || !line.includes(marker)) return;
    const end = lines.findIndex((next, index) => index > start && next.startsWith('```'));
    bodies.push(`${lines.slice(start + 1, end).join('\n')}\n`);
  });
  return bodies;
}

/** Lints `files` against `config` with the engine `strata lint` runs. */
function lint(files: Files, config: string): LintReport {
  return analyse(files, parseConfig({ path: '.importlinter', text: config }));
}

const kept = (report: LintReport) => Object.fromEntries(report.contracts.map((c) => [c.name, c.kept]));

/** Writes `files` to a temporary folder and runs `args` with python3 there. */
function python(files: Files, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'strata-claim-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const result = spawnSync('python3', ['-B', ...args], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 20_000,
    env: { PATH: process.env.PATH ?? '' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('modular-monolith: a feature that needs an answer uses a port, not an import', () => {
  const source = lesson('modular-monolith');
  const config = `[importlinter]\nroot_package = school\n\n${fence(source, 'title=".importlinter"')}`;
  const base: Files = {
    'school/__init__.py': '',
    'school/shared/__init__.py': '',
    'school/notifications/__init__.py': '',
    'school/enrolment/__init__.py': 'def is_enrolled(student, course):\n    return True\n',
    'school/billing/__init__.py': 'from school.billing.refunds import Refunds\n',
  };

  it('keeps the contract with the port and the wiring the lesson shows', () => {
    const files = {
      ...base,
      'school/billing/refunds.py': fence(source, 'title="school/billing/refunds.py"'),
      'school/app.py': fence(source, 'title="school/app.py"'),
    };
    expect(Object.values(kept(lint(files, config)))).toEqual([true, true]);
  });

  it('breaks the independence contract when billing imports the public API of enrolment', () => {
    const files = {
      ...base,
      'school/billing/refunds.py': 'from school.enrolment import is_enrolled\n',
      'school/app.py': '',
    };
    expect(kept(lint(files, config))['Features are independent']).toBe(false);
  });
});

describe('configuration-architecture: only config reads the environment', () => {
  const config = fence(lesson('configuration-architecture'), 'title=".importlinter"');
  const files: Files = {
    'notify/__init__.py': '',
    'notify/config.py': 'import os\n',
    'notify/main.py': 'from notify import config, mailer, batcher\n',
    'notify/mailer.py': '',
    'notify/batcher.py': '',
  };

  it('lets features import config, which imports os', () => {
    expect(kept(lint(files, config))).toEqual({ 'Only config reads the environment': true });
  });

  it('needs allow_indirect_imports: without it the chain main -> config -> os breaks the contract', () => {
    const strict = config.replace('allow_indirect_imports = True\n', '');
    expect(strict).not.toBe(config);
    expect(kept(lint(files, strict))).toEqual({ 'Only config reads the environment': false });
  });

  it('still fails a direct import of os', () => {
    expect(kept(lint({ ...files, 'notify/mailer.py': 'import os\n' }, config))).toEqual({
      'Only config reads the environment': false,
    });
  });
});

describe('enforcing-architecture-with-contracts: chains and the protected contract', () => {
  const source = lesson('enforcing-architecture-with-contracts');
  const layers = fence(source, 'title=".importlinter"');
  const shop: Files = {
    'shop/__init__.py': '',
    'shop/api/__init__.py': '',
    'shop/api/routes.py': '',
    'shop/services/__init__.py': '',
    'shop/repositories/__init__.py': '',
    'shop/domain/__init__.py': '',
    'shop/domain/order.py': 'from shop.utils import helpers\n',
    'shop/utils/__init__.py': '',
    'shop/utils/helpers.py': 'from shop.api import routes\n',
  };

  it('reports one chain when utils is in no layer', () => {
    expect(layers).not.toContain('shop.utils');
    const report = formatTextReport(lint(shop, layers));
    expect(report).toContain(fence(source, 'title="report: utils in no layer"').trim());
  });

  it('reports two upward imports when utils is a layer between api and domain', () => {
    const withUtils = layers.replace(/ {4}shop\.services\n {4}shop\.repositories\n/, '    shop.utils\n');
    expect(withUtils).toContain('shop.utils');
    const report = formatTextReport(lint(shop, withUtils));
    expect(report).toContain(fence(source, 'title="report: utils as a layer between api and domain"').trim());
  });

  it('protected forbids direct imports only', () => {
    const all = fencesWith(source, 'title=".importlinter"')[1]!;
    const ledger = all.slice(
      all.indexOf('[importlinter:contract:ledger]'),
      all.indexOf('[importlinter:contract:no-cycles]'),
    );
    const config = `[importlinter]\nroot_package = bank\n\n${ledger}`;
    const bank: Files = {
      'bank/__init__.py': '',
      'bank/ledger/__init__.py': 'from bank.ledger import entries\n',
      'bank/ledger/entries.py': '',
      'bank/api/__init__.py': 'from bank import ledger\n',
      'bank/reports.py': 'from bank import api\n',
    };
    expect(kept(lint(bank, config))).toEqual({ 'Only the API may touch the ledger': true });
    const direct = { ...bank, 'bank/reports.py': 'from bank import ledger\n' };
    expect(kept(lint(direct, config))).toEqual({ 'Only the API may touch the ledger': false });
  });
});

describe('one layer order: infrastructure and adapters above the application, the domain at the bottom', () => {
  const layersOf = (text: string) =>
    /layers =\n((?: {4}.+\n)+)/
      .exec(text)![1]!
      .trim()
      .split('\n')
      .map((line) => line.trim());
  const position = (layers: string[], part: string) => layers.findIndex((layer) => layer.includes(part));

  it.each([
    ['07-value-objects-and-events', 'billing.infra', 'billing.app'],
    ['09-ports-and-adapters', 'pricewatch.adapters', 'pricewatch.application'],
    ['12-order-hexagon-capstone', 'orders.adapters', 'orders.application'],
  ])('exercise %s puts %s above %s', (exercise, outer, inner) => {
    const layers = layersOf(readFileSync(join('exercises', exercise, '.importlinter'), 'utf8'));
    expect(position(layers, outer)).toBeGreaterThanOrEqual(0);
    expect(position(layers, outer)).toBeLessThan(position(layers, inner));
  });

  it.each([
    ['modelling-the-domain', 'billing.infrastructure', 'billing.application'],
    ['hexagonal-architecture', 'pricewatch.adapters', 'pricewatch.application'],
    ['monolith-to-services', 'orders.adapters', 'orders.application'],
  ])('the diagram in %s puts %s above %s', (slug, outer, inner) => {
    const diagram = /<LayerDiagram\s+layers=\{(\[.*?\])\}/s.exec(lesson(slug))![1]!;
    const layers = JSON.parse(diagram) as string[];
    expect(position(layers, outer)).toBeGreaterThanOrEqual(0);
    expect(position(layers, outer)).toBeLessThan(position(layers, inner));
  });
});

describe('entities in the reference solutions compare by identity, not by every field', () => {
  it.each([
    [
      '07-value-objects-and-events',
      'from billing.domain.invoice import Invoice\nfrom billing.domain.money import Money\n' +
        'a, b = Invoice("I-1", "ada", Money("10", "EUR")), Invoice("I-1", "ada", Money("10", "EUR"))\n' +
        'b.pay(Money("4", "EUR"))\nprint(a == b, hash(a) == hash(b), a == Invoice("I-2", "ada", Money("10", "EUR")))\n',
    ],
    [
      '08-protected-storage',
      'from inventory.model import StockItem\n' +
        'a, b = StockItem("MUG", 10, 4), StockItem("MUG", 3, 4)\n' +
        'print(a == b, hash(a) == hash(b), a == StockItem("CUP", 10, 4))\n',
    ],
    [
      '12-order-hexagon-capstone',
      'from orders.domain import Order\nfrom decimal import Decimal\n' +
        'a = Order(1, "ada", [], Decimal("1"), "T1")\nb = Order(1, "ada", [], Decimal("1"), "T1", status="cancelled")\n' +
        'print(a == b, hash(a) == hash(b), a == Order(2, "ada", [], Decimal("1"), "T1"))\n',
    ],
  ])('%s', (exercise, script) => {
    const result = spawnSync('python3', ['-B', '-c', script], {
      cwd: join('exercises', exercise, 'solution'),
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('True True False\n');
  });
});

describe('what-import-does: which imports survive a cycle', () => {
  const source = lesson('what-import-does');
  const shop: Files = {
    'shop/__init__.py': fence(source, 'title="shop/__init__.py"'),
    'shop/users.py': fence(source, 'title="shop/users.py"'),
    'shop/orders.py': fence(source, 'title="shop/orders.py"'),
  };
  const importFirst = (files: Files, first: string) =>
    python(files, ['-c', `import ${first}; import shop.users; print(shop.users.orders_of(7))`]);

  it('`from m import name` fails only when m is half-initialised', () => {
    expect(importFirst(shop, 'shop.orders').stdout).toBe("['order 1 for Ada']\n");
    expect(importFirst(shop, 'shop.users').stderr).toMatch(
      /ImportError: cannot import name 'name_of' from partially initialized module 'shop.users'/,
    );
  });

  it.each(['import shop.users', 'from shop import users'])('`%s` works in either order', (line) => {
    const call = line.startsWith('import') ? 'shop.users.name_of' : 'users.name_of';
    const orders = `${line}\n\n\ndef for_user(user_id):\n    return [f"order 1 for {${call}(user_id)}"]\n`;
    for (const first of ['shop.orders', 'shop.users']) {
      const result = importFirst({ ...shop, 'shop/orders.py': orders }, first);
      expect(result.stderr).toBe('');
      expect(result.stdout).toBe("['order 1 for Ada']\n");
    }
  });
});

describe('exercise 05 README: what happens when the starter import moves to the top', () => {
  const starter = join('exercises/05-break-the-cycle/starter/accounts');
  const read = (name: string) => readFileSync(join(starter, name), 'utf8');
  const hoisted = (line: string, check: string) =>
    read('orders.py')
      .replace(
        '        # Imported here because users imports this module at the top.\n        from accounts import users\n\n',
        '',
      )
      .replace(
        'from decimal import ROUND_HALF_UP, Decimal\n',
        `from decimal import ROUND_HALF_UP, Decimal\n\n${line}\n`,
      )
      .replace('users.User)', `${check})`);
  const files = (orders: string): Files => ({
    'accounts/__init__.py': read('__init__.py'),
    'accounts/users.py': read('users.py'),
    'accounts/orders.py': orders,
  });

  it('the hint points at the import where it really is', () => {
    expect(read('orders.py')).toMatch(/def __post_init__\(self\):\n.*\n {8}from accounts import users\n/);
    expect(readFileSync('exercises/05-break-the-cycle/exercise.json', 'utf8')).toContain('`Order.__post_init__`');
  });

  it('`from accounts import users` at the top still imports in either order', () => {
    const orders = hoisted('from accounts import users', 'users.User');
    expect(orders).toMatch(/^from accounts import users$/m);
    for (const first of ['accounts.users', 'accounts.orders']) {
      expect(python(files(orders), ['-c', `import ${first}`]).status).toBe(0);
    }
  });

  it('`from accounts.users import User` at the top fails when users is imported first', () => {
    const orders = hoisted('from accounts.users import User', 'User');
    expect(python(files(orders), ['-c', 'import accounts.orders']).status).toBe(0);
    expect(python(files(orders), ['-c', 'import accounts.users']).stderr).toMatch(
      /cannot import name 'User' from partially initialized module 'accounts.users'/,
    );
  });
});

describe('project-layout: what comes first on sys.path', () => {
  const files: Files = {
    'invoicer/__init__.py': '',
    'invoicer/__main__.py': 'import sys\nprint(sys.path[0])\n',
    'venv/bin/tool': 'import sys\nprint(sys.path[0])\n',
  };

  it('python -m puts the current directory first', () => {
    const result = python(files, ['-m', 'invoicer']);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toMatch(/strata-claim-[^/\\]+$/);
  });

  it('a console script puts its own folder first, not the current directory', () => {
    const result = python(files, ['venv/bin/tool']);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toMatch(/strata-claim-[^/\\]+[/\\]venv[/\\]bin$/);
  });
});

describe('the-api-edge: a bug in the service is not reported as a bad request', () => {
  it('lets a KeyError raised inside place_order escape the route', () => {
    const example = fence(lesson('the-api-edge'), 'title="edge_demo.py" run').replace(/^print\(.*\)\n/gm, '');
    const check = [
      'def broken(sku, quantity):',
      '    return {}["missing"]',
      'place_order = broken',
      'try:',
      '    print(http_post_order(\'{"sku": "lamp", "quantity": 1}\'))',
      'except KeyError:',
      '    print("KeyError escaped")',
      'print(http_post_order(\'{"sku": "lamp", "quantity": true}\'))',
      '',
    ].join('\n');
    const result = python({ 'edge.py': `${example}\n${check}` }, ['edge.py']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(
      'KeyError escaped\n(400, \'{"error": "sku must be a string and quantity a whole number"}\')\n',
    );
  });
});

describe('packages-and-public-apis: __init__.py runs once per process, before any submodule', () => {
  it('runs once however many submodules are imported', () => {
    const result = python(
      {
        'pricing/__init__.py': 'print("pricing/__init__.py runs")\n',
        'pricing/tax.py': '',
        'pricing/discounts.py': '',
        'main.py': 'import pricing.tax\nimport pricing.discounts\nfrom pricing import tax\nprint("done")\n',
      },
      ['main.py'],
    );
    expect(result.stdout).toBe('pricing/__init__.py runs\ndone\n');
  });
});

describe('lesson examples practise what lesson 6 teaches', () => {
  it('no runnable example hides an import inside a function (the last resort)', () => {
    const examples = readdirSync('content/lessons')
      .filter((file) => file.endsWith('.mdx'))
      .flatMap((file) => {
        const source = readFileSync(join('content/lessons', file), 'utf8');
        return [...fencesWith(source, '```python title="')].map((body) => ({ file, body }));
      });
    const finder = [
      'import ast, json, sys',
      'for example in json.load(sys.stdin):',
      '    for node in ast.walk(ast.parse(example["body"])):',
      '        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):',
      '            for inner in ast.walk(node):',
      '                if isinstance(inner, (ast.Import, ast.ImportFrom)):',
      '                    print(example["file"], ast.unparse(inner))',
    ].join('\n');
    const result = spawnSync('python3', ['-c', finder], { input: JSON.stringify(examples), encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(examples.length).toBeGreaterThan(20);
    expect(result.stdout).toBe('');
  });
});

describe('packages-and-public-apis: a folder without __init__.py is not scanned', () => {
  it('an upward import in a subfolder without __init__.py keeps the contract; with one it breaks it', () => {
    expect(lesson('packages-and-public-apis')).toContain('the modules of a folder without one are never scanned');
    const config =
      '[importlinter]\nroot_package = shop\n\n[importlinter:contract:layers]\nname = Shop layers\ntype = layers\n' +
      'layers =\n    shop.api\n    shop.orders\n';
    const files: Files = {
      'shop/__init__.py': '',
      'shop/api/__init__.py': '',
      'shop/api/routes.py': '',
      'shop/orders/__init__.py': '',
      'shop/orders/legacy/models.py': 'from shop.api import routes\n',
    };
    expect(kept(lint(files, config))).toEqual({ 'Shop layers': true });
    expect(kept(lint({ ...files, 'shop/orders/legacy/__init__.py': '' }, config))).toEqual({ 'Shop layers': false });
    // A folder the contract names, without __init__.py, is reported missing rather than passed.
    const { 'shop/orders/__init__.py': _dropped, ...noInit } = files;
    expect(_dropped).toBe('');
    expect(() => lint(noInit, config)).toThrow(/Missing layer 'shop\.orders'/);
  });
});

describe('breaking-circular-imports: what an acyclic_siblings report lists', () => {
  it('dependencies between children, in the form the lesson quotes, with their import counts', () => {
    // The lesson quotes a line of this report; it must have the engine's form.
    expect(lesson('breaking-circular-imports')).toMatch(/`\.users -> \.orders \(\d+ imports?\)`/);
    const config =
      '[importlinter]\nroot_package = accounts\n\n[importlinter:contract:no-cycles]\nname = No cycles\n' +
      'type = acyclic_siblings\nancestors =\n    accounts\n';
    const report = formatTextReport(
      lint(
        {
          'accounts/__init__.py': '',
          'accounts/users.py': 'from accounts import orders\nimport accounts.orders\n',
          'accounts/orders.py': 'from accounts import users\n',
        },
        config,
      ),
    );
    expect(report).toMatch(/^- \.(users -> \.orders|orders -> \.users) \(\d+ imports?\)$/m);
  });
});
