import { describe, expect, it } from 'vitest';
import { explainChoice, explainFallBack } from '../../../src/islands/editor/run/runtime-choice.ts';
import type { PythonRuntime, RuntimeChoice } from '../../../src/runtime/index.ts';

const runtime = { name: 'fake' } as unknown as PythonRuntime;
const onPyodide = (reason: string): RuntimeChoice => ({ kind: 'pyodide', runtime, reason });
const TIMEOUT = 'WebContainer did not start within 8 s (offline?)';

describe('explainChoice (the runtime status line)', () => {
  it('says who chose WebContainer, why it could not start and that Pyodide ran instead', () => {
    expect(explainChoice(onPyodide(TIMEOUT), 'webcontainer', true)).toBe(
      `WebContainer was chosen by you but could not start here: ${TIMEOUT}; Pyodide ran instead`,
    );
    expect(explainChoice(onPyodide(TIMEOUT), 'auto', true)).toBe(
      `WebContainer was chosen automatically (your setting) but could not start here: ${TIMEOUT}; Pyodide ran instead`,
    );
    expect(explainChoice(onPyodide('the browser is offline and WebContainer needs the internet'), 'auto', false)).toBe(
      'WebContainer was chosen automatically (this site’s default) but could not start here: the browser is offline ' +
        'and WebContainer needs the internet; Pyodide ran instead',
    );
  });

  it('leaves a choice that went as asked in the runtime layer’s words', () => {
    expect(explainChoice(onPyodide('chosen by you'), 'pyodide', true)).toBe('chosen by you');
    const started: RuntimeChoice = { kind: 'webcontainer', runtime, reason: 'chosen by you (started in 2.1 s)' };
    expect(explainChoice(started, 'webcontainer', true)).toBe('chosen by you (started in 2.1 s)');
  });

  it('says when WebContainer started but could not run the tests', () => {
    expect(explainFallBack('the harness wrote no report')).toBe(
      'WebContainer started but could not run the tests here (the harness wrote no report); Pyodide ran instead',
    );
  });
});
