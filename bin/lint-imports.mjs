#!/usr/bin/env node
// `lint-imports`, import-linter 2.x's command, run by Strata: the same options, report layout and
// exit codes (0 kept, 1 broken or not checkable), in the current directory, caching each file's
// imports in .import_linter_cache/ unless --no-cache. It is `strata lint-imports`: this entry only
// puts the command name in front of the arguments and runs bin/strata.mjs (prebuilt CLI or sources).
process.argv.splice(2, 0, 'lint-imports');
await import('./strata.mjs');
