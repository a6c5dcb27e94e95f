// Download the learner's project as a zip, and reveal the reference solution when the exercise
// allows it (always, after N checks, or after a full score).
import { strToU8, zipSync } from 'fflate';
import { loadProgress } from '../progress/store.ts';
import type { GradingBundle } from './types.ts';

const ATTEMPTS_KEY = 'strata:attempts';

export function downloadProject(name: string, files: Record<string, string>): void {
  const entries = Object.fromEntries(Object.entries(files).map(([path, text]) => [`${name}/${path}`, strToU8(text)]));
  const blob = new Blob([zipSync(entries)], { type: 'application/zip' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = `${name}.zip`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

function readAttempts(): Record<string, number> {
  try {
    const parsed = JSON.parse(localStorage.getItem(ATTEMPTS_KEY) ?? '{}') as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, number>) : {};
  } catch {
    return {};
  }
}

export function countAttempt(id: string): number {
  const attempts = readAttempts();
  attempts[id] = (attempts[id] ?? 0) + 1;
  try {
    localStorage.setItem(ATTEMPTS_KEY, JSON.stringify(attempts));
  } catch {
    // storage disabled: the count lasts for this page only
  }
  return attempts[id];
}

/** Why the solution can or cannot be shown yet, per the exercise's metadata. */
export function solutionAvailability(bundle: GradingBundle): { available: boolean; reason: string } {
  const rule = bundle.meta.solution;
  const id = bundle.meta.id;
  if (rule.reveal === 'always') return { available: true, reason: '' };
  if (rule.reveal === 'never') return { available: false, reason: 'This exercise keeps its solution hidden.' };
  if (rule.reveal === 'after-pass') {
    const done = (loadProgress().exercises[id]?.score ?? 0) >= 100;
    return { available: done, reason: done ? '' : 'The solution opens once you reach 100%.' };
  }
  const needed = rule.attempts ?? 1;
  const made = readAttempts()[id] ?? 0;
  return made >= needed
    ? { available: true, reason: '' }
    : { available: false, reason: `The solution opens after ${needed} checks (${made} so far).` };
}
