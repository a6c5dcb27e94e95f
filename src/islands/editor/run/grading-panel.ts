// Run (visible tests) and Check (contracts + visible + hidden tests) in the browser, on the
// runtime the learner chose or the page picked (runtime-choice.ts), falling back to Pyodide.
import { gradeSubmission } from '../../../grading/index.ts';
import type { Exercise } from '../../../grading/index.ts';
import type { RuntimeChoice, RuntimePreference } from '../../../runtime/index.ts';
import type { GradeReport } from '../../../schemas/index.ts';
import { atom } from '../store/index.ts';
import type { ProjectStore, ReadableAtom } from '../store/index.ts';
import type { ChecksState } from './checks.ts';
import { attachFinishNotice } from './finish.ts';
import { countAttempt } from './solution.ts';
import { createRuntimeSwitch, siteWebContainer } from './runtime-choice.ts';
import type { RuntimeSwitch } from './runtime-choice.ts';
import { attachRuntimeStart } from './runtime-start.ts';
import { attachTerminalToggle } from './terminal-panel.ts';
import type { GradingBundle } from '../types.ts';
import { renderHints } from './hints.ts';
import { renderTestResult } from './failure-view.ts';
import type { PythonDiagnostics } from '../../../grading/index.ts';

const LABELS = { webcontainer: 'WebContainer', pyodide: 'Pyodide' } as const;

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

/** Tests stopped at their time limit (a timeout, an import that ran out of time, or an interrupt). */
function stoppedTests(report: GradeReport): { names: string[]; seconds: string | undefined } {
  let seconds: string | undefined;
  const names: string[] = [];
  for (const test of report.tests) {
    const limit = /took longer than the ([\d.]+)s limit per test/.exec(test.message ?? '');
    // The page interrupts code that ignored (or never saw) the per-test alarm: that arrives as a
    // KeyboardInterrupt the learner did not press.
    const interrupted = test.status !== 'pass' && /\nKeyboardInterrupt\s*$/.test(test.message ?? '');
    if (test.status !== 'timeout' && !limit && !interrupted) continue;
    names.push(test.name);
    seconds ??= limit?.[1];
  }
  return { names, seconds };
}

/**
 * The checks of contracts the learner wrote (writesContracts), one per hidden project and rule:
 * the problems list shows their contracts on their own project only.
 */
function renderWrittenChecks(report: GradeReport): HTMLElement {
  const list = element('ul', '', 'test-results contract-checks');
  list.setAttribute('aria-label', 'Your contracts, checked');
  for (const check of report.contracts) {
    const item = document.createElement('li');
    item.dataset.status = check.kept ? 'pass' : 'fail';
    item.append(element('p', `${check.kept ? '✓' : '✗'} ${check.name}`, 'test-verdict'));
    for (const line of [...check.violations.map((violation) => violation.summary), ...check.warnings]) {
      item.append(element('p', line, 'failure-summary'));
    }
    list.append(item);
  }
  return list;
}

function renderReport(
  target: HTMLElement,
  report: GradeReport,
  withHidden: boolean,
  open: (path: string, line: number) => void,
  writtenContracts: boolean,
): void {
  const { parts } = report;
  // An exercise with no hidden tests (its hidden part is the projects the learner's contracts are
  // checked on) would otherwise say they were "not run".
  const shown = [
    part('contracts kept', parts.contracts),
    part('visible tests', parts.visible),
    ...(parts.hidden.ran || parts.hidden.weight > 0 || !writtenContracts ? [part('hidden tests', parts.hidden)] : []),
  ];
  const summary = withHidden
    ? `Score: ${report.score}% (${shown.join(', ')})`
    : `Visible tests: ${parts.visible.passed} of ${parts.visible.total} passed`;
  const list = element('ul', '', 'test-results');
  for (const test of report.tests.filter((t) => withHidden || t.suite === 'visible')) {
    // The hint that names this test sits under it (and, after a Check, in the list of hints below).
    const hint = report.feedback.find((entry) => entry.kind === 'test' && entry.target === test.id);
    list.append(renderTestResult(test, { open, hint }));
  }
  const nodes: HTMLElement[] = [element('p', summary, 'score'), list];
  if (withHidden && writtenContracts) nodes.splice(1, 0, renderWrittenChecks(report));
  if (withHidden && report.cap) {
    nodes.splice(
      1,
      0,
      element(
        'p',
        `Held to ${report.cap.cap}% (the checks alone give ${report.cap.uncapped}%): ${report.cap.why}`,
        'score-cap',
      ),
    );
  }
  const stopped = stoppedTests(report);
  if (stopped.names.length > 0) {
    const after = stopped.seconds ? ` after ${stopped.seconds} s` : ' at its time limit';
    nodes.unshift(
      element('p', `Your code was stopped${after}: an infinite loop? (${stopped.names.join(', ')})`, 'grade-error'),
    );
  }
  for (const error of report.errors) nodes.push(element('p', error, 'grade-error'));
  if (withHidden && report.feedback.length > 0) {
    nodes.push(element('p', 'Hints', 'hints-title'), renderHints(report.feedback));
  }
  target.replaceChildren(...nodes);
  target.dataset.score = String(report.score);
}

/** WebContainer started but the harness produced no report for a reason other than a time limit. */
function couldNotRun(report: GradeReport): string | undefined {
  if (report.status !== 'error' || report.runtime.python !== null) return undefined;
  const error = report.errors.find((e) => e.startsWith('tests could not be run'));
  if (!error || /stopped after/.test(error)) return undefined;
  return error.split('\n')[0];
}

/** The status line's text before the first run. */
function idleStatus(runtimes: RuntimeSwitch): string {
  const preference = runtimes.preference;
  if (preference === 'pyodide')
    return 'Runtime: Pyodide (CPython in WebAssembly, offline). It starts on the first run.';
  if (preference === 'webcontainer') return 'Runtime: WebContainer (needs the internet). It starts on the first run.';
  return 'Runtime: chosen on the first run (WebContainer if it starts in time, else Pyodide).';
}

export interface GradingPanel {
  /** What Run and Check are doing and found: for what follows a Check (the solution, a Submit). */
  readonly checks: ReadableAtom<ChecksState>;
  /** The editor's Python diagnostics, from the runtimes this panel holds (Pyodide's worker). */
  checkPython(files: Record<string, string>, language: string): Promise<PythonDiagnostics>;
  dispose(): void;
}

/** Wires the Run and Check buttons and the runtime menu inside `root`; they grade the store's files. */
export function attachGradingPanel(
  root: HTMLElement,
  bundle: GradingBundle,
  contracts: { path: string; text: string },
  store: ProjectStore,
): GradingPanel {
  const checks = atom<ChecksState>({ running: undefined, last: undefined });
  // Every Check goes into the course progress; a full score says "You passed" and where next.
  const stopFinish = attachFinishNotice(root, bundle, checks);
  const runtimes = createRuntimeSwitch({
    pyodideIndexURL: new URL(`${import.meta.env.BASE_URL}pyodide/`, location.href).href,
    site: siteWebContainer(import.meta.env.PUBLIC_STRATA_WEBCONTAINER),
  });
  // Python starts before the first Run (on the first edit, or on idle), its progress on show.
  const stopStart = attachRuntimeStart(root, runtimes, store);
  const status = root.querySelector<HTMLElement>('[data-runtime-status]');
  const results = root.querySelector<HTMLElement>('[data-results]');
  const menu = root.querySelector<HTMLSelectElement>('[data-runtime-choice]');
  // Run and Check only. Submit (islands/editor/cohort) sits beside them with its own state: taken
  // in here, every Submit also ran the visible tests, and the end of that run enabled Submit again
  // while a refused submission's wait was still running.
  const buttons = [...root.querySelectorAll<HTMLButtonElement>('[data-action="run"], [data-action="check"]')];
  const exercise: Exercise = {
    meta: bundle.meta,
    instructions: '',
    contracts,
    starter: {},
    solution: {},
    tests: bundle.tests,
    hidden: bundle.hidden,
    projects: bundle.projects ?? {},
  };
  const say = (text: string, kind?: RuntimeChoice['kind']) => {
    if (!status) return;
    status.textContent = text;
    if (kind) status.dataset.runtime = kind;
    else delete status.dataset.runtime;
  };
  say(idleStatus(runtimes));
  const terminal = attachTerminalToggle(root);
  if (menu) {
    if (runtimes.site === 'off') {
      menu.closest('label')?.setAttribute('hidden', '');
    } else {
      menu.value = runtimes.preference;
      menu.addEventListener('change', () => {
        runtimes.setPreference(menu.value as RuntimePreference);
        terminal.offer(undefined);
        say(idleStatus(runtimes));
      });
    }
  }

  const gradeOn = (choice: RuntimeChoice, withHidden: boolean, files: Record<string, string>) =>
    gradeSubmission({
      exercise,
      files,
      host: choice.runtime,
      hidden: withHidden,
      lessonHref: (lesson, section) => `${bundle.lessonHref}${lesson}/${section ? `#${section}` : ''}`,
    });

  async function grade(withHidden: boolean): Promise<void> {
    if (!results) return;
    for (const control of [...buttons, menu]) if (control) control.disabled = true;
    results.textContent = withHidden ? 'Checking…' : 'Running the visible tests…';
    if (withHidden) countAttempt(bundle.meta.id);
    const kind = withHidden ? 'check' : 'run';
    checks.set({ ...checks.get(), running: kind });
    // The files as they are now: typing during the run does not change what is graded.
    const { version } = store.get();
    const files = { ...store.get().files };
    let graded: GradeReport | undefined;
    try {
      let report: GradeReport;
      const started = performance.now();
      let choice = await runtimes.current((text) => say(text));
      say(`Running on ${LABELS[choice.kind]}…`, choice.kind);
      try {
        report = await gradeOn(choice, withHidden, files);
        const failure = choice.kind === 'webcontainer' ? couldNotRun(report) : undefined;
        if (failure) throw new Error(failure);
      } catch (error) {
        if (choice.kind !== 'webcontainer') throw error;
        // Keep the learner's request: run it again on Pyodide.
        const why = error instanceof Error ? error.message : String(error);
        choice = runtimes.fallBack(why);
        say('Running on Pyodide…', 'pyodide');
        report = await gradeOn(choice, withHidden, files);
      }
      terminal.offer(runtimes.webContainer());
      renderReport(
        results,
        report,
        withHidden,
        (path, line) => void store.open(path, line),
        bundle.meta.writesContracts !== undefined,
      );
      graded = report;
      const python = report.runtime.python ? ` ${report.runtime.python}` : '';
      const took = Math.round(performance.now() - started);
      say(`Runtime: ${LABELS[choice.kind]}${python} — ${choice.reason}. Last run: ${took} ms.`, choice.kind);
    } catch (error) {
      results.textContent = `The tests could not run: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      for (const control of [...buttons, menu]) if (control) control.disabled = false;
      checks.set({ running: undefined, last: graded ? { kind, report: graded, version } : checks.get().last });
    }
  }

  for (const button of buttons) {
    button.addEventListener('click', () => void grade(button.dataset.action === 'check'));
  }
  return {
    checks,
    checkPython: (files, language) => runtimes.checkPython(files, language),
    dispose() {
      stopStart();
      stopFinish();
      terminal.dispose();
      runtimes.dispose();
    },
  };
}
