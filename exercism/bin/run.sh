#!/usr/bin/env sh
# Exercism test-runner entry point: run.sh <slug> <solution-dir> <output-dir>
#
# Grades the solution against the Strata exercise named by <slug> ("import-side-effects" or
# "01-import-side-effects") and writes <output-dir>/results.json (results.json version 3). It exits
# 0 whatever the result, as Exercism's interface asks: the verdict is in results.json, and a run
# that could not grade says why there (status "error" with a message). Exercism stops a run after
# 20 s, so the grade gets STRATA_EXERCISM_SECONDS (default 17) in all and is cut off after that.
#
# In the Docker image this file is /opt/test-runner/bin/run.sh beside the CLI's bin/strata.mjs; in
# the repository it is exercism/bin/run.sh. See exercism/README.md.
set -u

if [ "$#" -lt 3 ]; then
  echo "usage: $0 <exercise-slug> <solution-dir> <output-dir>" >&2
  exit 2
fi
slug=$1
solution=${2%/}
output=${3%/}
here=$(cd "$(dirname "$0")" && pwd)
root=
for candidate in "$here/.." "$here/../.."; do
  if [ -f "$candidate/bin/strata.mjs" ]; then
    root=$(cd "$candidate" && pwd)
    break
  fi
done
seconds=${STRATA_EXERCISM_SECONDS:-17}
mkdir -p "$output"
results="$output/results.json"
log="${TMPDIR:-/tmp}/strata-exercism-$$.log"
partial="${TMPDIR:-/tmp}/strata-exercism-$$.json"
trap 'rm -f "$log" "$partial"' EXIT

# results.json with status "error" and the message given (node writes the JSON: no quoting by hand).
fail() {
  node -e '
    const [file, message] = process.argv.slice(1);
    require("node:fs").writeFileSync(file, JSON.stringify({ version: 3, status: "error", message, tests: [] }, null, 2) + "\n");
  ' "$results" "$1"
  exit 0
}

[ -n "$root" ] || fail "The test runner is incomplete: bin/strata.mjs is not next to $here."
exercise=
for folder in "$root"/exercises/*/; do
  name=$(basename "$folder")
  if [ "$name" = "$slug" ] || [ "${name#[0-9][0-9]-}" = "$slug" ]; then
    exercise=$folder
    break
  fi
done
[ -n "$exercise" ] || fail "This test runner has no exercise named \"$slug\"."
[ -d "$solution" ] || fail "The solution folder $solution does not exist."

# --unsafe-no-sandbox: the grader still uses bubblewrap when it can start; where it cannot (Docker's
# default seccomp profile refuses the user namespaces it needs), Exercism's container is the sandbox
# (no network, read-only root, a tmpfs /tmp, killed after 20 s).
timeout -k 1 "$seconds" node "$root/bin/strata.mjs" grade "$exercise" "$solution" \
  --format exercism --time-limit "$((seconds > 3 ? seconds - 2 : 1))" --unsafe-no-sandbox --out "$partial" 2>"$log"
code=$?
if [ "$code" -le 1 ] && [ -s "$partial" ]; then
  cp "$partial" "$results"
  exit 0
fi
if [ "$code" -eq 124 ] || [ "$code" -eq 137 ]; then
  fail "The tests did not finish within ${seconds} seconds (Exercism allows 20). Look for a loop that never ends, or code that waits for input."
fi
fail "The solution could not be graded: $(grep -v 'ran without a sandbox' "$log" | tail -n 5)"
