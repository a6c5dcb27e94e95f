// The editor shows structure rules from the same engine and results as the grader: each finding
// is a diagnostic with its column and text, listed apart from the broken imports that the import
// graph counts (a rule's finding is not an edge of the graph).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAnalyser, parseConfig } from '../../../src/contracts/index.ts';
import { brokenImports, ruleProblems } from '../../../src/islands/editor/analysis/broken-imports.ts';
import { diagnosticsOf } from '../../../src/islands/editor/analysis/diagnostics.ts';

const EXERCISE = join(import.meta.dirname, '../../../exercises/04-sql-out-of-routes');

function readTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.py')) files[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return files;
}

describe('structure rules in the editor', () => {
  const config = parseConfig({ path: '.importlinter', text: readFileSync(join(EXERCISE, '.importlinter'), 'utf8') });

  it('marks SQL moved into services, at its column, and keeps it out of the broken imports', () => {
    const files = readTree(join(EXERCISE, 'solution'));
    const analyser = createAnalyser(files, config);
    expect(ruleProblems(diagnosticsOf(analyser.report(), files))).toEqual([]);
    const services = `${files['library/services.py']}\n\ndef count_loans(db):\n    return db.run("SELECT COUNT(*) FROM loans")\n`;
    files['library/services.py'] = services;
    const diagnostics = diagnosticsOf(analyser.update('library/services.py', services), files);
    const lines = services.split('\n');
    const line = lines.findIndex((text) => text.includes('SELECT')) + 1;
    expect(ruleProblems(diagnostics)).toEqual([
      {
        contract: 'SQL only in the repository and the database setup',
        summary:
          'library.services has SQL (SELECT COUNT(*) FROM loans), which only library.repository, library.db may hold',
        file: 'library/services.py',
        line,
        column: lines[line - 1]!.indexOf('"') + 1,
        importer: 'library.services',
        imported: 'SQL',
        rule: true,
        text: '"SELECT COUNT(*) FROM loans"',
      },
    ]);
    expect(brokenImports(diagnostics)).toEqual([]);
  });
});
