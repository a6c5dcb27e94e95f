/**
 * `<strata-code-editor>`: shows the active file as plain text at once, then swaps in Monaco,
 * loaded lazily in the browser only. File tabs switch models; a Web Worker re-checks the import
 * contracts after each edit (debounced) and the problems list and editor markers show the result.
 * The workspace travels in a child `<script type="application/json">`.
 */
import { createAutosave, loadProject } from './autosave.ts';
import { renderContractsError, renderProblems, refreshSolutionPanel, showSaveStatus } from './panels.ts';
import { downloadProject } from './project-actions.ts';
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
        if (saved) {
          for (const path of Object.keys(starter)) {
            if (saved.files[path] !== undefined) workspace.files[path] = saved.files[path];
          }
          showSaveStatus(this, `Restored your work saved at ${new Date(saved.savedAt).toLocaleString()}`, false);
        }
        const { mountMonaco } = await import('./monaco.ts');
        if (!this.isConnected) return;
        const worker = workspace.contracts ? this.#startContractsWorker(workspace) : undefined;
        const timers = new Map<string, ReturnType<typeof setTimeout>>();
        let autosave: ReturnType<typeof createAutosave> | undefined;
        const controller = mountMonaco(surface, workspace, (path, text) => {
          autosave?.schedule();
          if (!worker) return;
          clearTimeout(timers.get(path));
          timers.set(
            path,
            setTimeout(
              () => worker.postMessage({ type: 'update', path, text } satisfies ContractsRequest),
              DEBOUNCE_MS,
            ),
          );
        });
        worker?.addEventListener('message', (event: MessageEvent<ContractsResponse>) => {
          const response = event.data;
          if (response.type === 'diagnostics') {
            controller.setDiagnostics(response.diagnostics);
            renderProblems(this, response.diagnostics, (path, line) => this.#open(controller, path, line));
          } else {
            renderContractsError(this, response.message);
          }
        });
        for (const tab of this.querySelectorAll<HTMLButtonElement>('[data-tab-path]')) {
          tab.addEventListener('click', () => this.#open(controller, tab.dataset.tabPath ?? ''));
        }
        const detachGrading =
          workspace.grading && workspace.contracts
            ? (await import('./grading-panel.ts')).attachGradingPanel(
                this,
                workspace.grading,
                workspace.contracts,
                () => controller.files(),
              )
            : undefined;
        if (exerciseId) {
          autosave = createAutosave(
            exerciseId,
            () => controller.files(),
            (text, failed) => showSaveStatus(this, text, failed),
          );
        }
        this.querySelector('[data-reset]')?.addEventListener('click', () => {
          const sure = confirm('Replace every file with the starter? Ctrl+Z in a file brings your version back.');
          if (!sure) return;
          controller.replaceAll(starter);
          showSaveStatus(this, 'Reset to the starter (undo with Ctrl+Z in each file).', false);
        });
        this.querySelector('[data-download]')?.addEventListener('click', () =>
          downloadProject(exerciseId ?? 'project', controller.files()),
        );
        const grading = workspace.grading;
        if (grading?.solution) {
          const refresh = () => refreshSolutionPanel(this, grading);
          refresh();
          this.addEventListener('strata:checked', refresh);
        }
        this.#dispose = () => {
          autosave?.dispose();
          detachGrading?.();
          worker?.terminate();
          controller.dispose();
        };
        this.dataset.state = 'ready';
      } catch (error) {
        this.dataset.state = 'failed';
        console.error('Strata: the editor could not load', error);
      }
    }

    disconnectedCallback(): void {
      this.#dispose?.();
      this.#dispose = undefined;
    }

    #open(controller: { open(path: string, line?: number): void }, path: string, line?: number): void {
      for (const tab of this.querySelectorAll<HTMLButtonElement>('[data-tab-path]')) {
        tab.setAttribute('aria-selected', String(tab.dataset.tabPath === path));
      }
      controller.open(path, line);
    }

    #startContractsWorker(workspace: EditorWorkspace): Worker {
      const worker = new Worker(new URL('./contracts-worker.ts', import.meta.url), { type: 'module' });
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
