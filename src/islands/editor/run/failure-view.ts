// One test's result in the Run/Check panel, written for a learner: the verdict; for a failure, what
// was expected and what came (grading's plain-words summary), unittest's diff, where it happened
// (the test's line and the learner's, each of the learner's a button that opens the file at that
// line), the hint that names the test, and the raw traceback and output folded away. A hidden test
// shows its verdict and hint only: a learner's report carries nothing else of it.
import { failureDetail } from '../../../grading/index.ts';
import type { Feedback, TestResult } from '../../../schemas/index.ts';
import { renderInlineCode } from './hints.ts';

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

function folded(label: string, text: string): HTMLDetailsElement {
  const details = element('details', '', 'failure-raw');
  details.append(element('summary', label), element('pre', text));
  return details;
}

export interface TestResultOptions {
  /** Opens one of the learner's files at a line (the store's `open`). */
  open(path: string, line: number): void;
  /** The feedback entry for this test, when it failed (the hint that names it, or the lesson). */
  hint?: Feedback | undefined;
}

/** Where a failure happened, outermost first: the test's line as text, the learner's as buttons. */
function renderFrames(test: TestResult, open: TestResultOptions['open']): HTMLElement | undefined {
  const failure = test.failure;
  if (!failure) return undefined;
  const frames = [...failure.frames];
  // A SyntaxError's place is not a frame: show it as the last step.
  const location = failure.location;
  if (location && !frames.some((f) => f.role === 'learner' && f.file === location.file && f.line === location.line)) {
    frames.push({ file: location.file, line: location.line, function: '', code: null, role: 'learner' });
  }
  if (frames.length === 0) return undefined;
  const list = element('ol', '', 'failure-frames');
  list.setAttribute('aria-label', 'Where it happened, outermost first');
  frames.forEach((frame, index) => {
    const item = document.createElement('li');
    const place = `${frame.file}:${frame.line}`;
    if (frame.role === 'learner') {
      const button = element('button', place, 'failure-link');
      button.type = 'button';
      button.title = `Open ${frame.file} at line ${frame.line}`;
      button.dataset.file = frame.file;
      button.dataset.line = String(frame.line);
      button.addEventListener('click', () => open(frame.file, frame.line));
      item.append(button);
      item.dataset.role = 'learner';
    } else {
      item.append(element('span', place, 'failure-place'));
      item.dataset.role = 'test';
    }
    if (frame.function) item.append(` in ${frame.function}`);
    if (frame.code) item.append(' ', element('code', frame.code));
    list.append(item);
    if (failure.framesOmitted > 0 && index === 4) {
      list.append(element('li', `… ${failure.framesOmitted} more calls …`, 'failure-omitted'));
    }
  });
  return list;
}

/** The hint under a failing test: its text (Markdown `code` as code) and a link to the lesson. */
function renderHint(hint: Feedback): HTMLElement {
  const text = element('p', '', 'failure-hint');
  text.append(element('strong', hint.hint === null ? 'See the lesson: ' : `Hint ${hint.hint}: `));
  text.append(...renderInlineCode(hint.text), ' ');
  const link = element('a', 'Read the lesson section');
  link.href = hint.href;
  text.append(link);
  return text;
}

export function renderTestResult(test: TestResult, options: TestResultOptions): HTMLLIElement {
  const passed = test.status === 'pass';
  const item = document.createElement('li');
  item.dataset.status = test.status;
  item.append(element('p', `${passed ? '✓' : '✗'} ${test.name} (${test.suite}): ${test.status}`, 'test-verdict'));
  if (passed || test.status === 'skipped') return item;
  const { failure } = test;
  if (failure) {
    item.append(element('p', failure.summary, 'failure-summary'));
    const detail = failureDetail(failure);
    if (detail) item.append(element('pre', detail, 'failure-detail'));
    const frames = renderFrames(test, (path, line) => options.open(path, line));
    if (frames) item.append(frames);
  } else if (test.message.trim()) {
    item.append(element('pre', test.message.trim()));
  }
  if (options.hint) item.append(renderHint(options.hint));
  if (failure && test.message.trim()) item.append(folded('Full traceback', test.message.trim()));
  if (test.output.trim()) item.append(folded('What the code printed', test.output.trimEnd()));
  return item;
}
