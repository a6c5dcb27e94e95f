import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/{unit,conformance,cli,grader,server}/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
  },
});
