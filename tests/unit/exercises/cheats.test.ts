// Submissions that keep the anti-pattern an exercise teaches against, graded by the real grader on
// the machine's python3: each must score below its bound. A cheat is a folder
// `cheats/<exercise>/<name>/` holding cheat.json (why it is a cheat, the code it starts from, the
// bound, files it deletes) and the files it puts over that code.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { FileMap } from '../../../src/grading/index.ts';
import { detectSandbox, gradeWithLocalPython, loadExercise } from '../../../src/runtime/node.ts';

const CHEATS = join(import.meta.dirname, 'cheats');
const sandbox = detectSandbox();

const cheatSchema = z
  .object({
    why: z.string().min(20),
    base: z.enum(['solution', 'starter']).default('solution'),
    below: z.number().min(1).max(100),
    remove: z.array(z.string()).default([]),
  })
  .strict();

function readTree(dir: string): FileMap {
  const files: FileMap = {};
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name !== 'cheat.json') files[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return files;
}

const cases = readdirSync(CHEATS).flatMap((exercise) =>
  readdirSync(join(CHEATS, exercise)).map((name) => ({ exercise, name, dir: join(CHEATS, exercise, name) })),
);

describe('cheating submissions score low', () => {
  it('finds the cheats', () => {
    expect(cases.length).toBeGreaterThanOrEqual(3);
  });

  it.each(cases)(
    '$exercise: $name',
    async ({ exercise: id, dir }) => {
      const cheat = cheatSchema.parse(JSON.parse(readFileSync(join(dir, 'cheat.json'), 'utf8')));
      const exercise = await loadExercise('exercises', id);
      const files: FileMap = { ...exercise[cheat.base] };
      for (const path of cheat.remove) {
        expect(path in files, `${path} is not in ${cheat.base}/`).toBe(true);
        delete files[path];
      }
      Object.assign(files, readTree(dir));
      const report = await gradeWithLocalPython({ exercise, files, unsafeNoSandbox: !sandbox.available });
      expect(report.errors).toEqual([]);
      // The cheat must still run (some tests pass), so the low score comes from the tests that see it.
      expect(report.tests.some((test) => test.status === 'pass')).toBe(true);
      expect(report.score, cheat.why).toBeLessThan(cheat.below);
    },
    120_000,
  );
});
