// The hints under a Check: one entry per distinct hint (grading.groupFeedback, as in the text
// report), naming what it is about in short, with the hint's `code` spans rendered as code.
import { groupFeedback } from '../../../grading/index.ts';
import type { Feedback } from '../../../schemas/index.ts';

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
  for (const group of groupFeedback(feedback)) {
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
