import { BaseSequencer } from 'vitest/node';
import type { TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * Vitest's order (the slowest first when it has timings from an earlier run, else the largest file
 * first), with the four fault-drill files (tests/server/*drill*.test.ts) placed so that two of them
 * start at once and the other two right after the first two other files: each drill file lasts
 * minutes but mostly waits on real processes and a real Postgres, so the forks running the other
 * files fill the waits. A clean clone has no earlier timings, so without this the drills could
 * start last and end the run minutes after everything else.
 */
class DrillsEarly extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const isDrill = (spec: TestSpecification) => /drills?\.test\.ts$/.test(spec.moduleId);
    // The longest drills first (fault-drills and lost-worker-drills take ~3 min each when idle).
    const weight = (spec: TestSpecification) => (/fault-drills|lost-worker/.test(spec.moduleId) ? 0 : 1);
    const drills = sorted.filter(isDrill).sort((a, b) => weight(a) - weight(b));
    const others = sorted.filter((spec) => !isDrill(spec));
    return [...drills.slice(0, 2), ...others.slice(0, 2), ...drills.slice(2), ...others.slice(2)];
  }
}

export default defineConfig({
  test: {
    include: ['tests/{unit,conformance,cli,grader,server}/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
    // Vitest's default on 2 cores is one fork, so every file ran in turn: 638 s summed, 688 s wall.
    // Many files mostly wait (the four drill files for minutes each: worker heartbeats, Postgres
    // restarts, sandboxed children), so four forks overlap two to four drills with two files that
    // compute; the tests are written to pass on a busy machine.
    maxWorkers: 4,
    sequence: { sequencer: DrillsEarly },
  },
});
