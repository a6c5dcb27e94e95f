// The solution as a diff against the learner's files (issue 20; TutorialKit's #216: Solve
// overwrote people's code). One file at a time in Monaco's diff editor, picked from the files
// that differ; each change can be taken alone, or the whole file, always through the store (so
// the editor, the tree and the autosave follow) and always with Undo.
import { showNotice } from '../panels/index.ts';
import { changesContent } from '../store/index.ts';
import type { ProjectStore, Unsubscribe } from '../store/index.ts';
import { applyLineChange, describeLineChange, differingFiles } from './hunks.ts';
import type { DifferingFile, FileDifference, LineChange } from './hunks.ts';

const DIFFERENCE: Record<FileDifference, string> = {
  changed: 'changed',
  'only-solution': 'only in the solution',
  'only-learner': 'only in your files',
};

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

/**
 * Builds the comparison in `container` and keeps it in step with the store. `root` holds the
 * workspace's notice bar (for Undo). Resolves once Monaco's diff editor is mounted.
 */
export async function showSolutionDiff(
  root: HTMLElement,
  container: HTMLElement,
  store: ProjectStore,
  solution: Readonly<Record<string, string>>,
): Promise<Unsubscribe> {
  const summary = element('p', { className: 'solution-diff-summary' });
  summary.setAttribute('role', 'status');
  summary.dataset.solutionDiffSummary = '';
  const picker = element('select');
  picker.dataset.solutionDiffFile = '';
  const takeFile = element('button', { type: 'button', textContent: 'Take the whole file' });
  takeFile.dataset.solutionTakeFile = '';
  const bar = element('div', { className: 'solution-diff-bar' }, element('label', {}, 'File ', picker), takeFile);
  const surface = element('div', { className: 'solution-diff-editor' });
  surface.setAttribute('role', 'group');
  const heading = element('p', {
    className: 'solution-hunks-title',
    id: `solution-hunks-${Math.random().toString(36).slice(2, 8)}`,
  });
  const hunks = element('ol', { className: 'solution-hunks' });
  hunks.dataset.solutionHunks = '';
  hunks.setAttribute('aria-labelledby', heading.id);
  const wrapper = element('div', { className: 'solution-diff' }, summary, bar, surface, heading, hunks);
  wrapper.dataset.solutionDiff = '';
  container.replaceChildren(wrapper);

  const { mountDiffView } = await import('../monaco/index.ts');
  const view = mountDiffView(surface);
  let files: DifferingFile[] = [];
  let current = '';
  /** The index of the change whose button was pressed, so focus lands on the next one. */
  let refocus: number | undefined;

  const learnerText = (path: string) => store.get().files[path] ?? '';
  const differenceOf = (path: string): FileDifference | undefined =>
    files.find((file) => file.path === path)?.difference;

  /** Takes `next` as the learner's `path`, with Undo back to the project as it was. */
  const take = (path: string, next: string | null, message: string) => {
    const before = store.snapshot();
    if (next === null) store.remove(path, 'file');
    else if (store.get().files[path] === undefined) store.createFile(path, next);
    else store.edit(path, next);
    showNotice(root, message, () => store.replace(before, { reason: 'undo' }));
  };

  /** True from showing a file until its first diff is listed. */
  let comparing = true;
  const renderHunks = (changes: readonly LineChange[] | undefined) => {
    heading.textContent = `Changes in ${current}`;
    if (changes === undefined) {
      hunks.replaceChildren(element('li', { textContent: 'Comparing…' }));
      return;
    }
    comparing = false;
    if (changes.length === 0) {
      hunks.replaceChildren(element('li', { textContent: 'Your file matches the solution.' }));
      takeFile.disabled = differenceOf(current) !== 'only-learner';
      if (refocus !== undefined) picker.focus();
      refocus = undefined;
      return;
    }
    takeFile.disabled = false;
    const buttons = changes.map((change, index) => {
      const about = element('span', { id: `${heading.id}-${index}`, textContent: describeLineChange(change) });
      const button = element('button', { type: 'button', textContent: 'Take this change' });
      button.setAttribute('aria-describedby', about.id);
      button.addEventListener('focus', () => view.reveal(change));
      button.addEventListener('click', () => {
        const path = current;
        refocus = index;
        take(
          path,
          applyLineChange(learnerText(path), solution[path] ?? '', change),
          `Took change ${index + 1} of ${changes.length} in ${path} from the solution.`,
        );
      });
      return element('li', {}, about, ' ', button);
    });
    hunks.replaceChildren(...buttons);
    if (refocus !== undefined) {
      hunks.querySelectorAll('button')[Math.min(refocus, changes.length - 1)]?.focus();
      refocus = undefined;
    }
  };

  const showFile = (path: string) => {
    current = path;
    picker.value = path;
    surface.setAttribute('aria-label', `${path}: yours, then the solution’s`);
    renderHunks(undefined);
    comparing = true;
    view.show(path, learnerText(path), solution[path] ?? '');
  };

  const renderPicker = () => {
    files = differingFiles(store.get().files, solution);
    summary.textContent =
      files.length === 0
        ? 'Your files match the solution.'
        : `Your files and the solution differ in ${files.length === 1 ? '1 file' : `${files.length} files`}.`;
    const options = files.map(({ path, difference }) =>
      element('option', { value: path, textContent: `${path} (${DIFFERENCE[difference]})` }),
    );
    // The file on screen stays listed after its last change is taken.
    if (current && !files.some((file) => file.path === current)) {
      options.push(element('option', { value: current, textContent: `${current} (same as the solution)` }));
    }
    picker.replaceChildren(...options);
    if (current) picker.value = current;
  };

  // Choosing the file already on screen keeps its diff rather than computing it again.
  picker.addEventListener('change', () => {
    if (picker.value !== current) showFile(picker.value);
  });
  takeFile.addEventListener('click', () => {
    const path = current;
    const difference = differenceOf(path);
    if (!difference) return;
    const next = difference === 'only-learner' ? null : (solution[path] ?? '');
    const what =
      difference === 'only-learner'
        ? `Deleted ${path}, which the solution does not have.`
        : `Took the solution’s ${path}.`;
    refocus = 0;
    take(path, next, what);
  });

  // The diff editor reports each computed diff by an event. Until a newly shown file's first diff
  // is listed it is also asked on a timer, so a diff whose event came before its models settled (a
  // file chosen while the previous one was still compared, a busy worker) still reaches the list.
  // (After a change is taken the models stay, and their previous diff is stale until the event.)
  const refresh = () => renderHunks(view.lineChanges());
  const stopDiff = view.onDidUpdate(refresh);
  const poll = window.setInterval(() => {
    if (comparing) refresh();
  }, 250);
  const stopStore = store.listen((state, change) => {
    if (!changesContent(change)) return;
    renderPicker();
    if (view.setLearner(state.files[current] ?? '')) renderHunks(undefined);
  });
  renderPicker();
  const first = files[0]?.path ?? Object.keys(solution).sort()[0];
  if (first) showFile(first);
  else renderHunks([]);
  return () => {
    window.clearInterval(poll);
    stopStore();
    stopDiff();
    view.dispose();
  };
}
