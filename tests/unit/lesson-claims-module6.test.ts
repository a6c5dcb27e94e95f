// Module 6's quizzes name an import and say what it does to the architecture. Each claim is checked
// here with the contracts engine behind `strata lint`, against the contracts of the exercise that
// practises the lesson (or a minimal project for the blind-spot question), using the import the
// question itself quotes, so the text cannot drift from what is checked.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse, parseConfig } from '../../src/contracts/index.ts';
import type { FileMap } from '../../src/grading/index.ts';
import { loadExercise } from '../../src/runtime/node.ts';

/** The first piece of inline code containing `import` in the question of quiz `id`. */
function quotedImport(slug: string, id: string): string {
  const source = readFileSync(join('content/lessons', `${slug}.mdx`), 'utf8');
  const question = new RegExp(String.raw`id="${id}"\n\s*question="([^"]+)"`).exec(source)?.[1];
  if (!question) throw new Error(`no quiz ${id} in ${slug}`);
  const code = [...question.matchAll(/`([^`]+)`/g)].map((match) => match[1]!).find((text) => /import/.test(text));
  if (!code) throw new Error(`quiz ${id} quotes no import`);
  return code;
}

/** Which contracts of the exercise are kept when `line` is added at the top of `path` in its solution. */
async function keptWith(exerciseId: string, path: string, line: string): Promise<Record<string, boolean>> {
  const exercise = await loadExercise('exercises', exerciseId);
  expect(path in exercise.solution, `${path} is in the solution`).toBe(true);
  const files: FileMap = { ...exercise.solution, [path]: `${line}\n${exercise.solution[path]}` };
  const report = analyse(files, parseConfig(exercise.contracts));
  return Object.fromEntries(report.contracts.map((contract) => [contract.name, contract.kept]));
}

describe('module 6 quizzes that read an import', () => {
  it('l17-q3: the service importing the in-memory unit of work breaks exercise 14', async () => {
    const line = quotedImport('unit-of-work-and-aggregates', 'l17-q3');
    expect(line).toBe('from checkout.memory import InMemoryUnitOfWork');
    expect(await keptWith('14-unit-of-work-checkout', 'checkout/services.py', line)).toEqual({
      'The domain knows no storage and no use case': true,
      'Services depend on the unit of work port, not on the in-memory store': false,
      // The structure rules read the source, not the import graph: an import statement keeps them.
      'No dynamic imports in checkout': true,
      "No module uses another module's private names": true,
    });
  });

  it('l18-q3: a handler importing a use case breaks exercise 15', async () => {
    const line = quotedImport('commands-events-and-a-message-bus', 'l18-q3');
    expect(line).toBe('from shop.services import place_order');
    const kept = await keptWith('15-message-bus-side-effects', 'shop/handlers.py', line);
    expect(kept['Event handlers depend on the domain, not on use cases or wiring']).toBe(false);
    expect(kept['The domain depends on nothing else in the shop']).toBe(true);
  });

  it('l19-q1: the service importing an adapter breaks exercise 17, even when it is only a default', async () => {
    const line = quotedImport('composition-root-and-dependency-injection', 'l19-q1');
    expect(line).toBe('from alerts.adapters import SmtpSender');
    const kept = await keptWith('17-composition-root', 'alerts/services.py', line);
    expect(kept['Composition root on top, services and adapters independent, ports and domain below']).toBe(false);
    // The adapter opens SQLite, so the forbidden contract sees sqlite3 through it too.
    expect(kept['Services, ports and domain read no environment and open nothing']).toBe(false);
  });

  it('l20-q2: a contract suite importing an adapter breaks exercise 16', async () => {
    const line = quotedImport('testing-the-architecture', 'l20-q2');
    expect(line).toBe('from checkout.adapters.sqlite_repo import SqliteRepo');
    // Exercise 16 names its adapter stock.sqlite_repo: the same import, in that project's names.
    const kept = await keptWith(
      '16-contract-tests-for-fakes',
      'stock/contract.py',
      'from stock.sqlite_repo import SqliteStockRepository',
    );
    expect(kept['The contract suite knows only the port']).toBe(false);
  });

  it("l22-q1: the use cases importing a handler break the capstone's layers, and only them", async () => {
    const line = quotedImport('capstone-order-service', 'l22-q1');
    expect(line).toBe('from orders.handlers import refund_payment');
    expect(await keptWith('12-order-hexagon-capstone', 'orders/application.py', line)).toEqual({
      'Bootstrap above adapters above use cases and handlers (apart) above the bus above the domain': false,
      'The core knows no infrastructure': true,
      'Adapters do not know each other': true,
      'No dynamic imports in orders': true,
    });
  });

  it('l21-q1: a dynamic import keeps a forbidden contract that the same import statement breaks', () => {
    const call = quotedImport('plugins-and-dynamic-imports', 'l21-q1');
    expect(call).toBe("importlib.import_module('shop.adapters.sql')");
    const config = parseConfig({
      path: '.importlinter',
      text: [
        '[importlinter]',
        'root_package = shop',
        '',
        '[importlinter:contract:domain]',
        'name = The domain knows no adapter',
        'type = forbidden',
        'source_modules =',
        '    shop.domain',
        'forbidden_modules =',
        '    shop.adapters',
        '',
      ].join('\n'),
    });
    const project = (domain: string) => ({
      'shop/__init__.py': '',
      'shop/adapters/__init__.py': '',
      'shop/adapters/sql.py': '',
      'shop/domain.py': domain,
    });
    const dynamic = analyse(project(`import importlib\n\n\ndef load():\n    return ${call}\n`), config);
    const statement = analyse(project('import shop.adapters.sql\n'), config);
    expect(dynamic.contracts.map((contract) => contract.kept)).toEqual([true]);
    expect(statement.contracts.map((contract) => contract.kept)).toEqual([false]);
  });
});
