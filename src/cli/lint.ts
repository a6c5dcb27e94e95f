import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { analyse, ContractsError, findConfigFile, formatTextReport, parseConfig } from '../contracts/index.ts';
import type { Command } from './command.ts';
import { readAndScanProject } from './scan-project.ts';

const USAGE = 'strata lint [DIR] [--config FILE] [--contract ID]... [--format text|json] [--show-timings]';

export const lintCommand: Command = {
  name: 'lint',
  summary: 'Check a Python project against its import contracts (import-linter compatible)',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        config: { type: 'string' },
        contract: { type: 'string', multiple: true },
        format: { type: 'string', default: 'text' },
        'show-timings': { type: 'boolean', default: false },
      },
    });
    if (positionals.length > 1) throw new Error(`expected at most one DIR\nUsage: ${USAGE}`);
    if (values.format !== 'text' && values.format !== 'json') {
      throw new Error(`--format must be text or json, not "${values.format}"`);
    }
    const dir = resolve(io.cwd, positionals[0] ?? '.');
    // Synchronous: the first asynchronous fs call starts libuv's thread pool (~10-30 ms) for nothing.
    if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`${dir} is not a directory`);
    const timings: Record<string, number> = {};
    let started = performance.now();
    const { files, scans } = await readAndScanProject(dir);
    timings['Read and scan files'] = performance.now() - started;
    try {
      const configFile = values.config
        ? {
            path: relative(dir, resolve(io.cwd, values.config)),
            text: await readFile(resolve(io.cwd, values.config), 'utf8'),
          }
        : findConfigFile(files);
      if (!configFile) {
        io.stderr(`No import-linter configuration in ${dir} (setup.cfg, .importlinter or pyproject.toml).\n`);
        return 2;
      }
      const config = parseConfig(configFile);
      if (config.rules) {
        // Structure rules read the source itself, which the scan did not keep.
        const paths = [...scans.keys()].filter((path) => files[path] === undefined);
        const texts = await Promise.all(paths.map((path) => readFile(resolve(dir, path))));
        paths.forEach((path, index) => (files[path] = texts[index]!));
      }
      started = performance.now();
      const report = analyse(files, config, { contractIds: values.contract ?? [], scans });
      timings['Build graph and check contracts'] = performance.now() - started;
      if (values.format === 'json') io.stdout(`${JSON.stringify(report, null, 2)}\n`);
      else io.stdout(formatTextReport(report, values['show-timings'] ? { timings } : {}));
      return report.exit_code;
    } catch (error) {
      if (error instanceof ContractsError) {
        io.stderr(`${error.toString()}\n`);
        return 2;
      }
      throw error;
    }
  },
};
