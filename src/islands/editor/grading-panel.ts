// Run (visible tests) and Check (contracts + visible + hidden tests) in the browser, on Pyodide.
import { gradeSubmission } from '../../grading/index.ts';
import type { Exercise } from '../../grading/index.ts';
import { PyodideRuntime } from '../../runtime/index.ts';
import type { GradeReport } from '../../schemas/index.ts';
import { markExerciseCompleted } from '../progress/store.ts';
import { countAttempt } from './project-actions.ts';
import type { GradingBundle } from './types.ts';

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text: string,
  className?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.textContent = text;
  if (className) node.className = className;
  return node;
}

function part(label: string, p: GradeReport['parts']['visible']): string {
  return p.ran ? `${label} ${p.passed}/${p.total}` : `${label} not run`;
}

function renderReport(target: HTMLElement, report: GradeReport, withHidden: boolean): void {
  const { parts } = report;
  const summary = withHidden
    ? `Score: ${report.score}% (${part('contracts kept', parts.contracts)}, ${part('visible tests', parts.visible)}, ${part('hidden tests', parts.hidden)})`
    : `Visible tests: ${parts.visible.passed} of ${parts.visible.total} passed`;
  const list = element('ul', '', 'test-results');
  for (const test of report.tests.filter((t) => withHidden || t.suite === 'visible')) {
    const item = element('li', `${test.status === 'pass' ? '✓' : '✗'} ${test.name} (${test.suite}): ${test.status}`);
    item.dataset.status = test.status;
    if (test.status !== 'pass' && test.message) item.append(element('pre', test.message.trim()));
    list.append(item);
  }
  const nodes: HTMLElement[] = [element('p', summary, 'score'), list];
  for (const error of report.errors) nodes.push(element('p', error, 'grade-error'));
  if (withHidden && report.feedback.length > 0) {
    const hints = element('ul', '', 'hints');
    for (const feedback of report.feedback) {
      const item = element('li', `${feedback.target}: ${feedback.text} `);
      const link = element('a', 'Read the lesson section');
      link.href = feedback.href;
      item.append(link);
      hints.append(item);
    }
    nodes.push(element('p', 'Hints', 'hints-title'), hints);
  }
  target.replaceChildren(...nodes);
  target.dataset.score = String(report.score);
}

/** Wires the Run and Check buttons inside `root` to Pyodide. */
export function attachGradingPanel(
  root: HTMLElement,
  bundle: GradingBundle,
  contracts: { path: string; text: string },
  files: () => Record<string, string>,
): () => void {
  const runtime = new PyodideRuntime(new URL(`${import.meta.env.BASE_URL}pyodide/`, location.href).href);
  const status = root.querySelector<HTMLElement>('[data-runtime-status]');
  const results = root.querySelector<HTMLElement>('[data-results]');
  const buttons = [...root.querySelectorAll<HTMLButtonElement>('[data-action]')];
  const exercise: Exercise = {
    meta: bundle.meta,
    instructions: '',
    contracts,
    starter: {},
    solution: {},
    tests: bundle.tests,
    hidden: bundle.hidden,
  };
  const say = (text: string) => {
    if (status) status.textContent = text;
  };
  say('Runtime: Pyodide (CPython in WebAssembly, offline). It starts on the first run.');

  async function grade(withHidden: boolean): Promise<void> {
    if (!results) return;
    for (const button of buttons) button.disabled = true;
    results.textContent = withHidden ? 'Checking…' : 'Running the visible tests…';
    if (withHidden) countAttempt(bundle.meta.id);
    try {
      const started = performance.now();
      const report = await gradeSubmission({
        exercise,
        files: files(),
        host: runtime,
        hidden: withHidden,
        lessonHref: (lesson, section) => `${bundle.lessonHref}${lesson}/${section ? `#${section}` : ''}`,
      });
      renderReport(results, report, withHidden);
      const timedOut =
        report.tests.some((test) => test.status === 'timeout') || report.errors.some((e) => /stopped after/.test(e));
      if (timedOut)
        results.prepend(element('p', 'Your code ran too long and was stopped (an infinite loop?).', 'grade-error'));
      say(`Runtime: Pyodide ${report.runtime.python ?? ''}, ${Math.round(performance.now() - started)} ms.`);
      if (withHidden && report.score === 100) markExerciseCompleted(bundle.meta.id, report.score);
    } catch (error) {
      results.textContent = `The tests could not run: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      for (const button of buttons) button.disabled = false;
      if (withHidden) root.dispatchEvent(new CustomEvent('strata:checked'));
    }
  }

  for (const button of buttons) {
    button.addEventListener('click', () => void grade(button.dataset.action === 'check'));
  }
  return () => void runtime.dispose();
}
