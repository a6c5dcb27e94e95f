import { readFileSync } from 'node:fs';

/**
 * The fields of /proc/<pid>/stat after the command's parentheses (state, parent pid, ... : field 3
 * of proc(5) is index 0 here), or null once the process is gone.
 */
export function procStat(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}
