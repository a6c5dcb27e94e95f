// `strata exercises` parses its options with parseArgs: a typo is an error, not an exercise id.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const exercises = (args: string[]) =>
  spawnSync(process.execPath, ['bin/strata.mjs', 'exercises', ...args], { encoding: 'utf8' });

describe('strata exercises options', () => {
  it('check rejects an unknown option with exit 2, naming it', () => {
    const result = exercises(['check', '--josn']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("Unknown option '--josn'");
  });

  it('list takes --json and rejects anything else', () => {
    const listed = JSON.parse(exercises(['list', '--json']).stdout) as { id: string }[];
    expect(listed.map((exercise) => exercise.id)).toContain('01-import-side-effects');
    const typo = exercises(['list', '--jsn']);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain("Unknown option '--jsn'");
  });
});
