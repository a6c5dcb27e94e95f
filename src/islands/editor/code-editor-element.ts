/**
 * `<strata-code-editor>`: shows the active file as plain text at once, then swaps in Monaco,
 * loaded lazily in the browser only. A file tree and tabs manage the learner's files; a Web Worker
 * re-checks the import contracts after each edit (debounced) and the problems list and editor
 * markers show the result. The workspace travels in a child `<script type="application/json">`.
 */
import { renderContractsError, renderProblems } from './analysis/index.ts';
import { downloadProject, showChoice, showNotice, showSaveStatus } from './panels/index.ts';
import { asideKey, createAutosave, loadProject, mergeWithStarter, putAside } from './persistence/index.ts';
import type { ProjectSnapshot, SavedProject } from './persistence/index.ts';
import type { ContractsRequest, ContractsResponse, EditorWorkspace } from './types.ts';

const DEBOUNCE_MS = 250;

function readWorkspace(host: HTMLElement): EditorWorkspace {
  const payload = host.querySelector('script[type="application/json"]')?.textContent ?? '{}';
  const parsed = JSON.parse(payload) as Partial<EditorWorkspace>;
  const files = parsed.files ?? {};
  return {
    files,
    active: parsed.active ?? Object.keys(files)[0] ?? '',
    contracts: parsed.contracts,
    grading: parsed.grading,
  };
}

function when(saved: SavedProject): string {
  return new Date(saved.savedAt).toLocaleString();
}

function createElementClass(): CustomElementConstructor {
  return class StrataCodeEditor extends HTMLElement {
    #dispose: (() => void) | undefined;

    async connectedCallback(): Promise<void> {
      const workspace = readWorkspace(this);
      const starter = { ...workspace.files };
      const surface = this.querySelector<HTMLElement>('[data-editor-surface]') ?? this;
      const exerciseId = this.dataset.exerciseId;
      try {
        // Restore saved work first, so nothing the learner typed is ever replaced by the starter.
        const saved = exerciseId ? await loadProject(exerciseId) : undefined;
        const aside = exerciseId ? await loadProject(asideKey(exerciseId)) : undefined;
        const restored = mergeWithStarter(starter, saved);
        workspace.files = restored.files;
        if (saved) showSaveStatus(this, `Restored your work saved at ${when(saved)}`, false);
        const { mountMonaco } = await import('./monaco/index.ts');
        if (!this.isConnected) return;
        const worker = workspace.contracts ? this.#startContractsWorker(workspace) : undefined;
        // The worker may answer before the editor is up: keep its latest answer until then.
        // When the last edit went to the worker: `npm run bench:workspace` reads the
        // "strata:diagnostics" measures (edit sent → markers and problems list updated).
        let sentAt: number | undefined;
        const inbox: { early?: ContractsResponse; show?: (response: ContractsResponse) => void } = {};
        worker?.addEventListener('message', (event: MessageEvent<ContractsResponse>) => {
          if (inbox.show) inbox.show(event.data);
          else inbox.early = event.data;
        });
        const timers = new Map<string, ReturnType<typeof setTimeout>>();
        let autosave: ReturnType<typeof createAutosave> | undefined;
        let applyingOtherTab = false;
        const controller = await mountMonaco(surface, workspace, (path, text) => {
          if (!applyingOtherTab) autosave?.schedule();
          if (!worker) return;
          clearTimeout(timers.get(path));
          const send = () => {
            sentAt = performance.now();
            worker.postMessage({ type: 'update', path, text } satisfies ContractsRequest);
          };
          // Creating or deleting a file changes the module set: check at once, not after typing stops.
          if (text === null) send();
          else timers.set(path, setTimeout(send, DEBOUNCE_MS));
        });
        const { attachProjectFiles } = await import('./files/index.ts');
        const initialTabs = Object.keys(starter).filter(
          (path) => path.endsWith('.py') && restored.files[path] !== undefined,
        );
        const project = attachProjectFiles(this, controller, starter, restored, initialTabs, () => {
          if (!applyingOtherTab) autosave?.schedule();
        });
        const graph = workspace.contracts
          ? (await import('./graph/index.ts')).attachImportGraph(this, (path, line) => project.open(path, line))
          : undefined;
        const show = (response: ContractsResponse) => {
          if (response.type === 'diagnostics') {
            controller.setDiagnostics(response.diagnostics);
            renderProblems(this, response.diagnostics, (path, line) => project.open(path, line));
            if (sentAt !== undefined) performance.measure('strata:diagnostics', { start: sentAt });
            sentAt = undefined;
          } else {
            renderContractsError(this, response.message);
          }
          graph?.update(response);
        };
        if (inbox.early) show(inbox.early);
        inbox.show = show;
        // Run/Check load with the grader and the runtimes, so only pages that grade fetch them.
        const run = workspace.grading ? await import('./run/index.ts') : undefined;
        const detachGrading =
          run && workspace.grading && workspace.contracts
            ? run.attachGradingPanel(this, workspace.grading, workspace.contracts, () => controller.files())
            : undefined;
        const applyVersion = (version: ProjectSnapshot) => {
          applyingOtherTab = true;
          try {
            project.replace(version);
          } finally {
            applyingOtherTab = false;
          }
        };
        if (exerciseId) {
          autosave = createAutosave(exerciseId, () => project.snapshot(), saved?.revision, {
            status: (text, failed) => showSaveStatus(this, text, failed),
            changedElsewhere: (theirs) => {
              applyVersion(theirs);
              autosave?.adopt(theirs);
              showSaveStatus(this, `Updated with the changes you saved in another tab at ${when(theirs)}`, false);
            },
            conflict: (theirs) => {
              showSaveStatus(this, 'Not saved yet: this exercise was changed in another tab.', true);
              showChoice(
                this,
                `This exercise was also changed in another tab (saved at ${when(theirs)}). Which version do you want to keep? The other one is kept aside, not lost.`,
                [
                  {
                    label: 'Keep this tab’s version',
                    choose: () => void autosave?.overwrite(),
                  },
                  {
                    label: 'Use the other tab’s version',
                    choose: () => {
                      const mine = project.snapshot();
                      void putAside(exerciseId, mine);
                      applyVersion(theirs);
                      autosave?.adopt(theirs);
                      showSaveStatus(this, 'Showing the other tab’s version; yours is kept aside.', false);
                    },
                  },
                ],
              );
            },
          });
          if (aside) {
            showChoice(this, `A version of this exercise from another tab was kept aside at ${when(aside)}.`, [
              {
                label: 'Open that version',
                choose: () => {
                  const mine = project.snapshot();
                  project.replace(mergeWithStarter(starter, aside));
                  void putAside(exerciseId, mine);
                  showNotice(this, 'Opened the version kept aside; the one you had is now kept aside instead.');
                },
              },
              { label: 'Discard it', choose: () => void putAside(exerciseId, undefined) },
            ]);
          }
        }
        this.querySelector('[data-reset]')?.addEventListener('click', () => {
          const sure = confirm('Replace every file with the starter? You can undo this.');
          if (!sure) return;
          const before = project.snapshot();
          project.replace({ files: starter, folders: [], deleted: [] });
          showNotice(this, 'Reset to the starter (Ctrl+Z in a file also brings its text back).', () =>
            project.replace(before),
          );
        });
        this.querySelector('[data-download]')?.addEventListener('click', () =>
          downloadProject(exerciseId ?? 'project', controller.files()),
        );
        const grading = workspace.grading;
        if (run && grading?.solution) {
          const refresh = () => run.refreshSolutionPanel(this, grading);
          refresh();
          this.addEventListener('strata:checked', refresh);
        }
        this.#dispose = () => {
          autosave?.dispose();
          detachGrading?.();
          graph?.dispose();
          worker?.terminate();
          controller.dispose();
        };
        this.dataset.state = 'ready';
        performance.mark('strata:editor-ready');
      } catch (error) {
        this.dataset.state = 'failed';
        console.error('Strata: the editor could not load', error);
      }
    }

    disconnectedCallback(): void {
      this.#dispose?.();
      this.#dispose = undefined;
    }

    #startContractsWorker(workspace: EditorWorkspace): Worker {
      const worker = new Worker(new URL('./analysis/contracts-worker.ts', import.meta.url), { type: 'module' });
      worker.postMessage({
        type: 'init',
        files: { ...workspace.files, [workspace.contracts!.path]: workspace.contracts!.text },
        config: workspace.contracts!,
      } satisfies ContractsRequest);
      return worker;
    }
  };
}

/** Registers `<strata-code-editor>` once per page. */
export function defineCodeEditorElement(): void {
  if (!customElements.get('strata-code-editor')) customElements.define('strata-code-editor', createElementClass());
}
