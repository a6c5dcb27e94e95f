import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { strToU8, zipSync } from 'fflate';
import type { Zippable } from 'fflate';
import { findExercisesRoot, readTree, resolveExercise } from '../runtime/node.ts';
import type { Command } from './command.ts';

const USAGE = [
  'strata autograder gradescope EXERCISE [--out FILE.zip] [--site-url URL] [--package SPEC]',
  '',
  "Writes a Gradescope autograder zip for EXERCISE: setup.sh (Ubuntu's python3 and bubblewrap, Node",
  'and this package from npm), run_autograder (grades /autograder/submission, writes',
  '/autograder/results/results.json) and the exercise folder. --site-url makes the',
  "hints' lesson links absolute; --package is what setup.sh installs with npm (default: this",
  "package's name@version). Upload the zip as the assignment's autograder (docs/gradescope.md).",
].join('\n');

class UsageError extends Error {}

/** setup.sh: run once by Gradescope, as root, while it builds the autograder's Ubuntu image. */
export function setupScript(packageSpec: string): string {
  return `#!/usr/bin/env bash
# Gradescope runs this once, as root, while it builds the autograder image (Ubuntu).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update
# python3 runs the tests; bubblewrap and setpriv (util-linux) are the grader's sandbox where the
# container lets it start; npm brings Node.js and the grader.
apt-get install -y --no-install-recommends python3 bubblewrap util-linux ca-certificates npm
# Ubuntu's own Node.js is older than the grader needs (22.12 or later); npm's "node" package is Node 24.
npm install --global node@24
npm install --global ${packageSpec}
hash -r
strata --version
`;
}

/**
 * run_autograder: Gradescope runs it in /autograder for each submission. STRATA_AUTOGRADER_ROOT
 * (default /autograder) and STRATA_BIN (default strata) let a test run it against a fake root.
 */
export function runScript(exerciseId: string, siteUrl: string | null): string {
  const site = siteUrl ? ` --site-url '${siteUrl.replace(/'/g, `'\\''`)}'` : '';
  return `#!/usr/bin/env bash
# Gradescope runs this in /autograder for each submission: it grades /autograder/submission against
# the exercise in /autograder/source/${exerciseId}/ and writes /autograder/results/results.json.
set -uo pipefail
root=\${STRATA_AUTOGRADER_ROOT:-/autograder}
read -r -a strata <<< "\${STRATA_BIN:-strata}"
results="$root/results/results.json"
mkdir -p "$root/results"
rm -f "$results"

# --unsafe-no-sandbox: the grader still uses bubblewrap where it can start; where the container
# refuses it, the submission runs in Gradescope's container as this script does (see
# docs/gradescope.md for what that means for hidden tests).
"\${strata[@]}" grade "$root/source/${exerciseId}" "$root/submission" --format gradescope --out "$results" \\
  --unsafe-no-sandbox${site} 2> "$root/results/grader.log"
code=$?
cat "$root/results/grader.log" >&2
if [ ! -s "$results" ]; then
  # Not graded (exit $code): a results.json still, so the student sees a reason, not a blank page.
  node -e '
    const [file, log] = process.argv.slice(1);
    const output = "The autograder could not grade this submission. Resubmit, or ask your instructor.";
    require("node:fs").writeFileSync(file, JSON.stringify({ score: 0, output, stdout_visibility: "hidden", tests: [] }, null, 2) + "\\n");
    process.stderr.write(log);
  ' "$results" "strata grade exited with $code"
fi
exit 0
`;
}

/** The files of the autograder zip, by path (the scripts executable). */
export async function gradescopeAutograder(options: {
  exerciseFolder: string;
  exerciseId: string;
  siteUrl: string | null;
  packageSpec: string;
}): Promise<Zippable> {
  const files = await readTree(options.exerciseFolder);
  const zip: Zippable = {};
  const executable = { os: 3, attrs: 0o100755 << 16 } as const;
  zip['setup.sh'] = [strToU8(setupScript(options.packageSpec)), executable];
  zip['run_autograder'] = [strToU8(runScript(options.exerciseId, options.siteUrl)), executable];
  for (const [path, text] of Object.entries(files)) {
    zip[`${options.exerciseId}/${path}`] = [strToU8(text), { os: 3, attrs: 0o100644 << 16 }];
  }
  return zip;
}

function ownPackage(): { name: string; version: string; private: boolean } {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  const json = JSON.parse(text) as { name: string; version: string; private?: boolean };
  return { name: json.name, version: json.version, private: json.private === true };
}

export const autograderCommand: Command = {
  name: 'autograder',
  summary: 'Write an autograder for another platform (Gradescope) that grades one exercise',
  usage: USAGE,
  async run(args, io) {
    try {
      let parsed;
      try {
        parsed = parseArgs({
          args,
          strict: true,
          allowPositionals: true,
          options: { out: { type: 'string' }, 'site-url': { type: 'string' }, package: { type: 'string' } },
        });
      } catch (error) {
        throw new UsageError((error as Error).message.replace(/\. To specify a positional argument[\s\S]*$/, ''));
      }
      const { values, positionals } = parsed;
      const [platform, spec, extra] = positionals;
      if (platform !== 'gradescope') {
        throw new UsageError(platform ? `unknown platform "${platform}" (known: gradescope)` : 'expected a platform');
      }
      if (!spec || extra) throw new UsageError('expected one EXERCISE');
      const siteUrl = values['site-url'] ?? null;
      if (siteUrl !== null && (!URL.canParse(siteUrl) || !/^https?:$/.test(new URL(siteUrl).protocol))) {
        throw new UsageError(`--site-url must be an http(s) address (got "${siteUrl}")`);
      }
      const exercise = await resolveExercise(spec, io.cwd);
      const asPath = resolve(io.cwd, spec);
      const folder = existsSync(join(asPath, 'exercise.json')) ? asPath : join(findExercisesRoot(io.cwd), spec);
      const own = ownPackage();
      const packageSpec = values.package ?? `${own.name}@${own.version}`;
      if (values.package === undefined && own.private) {
        io.stderr(
          `strata autograder: warning: package.json is private, so setup.sh's "npm install --global ${packageSpec}" ` +
            'needs the package published under that name first; or pass --package with a published name or a tarball URL\n',
        );
      }
      const zip = await gradescopeAutograder({
        exerciseFolder: folder,
        exerciseId: exercise.meta.id,
        siteUrl,
        packageSpec,
      });
      const out = resolve(io.cwd, values.out ?? `${exercise.meta.id}-gradescope.zip`);
      await writeFile(out, zipSync(zip, { level: 9 }));
      io.stderr(`strata autograder: wrote ${out} (${Object.keys(zip).length} files)\n`);
      return 0;
    } catch (error) {
      if (error instanceof UsageError) {
        io.stderr(`strata autograder: ${error.message}\nUsage: ${USAGE}\n`);
        return 2;
      }
      throw error;
    }
  },
};
