// The lessons' quizzes: their shape (every option explained, a code-reading question in each
// lesson), and, where code can decide, their marked answers checked against the real python3 and
// against the contracts engine behind `strata lint`. A quiz that says an import breaks a contract
// is linted with that import; a quiz that says a line runs is run.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { analyse, formatTextReport, parseConfig } from '../../src/contracts/index.ts';

type Files = Record<string, string>;

interface Option {
  text: string;
  correct: boolean;
  explain: string;
}

interface Quiz {
  id: string;
  question: string;
  multiple: boolean;
  options: Option[];
}

const LESSONS = 'content/lessons';
const lesson = (slug: string) => readFileSync(join(LESSONS, `${slug}.mdx`), 'utf8');
const slugs = readdirSync(LESSONS)
  .filter((file) => file.endsWith('.mdx'))
  .map((file) => file.replace(/\.mdx$/, ''));

const STRING = String.raw`"((?:[^"\\]|\\.)*)"`;
const OPTION = new RegExp(String.raw`^\s*\{ text: ${STRING}(, correct: true)?(?:, explain: ${STRING})? \},?$`);
const unescape = (text: string) => JSON.parse(`"${text}"`) as string;

/** Every `<Quiz>` of a lesson, in the one-option-per-line layout the lessons use. */
function quizzes(source: string): Quiz[] {
  const found: Quiz[] = [];
  for (const match of source.matchAll(/<Quiz\n([\s\S]*?)\n\/>/g)) {
    const body = match[1]!;
    const lines = body.split('\n');
    const options = lines
      .map((line) => OPTION.exec(line))
      .filter((option) => option !== null)
      .map((option) => ({
        text: unescape(option[1]!),
        correct: option[2] !== undefined,
        explain: option[3] === undefined ? '' : unescape(option[3]),
      }));
    expect(options.length, `every option of ${body.slice(0, 40)} is on one line`).toBe(
      lines.filter((line) => line.trim().startsWith('{ text:')).length,
    );
    found.push({
      id: /^\s*id="([^"]+)"$/m.exec(body)![1]!,
      question: /^\s*question="([^"]+)"$/m.exec(body)![1]!,
      multiple: /^\s*multiple=\{true\}$/m.test(body),
      options,
    });
  }
  return found;
}

function quiz(slug: string, id: string): Quiz {
  const found = quizzes(lesson(slug)).find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no quiz ${id} in ${slug}`);
  return found;
}

/** The option texts a quiz marks correct. */
const answers = (slug: string, id: string) =>
  quiz(slug, id)
    .options.filter((option) => option.correct)
    .map((option) => option.text);

/** The pieces of inline code in a text, in order. */
const codeIn = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((match) => match[1]!);

/** The body of the first fenced block in `source` whose opening line contains `marker`. */
function fence(source: string, marker: string): string {
  const lines = source.split('\n');
  const start = lines.findIndex((line) => line.startsWith('```') && line.includes(marker));
  if (start < 0) throw new Error(`no fence containing ${marker}`);
  const end = lines.findIndex((line, index) => index > start && line.startsWith('```'));
  return `${lines.slice(start + 1, end).join('\n')}\n`;
}

/** The text report of `strata lint` for `files` under `config`. */
const report = (files: Files, config: string) =>
  formatTextReport(analyse(files, parseConfig({ path: '.importlinter', text: config })));

/** Writes `files` to a temporary folder and runs `args` with python3 there. */
function python(files: Files, args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'strata-quiz-'));
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

describe('every lesson quiz', () => {
  it.each(slugs)('%s: explains every option, marks what it says, and reads code at least once', (slug) => {
    const all = quizzes(lesson(slug));
    expect(all.length).toBeGreaterThanOrEqual(3);
    for (const { id, options, multiple } of all) {
      expect(options.length, id).toBeGreaterThanOrEqual(3);
      expect(
        options.filter((option) => option.explain.length < 20).map((option) => option.text),
        `${id}: options without an explanation`,
      ).toEqual([]);
      expect(new Set(options.map((option) => option.text)).size, `${id}: repeated options`).toBe(options.length);
      const correct = options.filter((option) => option.correct).length;
      if (multiple) expect(correct, id).toBeGreaterThanOrEqual(1);
      else expect(correct, id).toBe(1);
    }
    // A code-reading question shows an import (or a dynamic one) as inline code, in the question
    // or in the options it asks the reader to judge.
    const reading = all.filter(({ question, options }) =>
      [question, ...options.map((option) => option.text)]
        .flatMap(codeIn)
        .some((code) => /\bimport\b|import_module/.test(code)),
    );
    expect(
      reading.map(({ id }) => id),
      `${slug}: a question that reads an import`,
    ).not.toEqual([]);
  });
});

describe('what-import-does', () => {
  it('l1-q1: a module imported three ways runs its body once', () => {
    const result = python(
      {
        'reports.py': "print('loading reports')\n\ndef build():\n    return 1\n",
        'main.py': 'import reports\nimport reports as r\nfrom reports import build\n',
      },
      ['main.py'],
    );
    expect(result.stdout).toBe('loading reports\n');
    expect(answers('what-import-does', 'l1-q1')).toEqual([expect.stringMatching(/^Once/)]);
  });

  it('l1-q3: importing shop.users first fails on the name, not the module', () => {
    const source = lesson('what-import-does');
    const shop: Files = Object.fromEntries(
      ['shop/__init__.py', 'shop/users.py', 'shop/orders.py'].map((path) => [path, fence(source, `title="${path}"`)]),
    );
    const result = python(shop, ['-c', 'import shop.users']);
    expect(result.stderr).toContain("ImportError: cannot import name 'name_of'");
    const [answer] = answers('what-import-does', 'l1-q3');
    expect(codeIn(answer!)[0]).toBe("ImportError: cannot import name 'name_of'");
  });
});

describe('packages-and-public-apis', () => {
  it('l2-q1: exactly the lines marked correct run', () => {
    const pricing: Files = {
      'pricing/_tax.py': "RATES = {'FR': 0.20}\n\ndef rate_for(country):\n    return RATES[country]\n",
      'pricing/__init__.py':
        "from ._tax import rate_for\n\n__all__ = ['price_with_tax']\n\n" +
        'def price_with_tax(net, country):\n    return net * (1 + rate_for(country))\n',
    };
    const options = quiz('packages-and-public-apis', 'l2-q1').options;
    expect(options.length).toBe(4);
    for (const option of options) {
      const code = codeIn(option.text).join('\n');
      const result = python({ ...pricing, 'caller.py': `${code}\n` }, ['caller.py']);
      expect({ code, runs: result.status === 0 }).toEqual({ code, runs: option.correct });
    }
  });
});

describe('layered-architecture', () => {
  const config = fence(lesson('layered-architecture'), 'title=".importlinter"');
  const library: Files = {
    'library/__init__.py': '',
    'library/routes.py': 'def parse_member_id(text):\n    return int(text)\n',
    'library/services.py': '',
    'library/repository.py': '',
    'library/db.py': '',
  };

  it('l5-q1: the upward import is reported as the marked option says', () => {
    const text = report(
      { ...library, 'library/repository.py': 'from library.routes import parse_member_id\n' },
      config,
    );
    const [right] = answers('layered-architecture', 'l5-q1');
    expect(text).toContain(codeIn(right!)[0]);
    const reversed = quiz('layered-architecture', 'l5-q1').options[1]!;
    expect(reversed.correct).toBe(false);
    expect(text).not.toContain(codeIn(reversed.text)[0]);
  });

  it('l5-q3: a route that skips a layer downwards keeps the contract', () => {
    const text = report({ ...library, 'library/routes.py': 'from library import repository\n' }, config);
    expect(text).toContain('Contracts: 1 kept, 0 broken.');
    expect(answers('layered-architecture', 'l5-q3')).toEqual([expect.stringMatching(/^The contract is kept, since/)]);
  });
});

describe('breaking-circular-imports', () => {
  it('l6-q3: a function-local import runs, and still breaks the contract', () => {
    const source = lesson('breaking-circular-imports');
    const orders = fence(source, 'title="accounts/orders.py"').replace(
      '    def total(self) -> float:\n',
      '    def owner(self):\n        from accounts.users import User\n\n        return User\n\n    def total(self) -> float:\n',
    );
    expect(orders).toContain('        from accounts.users import User\n');
    const files: Files = {
      'accounts/__init__.py': fence(source, 'title="accounts/__init__.py"'),
      'accounts/users.py': fence(source, 'title="accounts/users.py"'),
      'accounts/orders.py': orders,
    };
    const run = python(files, [
      '-c',
      'import accounts.orders, accounts.users; print(accounts.orders.Order(None, 1).owner().__name__)',
    ]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('User\n');
    const text = report(files, fence(source, 'title=".importlinter"'));
    const [right] = answers('breaking-circular-imports', 'l6-q3');
    expect(right).toMatch(/^The program runs, but the contract breaks/);
    expect(text).toContain(codeIn(right!)[0]);
  });
});

describe('enforcing-architecture-with-contracts', () => {
  const source = lesson('enforcing-architecture-with-contracts');
  const shop: Files = {
    'shop/__init__.py': '',
    'shop/api/__init__.py': '',
    'shop/api/routes.py': 'def show(order):\n    return order\n',
    'shop/orders/__init__.py': '',
    'shop/orders/checkout.py': 'from shop.payments import charge\n',
    'shop/payments/__init__.py': 'def charge():\n    return 1\n',
    'shop/services/__init__.py': '',
    'shop/repositories/__init__.py': '',
    'shop/domain/__init__.py': '',
    'shop/domain/order.py': '',
  };
  const siblings = (separator: string) =>
    '[importlinter]\nroot_package = shop\n\n[importlinter:contract:layers]\nname = Shop layers\ntype = layers\n' +
    `layers =\n    shop.api\n    shop.orders ${separator} shop.payments\n    shop.domain\n`;

  it('l8-q1: `|` siblings may not import each other; `:` siblings may', () => {
    const [right] = answers('enforcing-architecture-with-contracts', 'l8-q1');
    expect(report(shop, siblings('|'))).toContain(codeIn(right!)[0]);
    expect(report(shop, siblings(':'))).toContain('Contracts: 1 kept, 0 broken.');
  });

  it('l8-q4: a dynamic import keeps the layers contract, a statement breaks it', () => {
    const layers = fence(source, 'title=".importlinter"');
    const dynamic =
      'import importlib\n\n\ndef render(order):\n' +
      "    routes = importlib.import_module('shop.api.routes')\n    return routes.show(order)\n";
    expect(report({ ...shop, 'shop/domain/order.py': dynamic }, layers)).toContain('Contracts: 1 kept, 0 broken.');
    const direct = 'def render(order):\n    from shop.api import routes\n\n    return routes.show(order)\n';
    expect(report({ ...shop, 'shop/domain/order.py': direct }, layers)).toContain(
      'shop.domain is not allowed to import shop.api',
    );
    // The program does import the API: python3 runs the dynamic version.
    const run = python({ ...shop, 'shop/domain/order.py': dynamic }, [
      '-c',
      'import sys, shop.domain.order as o; print(o.render(7), "shop.api.routes" in sys.modules)',
    ]);
    expect(run.stdout).toBe('7 True\n');
    expect(answers('enforcing-architecture-with-contracts', 'l8-q4')).toEqual([
      expect.stringMatching(/^The contract passes and the program still imports the API/),
    ]);
  });

  it("the lesson's structure rule catches what the layers contract cannot see", () => {
    const layers = fence(source, 'title=".importlinter"');
    const rule = source
      .split('```ini title=".importlinter"\n')
      .slice(1)
      .map((part) => part.slice(0, part.indexOf('```')))
      .find((body) => body.startsWith('[strata:rule:'))!;
    expect(rule).toContain('type = no_dynamic_imports');
    const dynamic = "import importlib\n\n\ndef render(order):\n    return importlib.import_module('shop.api.routes')\n";
    const text = report({ ...shop, 'shop/domain/order.py': dynamic }, `${layers}\n${rule}`);
    expect(text).toContain('Shop layers KEPT');
    expect(text).toContain('No dynamic imports in the shop BROKEN');
    expect(text).toContain('shop/domain/order.py:5');
  });

  it('the blind-spot example is the code the l8-q4 test lints', () => {
    const example = fence(source, 'title="blind_spot.py" run');
    expect(example).toContain('importlib.import_module("shop.api.routes")');
  });
});

/** The `LayerDiagram` of a lesson as a `layers` contract, top first. */
function diagramContract(source: string, root: string): string {
  const layers = JSON.parse(/<LayerDiagram\s+layers=\{(\[.*?\])\}/s.exec(source)![1]!) as string[];
  return `[importlinter]\nroot_package = ${root}\n\n[importlinter:contract:rings]\nname = Rings\ntype = layers\nlayers =\n${layers.map((layer) => `    ${layer}\n`).join('')}`;
}

/** Empty packages for every dotted name, with their parents. */
function packages(...names: string[]): Files {
  const files: Files = {};
  for (const name of names) {
    const parts = name.split('.');
    for (let depth = 1; depth <= parts.length; depth += 1) files[`${parts.slice(0, depth).join('/')}/__init__.py`] = '';
  }
  return files;
}

/**
 * For a quiz whose options read "`path`: `code`" (more inline code is more lines of the same file),
 * lints each change on its own and checks that exactly the options marked correct break the contract.
 */
function expectBrokenExactlyAsMarked(slug: string, id: string, base: Files, config: string) {
  for (const option of quiz(slug, id).options) {
    const [path, ...code] = codeIn(option.text);
    const before = base[path!] ?? '';
    const text = report({ ...base, [path!]: `${before}${code.join('\n')}\n` }, config);
    expect({ option: option.text, broken: !text.includes(' 0 broken.') }).toEqual({
      option: option.text,
      broken: option.correct,
    });
  }
}

describe('modelling-the-domain', () => {
  it('l9-q3: the domain importing logging breaks the pure-domain contract', () => {
    const config = fence(lesson('modelling-the-domain'), 'title=".importlinter"');
    const files = { ...packages('billing.domain', 'billing.application', 'billing.infrastructure') };
    expect(report(files, config)).toContain(' 0 broken.');
    const text = report({ ...files, 'billing/domain/invoice.py': 'import logging\n' }, config);
    const [right] = answers('modelling-the-domain', 'l9-q3');
    expect(text).toContain(codeIn(right!)[0]);
  });
});

describe('repositories-services-events', () => {
  it('l10-q4: exactly the direct imports from outside break the protected contract', () => {
    const config = `[importlinter]\nroot_package = inventory\n\n${fence(lesson('repositories-services-events'), 'title=".importlinter"')}`;
    const base: Files = {
      ...packages('inventory.storage'),
      'inventory/storage/rows.py': '',
      'inventory/storage/schema.py': '',
      'inventory/repository.py': 'from inventory.storage import rows\n',
      'inventory/reports.py': '',
    };
    expectBrokenExactlyAsMarked('repositories-services-events', 'l10-q4', base, config);
  });
});

describe('hexagonal-architecture', () => {
  it('l11-q1: the application importing an adapter is reported as the marked option says', () => {
    const config = diagramContract(lesson('hexagonal-architecture'), 'pricewatch');
    const files: Files = {
      ...packages('pricewatch.adapters', 'pricewatch.application', 'pricewatch.ports', 'pricewatch.domain'),
      'pricewatch/main.py': '',
      'pricewatch/adapters/console.py': 'class ConsoleReporter:\n    pass\n',
      'pricewatch/application/check.py': 'from pricewatch.adapters.console import ConsoleReporter\n',
    };
    const text = report(files, config);
    expect(text).toContain(codeIn(answers('hexagonal-architecture', 'l11-q1')[0]!)[0]);
    expect(text).not.toContain('pricewatch.adapters is not allowed to import pricewatch.application');
  });
});

describe('configuration-architecture', () => {
  const source = lesson('configuration-architecture');

  it('l12-q1: the environment wins, converted to the field type', () => {
    const example = fence(source, 'title="settings_demo.py" run');
    const definitions = example.slice(0, example.indexOf('file_values = '));
    const result = python(
      {
        'settings.py': `${definitions}\nprint(repr(Settings.load({"batch_size": 100}, env={"BATCH_SIZE": "20"}).batch_size))\n`,
      },
      ['settings.py'],
    );
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe(codeIn(answers('configuration-architecture', 'l12-q1')[0]!)[0]);
  });

  it('l12-q3: exactly the marked change breaks the contract', () => {
    const base: Files = {
      'notify/__init__.py': '',
      'notify/config.py': 'import os\n',
      'notify/main.py': 'from notify import config, mailer, batcher\n',
      'notify/mailer.py': '',
      'notify/batcher.py': '',
    };
    expectBrokenExactlyAsMarked('configuration-architecture', 'l12-q3', base, fence(source, 'title=".importlinter"'));
  });
});

describe('the-api-edge', () => {
  const source = lesson('the-api-edge');
  const example = fence(source, 'title="edge_demo.py" run').replace(/^print\(.*\)\n/gm, '');

  it('l13-q2: a CLI command importing a route breaks the independent edges', () => {
    const config = diagramContract(source, 'app');
    expect(config).toContain('app.api | app.cli | app.tasks');
    const files: Files = {
      ...packages('app.api', 'app.cli', 'app.tasks', 'app.services', 'app.domain'),
      'app/api/routes.py': 'def http_post_order(body):\n    return 201\n',
      'app/cli/orders.py': 'from app.api.routes import http_post_order\n',
    };
    expect(report(files, config)).toContain(codeIn(answers('the-api-edge', 'l13-q2')[0]!)[0]);
  });

  it('l13-q4: a KeyError from a bug in the service escapes the route', () => {
    const check =
      'def broken(sku, quantity):\n    return {}["missing"]\n\nplace_order = broken\n' +
      'try:\n    print(http_post_order(\'{"sku": "lamp", "quantity": 1}\'))\nexcept KeyError:\n    print("escaped")\n';
    const result = python({ 'edge.py': `${example}\n${check}` }, ['edge.py']);
    expect(result.stdout).toBe('escaped\n');
    expect(answers('the-api-edge', 'l13-q4')).toEqual([expect.stringMatching(/^Lets the `KeyError` escape/)]);
  });

  it('l13-q5: a new subclass of a mapped error gets its base class status', () => {
    const check =
      'class Recalled(OutOfStock):\n    pass\n\n' +
      'def recalled(sku, quantity):\n    raise Recalled(sku)\n\nplace_order = recalled\n' +
      'print(http_post_order(\'{"sku": "lamp", "quantity": 1}\')[0])\n';
    const result = python({ 'edge.py': `${example}\n${check}` }, ['edge.py']);
    expect(result.stderr).toBe('');
    expect(answers('the-api-edge', 'l13-q5')).toEqual([expect.stringMatching(new RegExp(`^${result.stdout.trim()},`))]);
  });
});

describe('modular-monolith', () => {
  const source = lesson('modular-monolith');
  const config = `[importlinter]\nroot_package = school\n\n${fence(source, 'title=".importlinter"')}`;
  const school: Files = {
    ...packages('school.shared', 'school.enrolment', 'school.billing', 'school.notifications'),
    'school/app.py': '',
    'school/shared/events.py': 'class StudentEnrolled:\n    pass\n',
    'school/enrolment/events.py': 'class StudentEnrolled:\n    pass\n',
  };
  const kept = (text: string, name: string) => text.includes(`${name} KEPT`);

  it('l14-q1: an event class imported from the publishing feature breaks independence; from shared it does not', () => {
    const fromEnrolment = report(
      { ...school, 'school/billing/handlers.py': 'from school.enrolment.events import StudentEnrolled\n' },
      config,
    );
    expect([
      kept(fromEnrolment, 'Features are independent'),
      kept(fromEnrolment, 'App above features above shared'),
    ]).toEqual([false, true]);
    const fromShared = report(
      { ...school, 'school/billing/handlers.py': 'from school.shared.events import StudentEnrolled\n' },
      config,
    );
    expect(fromShared).toContain('Contracts: 2 kept, 0 broken.');
    expect(answers('modular-monolith', 'l14-q1')).toEqual([
      expect.stringMatching(/^`Features are independent` breaks/),
    ]);
  });

  it('l14-q2: a chain through a module outside the features breaks independence', () => {
    const text = report(
      {
        ...school,
        'school/reports.py': 'from school import enrolment\n\ntotals = 0\n',
        'school/billing/refunds.py': 'from school.reports import totals\n',
      },
      config,
    );
    expect(kept(text, 'Features are independent')).toBe(false);
    expect(answers('modular-monolith', 'l14-q2')).toEqual([
      expect.stringMatching(/^Broken: billing reaches enrolment/),
    ]);
  });
});

describe('monolith-to-services', () => {
  it('l15-q4: the application creating its own adapter is reported as the marked option says', () => {
    const config = diagramContract(lesson('monolith-to-services'), 'orders');
    const files: Files = {
      ...packages('orders.bootstrap', 'orders.adapters', 'orders.application', 'orders.domain'),
      'orders/adapters/http_payments.py': 'class HttpPayments:\n    pass\n',
      'orders/application/checkout.py': 'from orders.adapters.http_payments import HttpPayments\n',
    };
    expect(report(files, config)).toContain(codeIn(answers('monolith-to-services', 'l15-q4')[0]!)[0]);
  });
});

describe('living-with-legacy', () => {
  const source = lesson('living-with-legacy');
  const config = `[importlinter]\nroot_package = app\n\n${fence(source, 'title=".importlinter"')}`;
  const legacy: Files = {
    ...packages('app.web', 'app.services', 'app.db', 'app.models'),
    'app/web/forms.py': '',
    'app/web/session.py': '',
    'app/services/billing.py': '',
    'app/db/models.py': 'from app.web import forms\n',
    'app/services/users.py': 'from app.web import session\n',
    'app/models/invoice.py': 'from app.services import billing\n',
  };

  it('the debt list as the lesson shows it keeps the contract', () => {
    expect(report(legacy, config)).toContain('Contracts: 1 kept, 0 broken.');
  });

  it('l16-q2: a paid import left in ignore_imports is an error', () => {
    expect(() => report({ ...legacy, 'app/services/users.py': '' }, config)).toThrow(
      /app\.services\.users -> app\.web\.session/,
    );
    expect(answers('living-with-legacy', 'l16-q2')).toEqual([expect.stringMatching(/^The check fails/)]);
  });

  it('l16-q3: hiding the import with importlib passes the contract without its ignore line', () => {
    const paid = config.replace('    app.db.models -> app.web.forms\n', '');
    expect(paid).not.toBe(config);
    const hidden = "import importlib\n\nforms = importlib.import_module('app.web.forms')\n";
    expect(report({ ...legacy, 'app/db/models.py': hidden }, paid)).toContain('Contracts: 1 kept, 0 broken.');
    expect(() => report({ ...legacy, 'app/db/models.py': 'from app.web import forms\n' }, paid)).not.toThrow();
    expect(report({ ...legacy, 'app/db/models.py': 'from app.web import forms\n' }, paid)).toContain(' 1 broken.');
    expect(answers('living-with-legacy', 'l16-q3')).toEqual([
      expect.stringMatching(/^The contract passes, but the debt is only hidden/),
    ]);
  });
});
