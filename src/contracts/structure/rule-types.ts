// The three structure rules. Each looks at one module's logical lines and returns what it breaks;
// which modules a rule covers, and the report, are check.ts's. Pure.
import type { ModuleFile, Reference } from './bindings.ts';
import { readImports, readReferences } from './bindings.ts';
import type { LogicalLine, Token } from './tokenize.ts';
import { codeLines, isStringStatement } from './tokenize.ts';

/** One place in a module that breaks a rule. */
export interface RuleFinding {
  line: number;
  column: number;
  /** The offending source text (`importlib.import_module`, `from pkg import _helper`, the SQL). */
  text: string;
  /** What it reaches (a module, a name, `SQL`), shown like the imported side of a broken import. */
  target: string;
  /** Why it breaks the rule, in a few words. */
  reason: string;
}

export interface ModuleView {
  module: ModuleFile;
  lines: readonly LogicalLine[];
  /** Every module of the project, by name. */
  modules: ReadonlyMap<string, ModuleFile>;
}

const isUnder = (name: string, base: string) => name === base || name.startsWith(`${base}.`);
const isDunder = (name: string) => name.length > 4 && name.startsWith('__') && name.endsWith('__');
const finding = (token: Token, text: string, target: string, reason: string): RuleFinding => ({
  line: token.line,
  column: token.column,
  text,
  target,
  reason,
});

// ---- no_dynamic_imports ------------------------------------------------------------------------

/** Modules whose only use in these projects is loading code that no import statement names. */
const LOADER_MODULES = ['importlib', 'runpy', 'imp', 'builtins', 'pkgutil', 'zipimport', 'code', 'codeop'];
/** Names and attributes that load or run code, or reach a module without importing it. */
const LOADER_NAMES = new Set(['__import__', 'exec', 'eval', 'compile', '__builtins__', '__loader__']);
const LOADER_ATTRIBUTES = new Set([
  '__import__',
  '__builtins__',
  '__loader__',
  '__subclasses__',
  '__globals__',
  'import_module',
  'load_module',
  'exec_module',
  'find_spec',
  'spec_from_file_location',
  'spec_from_loader',
  'module_from_spec',
  'run_module',
  'run_path',
]);
/** Ways to a module object other than an import statement. */
const MODULE_TABLES = ['sys.modules', 'sys.__dict__', 'sys.meta_path', 'sys.path_hooks', 'sys.path_importer_cache'];

function loaderOf(dotted: string): string | undefined {
  const module = LOADER_MODULES.find((name) => isUnder(dotted, name));
  if (module !== undefined) return module;
  const table = MODULE_TABLES.find((name) => isUnder(dotted, name));
  if (table !== undefined) return table;
  const last = dotted.slice(dotted.lastIndexOf('.') + 1);
  return LOADER_ATTRIBUTES.has(last) ? dotted : undefined;
}

export function findDynamicImports({ module, lines }: ModuleView): RuleFinding[] {
  const out: RuleFinding[] = [];
  const { imports, bindings } = readImports(lines, module);
  for (const reference of imports) {
    const loader = loaderOf(reference.dotted);
    if (loader !== undefined) out.push(finding(reference.start, reference.text, loader, 'imports a module loader'));
  }
  for (const line of codeLines(lines)) {
    for (const reference of readReferences(line, bindings)) {
      if (reference.via === 'attribute' && reference.tokens.length === 0) continue; // the bare alias
      const loader = loaderOf(reference.dotted);
      if (loader !== undefined && !imports.some((found) => found.start === reference.start)) {
        // `importlib.import_module` names what it calls; `sys.modules.get` is the table it reads.
        const target = LOADER_MODULES.includes(loader) ? reference.dotted : loader;
        out.push(finding(reference.start, reference.text, target, 'loads a module without an import statement'));
      }
    }
    if (isStringStatement(line)) continue;
    line.forEach((token, index) => {
      const previous = line[index - 1];
      const next = line[index + 1];
      if (token.kind === 'name' && LOADER_NAMES.has(token.value)) {
        if (previous?.value === 'def' || previous?.value === 'class') return;
        if (next?.value === '=' && (previous?.value === '(' || previous?.value === ',')) return; // keyword argument
        const isAttribute = previous?.kind === 'op' && previous.value === '.';
        if (isAttribute && !LOADER_ATTRIBUTES.has(token.value)) return; // `re.compile`, `df.eval`
        out.push(finding(token, token.text, token.value, 'runs or loads code that no import statement names'));
      } else if (token.kind === 'name' && previous?.value === '.' && LOADER_ATTRIBUTES.has(token.value)) {
        out.push(finding(token, `.${token.text}`, token.value, 'loads a module without an import statement'));
      } else if (token.kind === 'string' && (LOADER_ATTRIBUTES.has(token.value) || LOADER_NAMES.has(token.value))) {
        // getattr(x, "import_module"), globals()["__builtins__"]: the name spelled as a string.
        if (['exec', 'eval', 'compile'].includes(token.value) && previous?.value !== ',') return;
        out.push(finding(token, token.text, token.value, 'names a module loader in a string'));
      } else if (
        token.kind === 'string' &&
        previous?.value === ',' &&
        line[index - 2]?.kind === 'name' &&
        line[index - 3]?.value === '(' &&
        line[index - 4]?.value === 'getattr' &&
        bindings.get(line[index - 2]!.value) === 'sys' &&
        token.value === 'modules'
      ) {
        out.push(finding(token, `getattr(sys, ${token.text})`, 'sys.modules', 'reads the module table'));
      }
    });
  }
  // One finding per line: `il.import_module(…)` is one dynamic import, not an alias and an attribute.
  const seenLines = new Set<number>();
  return dedupe(out).filter((item) => (seenLines.has(item.line) ? false : (seenLines.add(item.line), true)));
}

// ---- no_private_access -------------------------------------------------------------------------

export type PrivateScope = 'package' | 'module';

/** The longest prefix of `dotted` that is a module of the project. */
function knownModule(dotted: string, modules: ReadonlyMap<string, ModuleFile>): ModuleFile | undefined {
  const parts = dotted.split('.');
  for (let length = parts.length; length > 0; length -= 1) {
    const found = modules.get(parts.slice(0, length).join('.'));
    if (found) return found;
  }
  return undefined;
}

/**
 * Who may use `owner._name`: with `package` scope, the package that holds it (a package's own
 * `_name`, or a `_name` of one of its modules, is the package's); with `module` scope, a module's
 * `_name` is that module's alone.
 */
function privateOwner(
  prefix: string,
  modules: ReadonlyMap<string, ModuleFile>,
  scope: PrivateScope,
): string | undefined {
  const known = knownModule(prefix, modules);
  if (!known) return undefined;
  if (known.isPackage || scope === 'module') return known.name;
  const dot = known.name.lastIndexOf('.');
  return dot === -1 ? known.name : known.name.slice(0, dot);
}

export function findPrivateAccess(
  { module, lines, modules }: ModuleView,
  guarded: readonly string[],
  scope: PrivateScope,
): RuleFinding[] {
  const out: RuleFinding[] = [];
  const { imports, bindings } = readImports(lines, module);
  const check = (reference: Reference) => {
    if (!guarded.some((base) => isUnder(reference.dotted, base))) return;
    const parts = reference.dotted.split('.');
    for (let index = 1; index < parts.length; index += 1) {
      const part = parts[index]!;
      if (!part.startsWith('_') || isDunder(part)) continue;
      const prefix = parts.slice(0, index).join('.');
      const owner = privateOwner(prefix, modules, scope);
      if (owner === undefined) return;
      if (isUnder(module.name, owner)) continue; // its own: a later _name may still be another's
      // Point at the private name itself where the reference spells it.
      const token = reference.tokens.find((candidate) => candidate.value === part) ?? reference.start;
      const target = parts.slice(0, index + 1).join('.');
      out.push(finding(token, reference.text, target, `uses a private name of ${owner} from outside it`));
      return;
    }
  };
  imports.forEach(check);
  for (const line of codeLines(lines)) readReferences(line, bindings).forEach(check);
  return dedupe(out);
}

// ---- sql_only_in -------------------------------------------------------------------------------

const COLUMN = String.raw`[\w.*(){}"'?\x60\[\]]+(?:\s+AS\s+\w+)?`;
// A table name, or the end of the string: `"SELECT id FROM " + table`.
const TABLE = String.raw`(?:[\w."{}\x60\[\]]+|$)`;
const SQL = new RegExp(
  [
    String.raw`\bSELECT\s+(?:DISTINCT\s+)?${COLUMN}(?:\s*,\s*${COLUMN})*\s+FROM\s+${TABLE}`,
    String.raw`\b(?:INSERT|REPLACE)\s+(?:OR\s+\w+\s+)?INTO\s+${TABLE}`,
    String.raw`\bUPDATE\s+(?:OR\s+\w+\s+)?${TABLE}\s+SET\s+[\w"{}]+\s*=`,
    String.raw`\bDELETE\s+FROM\s+${TABLE}`,
    String.raw`\bCREATE\s+(?:TEMP(?:ORARY)?\s+)?(?:TABLE|VIEW|(?:UNIQUE\s+)?INDEX|TRIGGER)\b`,
    String.raw`\b(?:DROP|ALTER)\s+TABLE\b`,
  ].join('|'),
  'i',
);

/**
 * SQL in string literals. The strings of one logical line are read joined, so SQL split over
 * implicit concatenation (`"SEL" "ECT …"`), `+` or an f-string's fields (read as `{}`) still reads
 * as SQL; a line that is only strings (a docstring) is not code.
 */
export function findSql({ lines }: ModuleView, allowed: readonly string[]): RuleFinding[] {
  const out: RuleFinding[] = [];
  for (const line of codeLines(lines)) {
    if (isStringStatement(line)) continue;
    const strings = line.filter((token) => token.kind === 'string');
    if (strings.length === 0) continue;
    // Strings next to each other or joined by `+` read as one; others are kept apart by a NUL,
    // which no SQL pattern crosses (`print("delete", "from")` is not SQL).
    const starts: number[] = [];
    let joined = '';
    let previous = -1;
    line.forEach((token, index) => {
      if (token.kind !== 'string') return;
      const between = line.slice(previous + 1, index);
      if (previous >= 0 && !between.every((other) => other.value === '+')) joined += '\0';
      starts.push(joined.length);
      joined += token.value;
      previous = index;
    });
    const match = SQL.exec(joined);
    if (!match) continue;
    let at = 0;
    while (at + 1 < strings.length && starts[at + 1]! <= match.index) at += 1;
    const statement = match[0].replace(/\s+/g, ' ');
    out.push(
      finding(
        strings[at]!,
        strings[at]!.text,
        'SQL',
        `has SQL (${statement}), which only ${allowed.join(', ')} may hold`,
      ),
    );
  }
  return out;
}

function dedupe(findings: RuleFinding[]): RuleFinding[] {
  const seen = new Set<string>();
  return findings
    .filter((item) => {
      const key = `${item.line}:${item.column}:${item.target}`;
      return seen.has(key) ? false : (seen.add(key), true);
    })
    .sort((a, b) => a.line - b.line || a.column - b.column);
}
