/**
 * `<strata-code-editor>`: a plain-text editor on the learner's saved work at once (typing, tabs,
 * autosave and Run work in it), then Monaco, loaded lazily in the browser only, takes over. The learner's project lives in one store (store/); every
 * part of the workspace subscribes to it: Monaco, the file tree and tabs, the autosave, the
 * contracts worker and Run/Check. This element only creates the store and connects the parts.
 * The workspace travels in a child `<script type="application/json">`.
 */
import { attachProblems, startContractsChecker, startPythonChecker } from './analysis/index.ts';
import type { CheckPython } from './analysis/index.ts';
import { attachSaveStatus, attachToolbar, showChoice, showNotice } from './panels/index.ts';
import { keepProject, restoreProject } from './persistence/index.ts';
import { mountPlainEditor } from './plain/index.ts';
import { createProjectStore } from './store/index.ts';
import type { EditorWorkspace } from './types.ts';

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
    #dispose: (() => void)[] = [];

    async connectedCallback(): Promise<void> {
      const workspace = readWorkspace(this);
      const exerciseId = this.dataset.exerciseId;
      const stops = this.#dispose;
      // Every chunk the editor needs starts downloading now, beside the saved work's restore,
      // rather than one after another (Monaco alone is ~850 kB gzipped).
      const { grading, contracts } = workspace;
      const modules = {
        monaco: import('./monaco/index.ts'),
        files: import('./files/index.ts'),
        graph: contracts ? import('./graph/index.ts') : undefined,
        run: grading && contracts ? import('./run/index.ts') : undefined,
      };
      for (const loading of Object.values(modules)) loading?.catch(() => undefined); // awaited below
      try {
        // Saved work first (IndexedDB, then what a closed tab's journal adds), so nothing the
        // learner typed is ever replaced by the starter.
        const restored = await restoreProject(exerciseId, workspace.files);
        const store = createProjectStore({
          starter: workspace.files,
          project: restored.project,
          active: restored.view?.active ?? workspace.active,
          tabs: restored.view?.tabs,
          unsaved: restored.unsaved,
          save: { status: restored.unsaved ? 'unsaved' : 'saved', message: restored.message },
        });
        stops.push(attachSaveStatus(this, store));
        if (exerciseId) {
          stops.push(
            keepProject(exerciseId, store, restored, {
              choose: (text, choices) => showChoice(this, text, choices),
              notice: (text) => showNotice(this, text),
            }),
          );
        }
        // The contracts worker starts once the editor is ready: before, it would only compete with
        // Monaco (parsing ~3 MB of JavaScript) for the CPU. Its answers come to `checker.results`.
        let markReady: () => void = () => undefined;
        const ready = new Promise<void>((resolve) => (markReady = resolve));
        const checker = workspace.contracts ? startContractsChecker(store, workspace.contracts, ready) : undefined;
        if (checker) stops.push(() => checker.dispose());
        // The learner can type at once, in a plain editor on the store, while Monaco loads.
        const surface = this.querySelector<HTMLElement>('[data-editor-surface]') ?? this;
        const keysHint = this.querySelector<HTMLElement>('[data-editor-keys]');
        const plain = mountPlainEditor(surface, store, keysHint);
        const { attachProjectFiles } = await modules.files;
        if (!this.isConnected) return this.disconnectedCallback();
        stops.push(attachProjectFiles(this, store, contracts?.learner ? [contracts.path] : []));
        attachToolbar(this, store, exerciseId ?? 'project');
        // Typing, tabs, the file tree, Download and Reset work from here on.
        this.dataset.editable = 'plain';
        performance.mark('strata:editor-interactive');
        const open = (path: string, line?: number) => void store.open(path, line);
        // Python's own diagnostics as the learner types, on pages that grade (they have Python):
        // the checker follows the store from now on; its runtime comes with the grading panel.
        let providePython: (check: CheckPython) => void = () => undefined;
        const pythonCheck = new Promise<CheckPython>((resolve) => (providePython = resolve));
        const python = workspace.grading
          ? startPythonChecker(store, {
              check: async (files, language) => (await pythonCheck)(files, language),
              language: workspace.grading.meta.python,
            })
          : undefined;
        if (python) stops.push(() => python.dispose());
        if (grading && contracts && modules.run) {
          // Run/Check load with the grader and the runtimes, so only pages that grade fetch them.
          // They work on the store, so they work before Monaco is up.
          const run = await modules.run;
          if (!this.isConnected) return this.disconnectedCallback();
          const panel = run.attachGradingPanel(this, grading, contracts, store);
          stops.push(() => panel.dispose());
          providePython((files, language) => panel.checkPython(files, language));
          if (grading.solution) stops.push(run.attachSolutionPanel(this, grading, panel.checks, store));
        }
        const { mountMonaco } = await modules.monaco;
        if (!this.isConnected) return this.disconnectedCallback();
        const view = await mountMonaco(surface, store, {
          diagnostics: checker?.diagnostics,
          python: python?.diagnostics,
          keys: {
            hint: keysHint,
            notice: (text, undo) => showNotice(this, text, undo),
          },
          takeOver: () => plain.handOver(),
        });
        stops.push(() => view.dispose());
        this.dataset.editable = 'monaco';
        if (checker && modules.graph) {
          stops.push(attachProblems(this, checker.results, open));
          const { attachImportGraph } = await modules.graph;
          const graph = attachImportGraph(this, open);
          if (graph) {
            stops.push(checker.results.subscribe((response) => response && graph.update(response)));
            stops.push(() => graph.dispose());
          }
        }
        this.dataset.state = 'ready';
        performance.mark('strata:editor-ready');
        markReady();
        if (exerciseId && workspace.grading) {
          // After ready: asking the cohort server (absent on a static deployment) never delays the editor.
          void import('./cohort/index.ts')
            .then(({ attachCohortSubmit }) => attachCohortSubmit(this, store, exerciseId))
            .then((stop) => (this.isConnected ? stops.push(stop) : stop()));
        }
      } catch (error) {
        this.dataset.state = 'failed';
        console.error('Strata: the editor could not load', error);
      }
    }

    disconnectedCallback(): void {
      for (const stop of this.#dispose.splice(0).reverse()) stop();
    }
  };
}

/** Registers `<strata-code-editor>` once per page. */
export function defineCodeEditorElement(): void {
  if (!customElements.get('strata-code-editor')) customElements.define('strata-code-editor', createElementClass());
}
