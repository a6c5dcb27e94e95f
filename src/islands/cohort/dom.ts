// Small DOM helpers for the cohort pages: build elements, show one state of a page, say things
// in a live region, and run a form's submit with its button busy and its errors shown.
import { ApiError } from './http.ts';

type Child = Node | string | null | undefined | false;

interface Props {
  class?: string;
  text?: string;
  attrs?: Record<string, string | undefined>;
  data?: Record<string, string>;
}

/** document.createElement with a class, text, attributes, data-* and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.class) node.className = props.class;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (value !== undefined) node.setAttribute(name, value);
  }
  Object.assign(node.dataset, props.data ?? {});
  for (const child of children) if (child) node.append(child);
  return node;
}

/** The one element matching `selector` under `root`; a missing one is a page bug. */
export function find<T extends Element = HTMLElement>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`cohort page: nothing matches ${selector}`);
  return found;
}

/**
 * Shows the parts of a page meant for `state` and hides the others: an element with
 * data-when="a b" is visible in states a and b. The root's data-state says which one is on.
 */
export function showState(root: HTMLElement, state: string): void {
  root.dataset.state = state;
  for (const part of root.querySelectorAll<HTMLElement>('[data-when]')) {
    part.hidden = !(part.dataset.when ?? '').split(/\s+/).includes(state);
  }
}

export type Tone = 'busy' | 'ok' | 'warn' | 'bad';

/** What a form action says when it is done: a sentence, or one with a tone and lines under it. */
export type Outcome = string | { text: string; tone: Tone; lines?: readonly string[] } | void;

/**
 * Puts a message in a live region (role="status" in the markup, so screen readers hear it) and
 * marks its tone; extra lines (a server's list of problems) go in a list under it.
 */
export function say(region: HTMLElement, text: string, tone?: Tone, lines: readonly string[] = []): void {
  const nodes: Node[] = [h('span', { text })];
  if (lines.length > 0) nodes.push(h('ul', {}, ...lines.map((line) => h('li', { text: line }))));
  region.replaceChildren(...nodes);
  if (tone) region.dataset.tone = tone;
  else delete region.dataset.tone;
}

/** Problems found in a form before anything was sent. */
export class FormProblems extends Error {
  readonly problems: readonly string[];
  constructor(message: string, problems: readonly string[]) {
    super(message);
    this.name = 'FormProblems';
    this.problems = problems;
  }
}

/** A caught error as a sentence for the page. */
export function describeError(error: unknown): { message: string; problems: readonly string[] } {
  if (error instanceof ApiError || error instanceof FormProblems) {
    return { message: capitalise(error.message), problems: error.problems };
  }
  return { message: error instanceof Error ? capitalise(error.message) : String(error), problems: [] };
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Runs `action` when the form is submitted: its submit button is disabled meanwhile, `busy` is
 * said while it runs, and a failure is said in the form's status region with the server's
 * problems. The action returns what to say when it is done (or nothing).
 */
export function onSubmit(form: HTMLFormElement, busy: string, action: (data: FormData) => Promise<Outcome>): void {
  const status = find(form, '[data-status]');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const buttons = [...form.querySelectorAll<HTMLButtonElement>('button[type="submit"]')];
    for (const button of buttons) button.disabled = true;
    form.setAttribute('aria-busy', 'true');
    say(status, busy, 'busy');
    action(new FormData(form))
      .then((done) => {
        if (typeof done === 'string') say(status, done, 'ok');
        else if (done) say(status, done.text, done.tone, done.lines);
        else say(status, '');
      })
      .catch((error: unknown) => {
        const { message, problems } = describeError(error);
        say(status, message, 'bad', problems);
      })
      .finally(() => {
        for (const button of buttons) button.disabled = false;
        form.removeAttribute('aria-busy');
      });
  });
}

/** A FormData field as a string ('' when absent or a file). */
export function field(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value : '';
}

/** Where the cohort pages are (the site may live under a base path). */
export function cohortsHref(path = ''): string {
  return `${import.meta.env.BASE_URL}cohorts/${path}`;
}

export function cohortHref(id: string): string {
  return `${cohortsHref('cohort/')}?id=${encodeURIComponent(id)}`;
}

export function exerciseHref(id: string): string {
  return `${import.meta.env.BASE_URL}exercises/${id}/`;
}
