import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/index.ts';

const BIN = 'bin/strata.mjs';

describe('strata CLI entry', () => {
  it('prints usage for --help and exits 0', () => {
    const out = execFileSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
    expect(out).toMatch(/^Usage: strata <command>/);
  });

  it('runs from the system Node too, by re-running under the bundled one', () => {
    const system = spawnSync('/usr/bin/node', [BIN, '--version'], { encoding: 'utf8' });
    if (system.error) return expect(system.error.message).toMatch(/ENOENT/);
    expect(system.stdout).toMatch(/^strata \d+\.\d+\.\d+/);
    expect(system.status).toBe(0);
  });

  it('rejects an unknown command with exit 2 and the usage', () => {
    const result = spawnSync(process.execPath, [BIN, 'frobnicate'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown command "frobnicate"');
  });

  it('lists each command with the summary the command itself gives', async () => {
    for (const entry of commands) {
      const command = await entry.load();
      expect([entry.name, entry.summary]).toEqual([command.name, command.summary]);
    }
  });

  it('prints each command’s usage once, under one "Usage:"', async () => {
    for (const entry of commands) {
      const command = await entry.load();
      // The entry adds the "Usage: " prefix; a usage that carried its own printed it twice.
      expect(command.usage, entry.name).not.toMatch(/^Usage:/);
      expect(command.usage, entry.name).toContain(entry.name);
    }
    const out = execFileSync(process.execPath, [BIN, 'serve', '--help'], { encoding: 'utf8' });
    expect(out).toMatch(/^Usage: strata serve \[--host/);
  });
});
