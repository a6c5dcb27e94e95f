/**
 * `<strata-code-editor>`: shows a file as plain text at once, then swaps in Monaco, loaded lazily
 * in the browser only. The file travels in a child `<script type="application/json">`.
 */
import type { EditorFile } from './types.ts';

function readFile(host: HTMLElement): EditorFile {
  const payload = host.querySelector('script[type="application/json"]')?.textContent ?? '{}';
  const parsed = JSON.parse(payload) as Partial<EditorFile>;
  return { path: parsed.path ?? 'main.py', text: parsed.text ?? '' };
}

function createElementClass(): CustomElementConstructor {
  return class StrataCodeEditor extends HTMLElement {
    #dispose: (() => void) | undefined;

    async connectedCallback(): Promise<void> {
      const file = readFile(this);
      const surface = this.querySelector<HTMLElement>('[data-editor-surface]') ?? this;
      try {
        const { mountMonaco } = await import('./monaco.ts');
        if (!this.isConnected) return;
        this.#dispose = mountMonaco(surface, file);
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
  };
}

/** Registers `<strata-code-editor>` once per page. */
export function defineCodeEditorElement(): void {
  if (!customElements.get('strata-code-editor')) customElements.define('strata-code-editor', createElementClass());
}
