import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/{unit,conformance,cli,grader,server}/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
    // Vitest's default on 2 cores is one fork, so every file ran in turn: 638 s summed, 688 s wall.
    // Many files mostly wait (Postgres restarts, worker heartbeats, sandboxed children), so two
    // forks overlap them; the tests are written to pass on a busy machine.
    maxWorkers: 2,
  },
});
