// What the names of one module stand for: the import statements (with relative imports resolved)
// and the dotted references built on the names they bind, `alias.attr.attr` and
// `getattr(alias, "attr")`. Scopes are not followed: a name bound by an import anywhere in the
// module stands for that module everywhere in it, which errs on the side of seeing an access.
import type { LogicalLine, Token } from './tokenize.ts';

/** The module a file is, as the contracts engine discovers it. */
export interface ModuleFile {
  name: string;
  path: string;
  isPackage: boolean;
}

/** A dotted name the code reaches, with the token to point at. */
export interface Reference {
  /** Absolute dotted name, e.g. `inventory.storage._rows`. */
  dotted: string;
  /** The token of each dotted component after the first bound name (the first is the binding's). */
  tokens: Token[];
  /** How it was reached: an import statement, an attribute chain or a getattr call. */
  via: 'import' | 'attribute' | 'getattr';
  /** The whole expression's start and text, for the report. */
  start: Token;
  text: string;
}

const statementStarts = (line: LogicalLine): number[] =>
  line.flatMap((token, index) =>
    token.kind === 'name' &&
    (token.value === 'import' || token.value === 'from') &&
    (index === 0 || (line[index - 1]!.kind === 'op' && line[index - 1]!.value === ':'))
      ? [index]
      : [],
  );

/** `a.b.c` starting at `index`: the names and the index after it. */
function readDotted(line: LogicalLine, index: number): { names: Token[]; next: number } {
  const names: Token[] = [];
  let at = index;
  while (line[at]?.kind === 'name') {
    names.push(line[at]!);
    if (line[at + 1]?.value === '.' && line[at + 2]?.kind === 'name') at += 2;
    else {
      at += 1;
      break;
    }
  }
  return { names, next: at };
}

function resolveRelative(module: ModuleFile, level: number, rest: string): string | undefined {
  const parts = module.name.split('.');
  const keep = parts.length - (module.isPackage ? level - 1 : level);
  if (keep <= 0) return undefined;
  const base = parts.slice(0, keep).join('.');
  return rest ? `${base}.${rest}` : base;
}

const joined = (tokens: Token[]) => tokens.map((token) => token.value).join('.');

/** Every import statement of a module as references, and the local names they bind. */
export function readImports(
  lines: readonly LogicalLine[],
  module: ModuleFile,
): { imports: Reference[]; bindings: Map<string, string> } {
  const imports: Reference[] = [];
  const bindings = new Map<string, string>();
  for (const line of lines) {
    for (const start of statementStarts(line)) {
      const first = line[start]!;
      if (first.value === 'import') {
        let at = start + 1;
        for (;;) {
          const { names, next } = readDotted(line, at);
          if (names.length === 0) break;
          const dotted = joined(names);
          imports.push({ dotted, tokens: names, via: 'import', start: first, text: `import ${dotted}` });
          at = next;
          if (line[at]?.value === 'as' && line[at + 1]?.kind === 'name') {
            bindings.set(line[at + 1]!.value, dotted);
            at += 2;
          } else bindings.set(names[0]!.value, names[0]!.value);
          if (line[at]?.value !== ',') break;
          at += 1;
        }
        continue;
      }
      let at = start + 1;
      let level = 0;
      while (line[at]?.kind === 'op' && (line[at]!.value === '.' || line[at]!.value === '...')) {
        level += line[at]!.value.length;
        at += 1;
      }
      const { names, next } = readDotted(line, at);
      at = next;
      if (line[at]?.value !== 'import') continue;
      const base = level > 0 ? resolveRelative(module, level, joined(names)) : joined(names);
      if (base === undefined) continue;
      imports.push({ dotted: base, tokens: names, via: 'import', start: first, text: `from ${base} import …` });
      at += 1;
      if (line[at]?.value === '(') at += 1;
      while (line[at]?.kind === 'name') {
        const name = line[at]!;
        const dotted = `${base}.${name.value}`;
        imports.push({
          dotted,
          tokens: [...names, name],
          via: 'import',
          start: first,
          text: `from ${base} import ${name.value}`,
        });
        at += 1;
        if (line[at]?.value === 'as' && line[at + 1]?.kind === 'name') {
          bindings.set(line[at + 1]!.value, dotted);
          at += 2;
        } else bindings.set(name.value, dotted);
        if (line[at]?.value !== ',') break;
        at += 1;
      }
    }
  }
  return { imports, bindings };
}

/**
 * References through bound names in one line of code: `alias.x.y` (not after a dot, so not an
 * attribute of something else) and `getattr(alias, "x")` with a string literal.
 */
export function readReferences(line: LogicalLine, bindings: ReadonlyMap<string, string>): Reference[] {
  const out: Reference[] = [];
  if (statementStarts(line).includes(0)) return out; // the import statement itself
  for (let index = 0; index < line.length; index += 1) {
    const token = line[index]!;
    if (token.kind !== 'name') continue;
    const previous = line[index - 1];
    if (previous?.kind === 'op' && previous.value === '.') continue;
    if (
      token.value === 'getattr' &&
      line[index + 1]?.value === '(' &&
      line[index + 2]?.kind === 'name' &&
      line[index + 3]?.value === ',' &&
      line[index + 4]?.kind === 'string'
    ) {
      const target = bindings.get(line[index + 2]!.value);
      const attribute = line[index + 4]!;
      if (target !== undefined) {
        out.push({
          dotted: `${target}.${attribute.value}`,
          tokens: [attribute],
          via: 'getattr',
          start: token,
          text: `getattr(${line[index + 2]!.text}, ${attribute.text})`,
        });
      }
      continue;
    }
    const target = bindings.get(token.value);
    if (target === undefined) continue;
    const { names, next } = readDotted(line, index);
    const rest = names.slice(1);
    out.push({
      dotted: [target, ...rest.map((name) => name.value)].join('.'),
      tokens: rest,
      via: 'attribute',
      start: token,
      text: names.map((name) => name.text).join('.'),
    });
    index = next - 1;
  }
  return out;
}
