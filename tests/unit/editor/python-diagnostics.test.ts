import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PythonDiagnostic, PythonDiagnostics } from '../../../src/grading/index.ts';
import { startPythonChecker } from '../../../src/islands/editor/analysis/python-diagnostics.ts';
import { createProjectStore } from '../../../src/islands/editor/store/index.ts';

const STARTER = { 'shop/cart.py': 'def total(p):\n    return sum(p)\n', 'README.txt': 'notes\n' };

/** A fake checker: records each call; answers one finding per file that mentions `nope`. */
function fakeCheck() {
  const calls: Record<string, string>[] = [];
  let release: (() => void) | undefined;
  const gate = { hold: false };
  const check = async (files: Record<string, string>): Promise<PythonDiagnostics> => {
    calls.push({ ...files });
    if (gate.hold) await new Promise<void>((resolve) => (release = resolve));
    const answer: PythonDiagnostics = {};
    for (const [path, text] of Object.entries(files)) {
      const line = text.split('\n').findIndex((row) => row.includes('nope')) + 1;
      const found: PythonDiagnostic = {
        kind: 'undefined-name',
        message: "name 'nope' is not defined",
        line: Math.max(line, 1),
        column: 1,
        endLine: Math.max(line, 1),
        endColumn: 5,
      };
      answer[path] = line > 0 ? [found] : [];
    }
    return answer;
  };
  return { check, calls, gate, release: () => release?.() };
}

describe('startPythonChecker', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('checks nothing until the first change, then each Python file once typing pauses', async () => {
    const store = createProjectStore({ starter: STARTER, project: { files: { ...STARTER } } });
    const fake = fakeCheck();
    const checker = startPythonChecker(store, { check: fake.check, language: '3.10' });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(fake.calls).toEqual([]);
    store.edit('shop/cart.py', 'def total(p):\n    return n');
    await vi.advanceTimersByTimeAsync(100);
    store.edit('shop/cart.py', 'def total(p):\n    return nope');
    store.edit('README.txt', 'more notes\n');
    await vi.advanceTimersByTimeAsync(1_000);
    // one call, with the latest text, and no call for a file that is not Python
    expect(fake.calls).toEqual([{ 'shop/cart.py': 'def total(p):\n    return nope' }]);
    expect(checker.diagnostics.get()['shop/cart.py']?.[0]).toMatchObject({
      line: 2,
      message: "name 'nope' is not defined",
    });
    store.edit('shop/cart.py', 'def total(p):\n    return p');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(checker.diagnostics.get()).toEqual({});
    checker.dispose();
  });

  it('keeps the markers it has while a file changed after it was sent, then takes the newer answer', async () => {
    const store = createProjectStore({ starter: STARTER, project: { files: { ...STARTER } } });
    const fake = fakeCheck();
    const checker = startPythonChecker(store, { check: fake.check, language: '3.10' });
    fake.gate.hold = true;
    store.edit('shop/cart.py', 'nope\n');
    await vi.advanceTimersByTimeAsync(500);
    expect(fake.calls).toHaveLength(1);
    store.edit('shop/cart.py', 'x = 1\nnope\n');
    fake.gate.hold = false;
    fake.release();
    await vi.advanceTimersByTimeAsync(0);
    // the answer was for text that has moved on: not applied
    expect(checker.diagnostics.get()).toEqual({});
    await vi.advanceTimersByTimeAsync(500);
    expect(fake.calls).toHaveLength(2);
    expect(checker.diagnostics.get()['shop/cart.py']?.[0]?.line).toBe(2);
    checker.dispose();
  });

  it('forgets a removed file, follows a rename and checks a new file at once', async () => {
    const store = createProjectStore({ starter: STARTER, project: { files: { ...STARTER } } });
    const fake = fakeCheck();
    const checker = startPythonChecker(store, { check: fake.check, language: '3.10' });
    store.edit('shop/cart.py', 'nope\n');
    await vi.advanceTimersByTimeAsync(500);
    expect(Object.keys(checker.diagnostics.get())).toEqual(['shop/cart.py']);
    store.rename('shop/cart.py', 'shop/basket.py', 'file');
    await vi.advanceTimersByTimeAsync(0);
    expect(Object.keys(checker.diagnostics.get())).toEqual(['shop/basket.py']);
    store.createFile('shop/tax.py', 'rate = nope\n');
    await vi.advanceTimersByTimeAsync(0);
    expect(Object.keys(checker.diagnostics.get()).sort()).toEqual(['shop/basket.py', 'shop/tax.py']);
    store.remove('shop/basket.py', 'file');
    expect(Object.keys(checker.diagnostics.get())).toEqual(['shop/tax.py']);
    checker.dispose();
  });
});
