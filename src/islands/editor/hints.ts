// The hints under a Check: one entry per distinct hint (several failing tests often share one),
// naming what it is about in short, with the hint's `code` spans rendered as code.
import type { Feedback } from '../../schemas/index.ts';

export interface HintGroup {
  text: string;
  href: string;
  /** Contract names and test method names, in the order the report gave them. */
  about: string[];
}

/** Groups feedback that shares a hint and a lesson link; tests are named by their method. */
export function groupHints(feedback: readonly Feedback[]): HintGroup[] {
  const groups = new Map<string, HintGroup>();
  for (const item of feedback) {
    const key = `${item.text}\u0000${item.href}`;
    const group = groups.get(key) ?? { text: item.text, href: item.href, about: [] };
    const name = item.kind === 'test' ? (item.target.split('.').pop() ?? item.target) : item.target;
    if (!group.about.includes(name)) group.about.push(name);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** Hint text is Markdown: show its `code` spans as code and the rest as plain text. */
export function renderInlineCode(text: string): Node[] {
  return text.split(/(`[^`]+`)/).flatMap((part): Node[] => {
    if (part === '') return [];
    if (part.length > 1 && part.startsWith('`') && part.endsWith('`')) {
      const code = document.createElement('code');
      code.textContent = part.slice(1, -1);
      return [code];
    }
    return [document.createTextNode(part)];
  });
}

export function renderHints(feedback: readonly Feedback[]): HTMLUListElement {
  const list = document.createElement('ul');
  list.className = 'hints';
  for (const group of groupHints(feedback)) {
    const item = document.createElement('li');
    const about = document.createElement('p');
    about.className = 'hint-about';
    about.textContent = group.about.join(', ');
    const text = document.createElement('p');
    text.className = 'hint-text';
    text.append(...renderInlineCode(group.text), ' ');
    const link = document.createElement('a');
    link.href = group.href;
    link.textContent = 'Read the lesson section';
    text.append(link);
    item.append(about, text);
    list.append(item);
  }
  return list;
}
